import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// A workspace's public help, `/w/SLUG/help`: the published articles by
/// category with a search box, and each article at `/w/SLUG/help/ARTICLE`
/// with "did this answer your question?". Plain HTML forms: it all works
/// without JavaScript. The use case is `PublicHelp` (Desk).
struct HelpPages {
    let help: PublicHelp
    let pages: PageRenderer

    struct Link: Equatable { var title, href: String }
    struct Category: Equatable {
        var name: String
        var articles: [Link]
        /// How many articles the category has in all, and where they are all listed when the
        /// page shows only a few of them (nil when it shows them all).
        var count: Int
        var more: String?
    }
    struct Found: Equatable { var title, href: String; var words: String }
    struct Index: Equatable {
        var title, business, slug: String
        var query: String
        var searched: Bool
        var found: [Found]
        var hasFound: Bool
        var categories: [Category]
        /// The one category the page lists whole (`?category=`), if any.
        var category: String?
        /// The search was urgent by the policy: the page points to the contact page's urgent advice.
        var urgent: Bool
    }

    /// Up to this many published articles the page lists them all; above it, each category shows
    /// its first few and links to a page of its own (2,000 titles on one page help nobody, and
    /// cost the page its speed).
    static let listedWhole = 40
    static let shownPerCategory = 5
    struct Article: Equatable {
        var title, business, slug, articleSlug: String
        var category: String?
        /// The body as sanitised HTML (`ArticleHTML`).
        var body: String
        var reviewed: String?
        var answered: String?
        var helped: Bool
        /// Opened from an acknowledgement's "this solved it" link: the request it would close.
        var solvedRequest: String? = nil
        /// The customer confirmed it solved their request, which is now closed.
        var closed: Bool = false
    }

    func add(to router: Router<DeskContext>) {
        router.get("w/:slug/help") { request, context in
            guard let workspace = try await help.workspace(slug: try context.parameters.require("slug")) else {
                return notFound()
            }
            let query = String(Self.searchWords(request.uri.query).prefix(500))
            let category = FormQuery(query: request.uri.query).get("category").map { String($0.prefix(200)) }
            let published = try await workspace.published()
            var suggestion: HelpSuggestion?
            if !query.isEmpty { suggestion = try await workspace.search(query) }
            return pages.page("help", Self.index(business: workspace.business, slug: workspace.slug, articles: published,
                                                 query: query, suggestion: suggestion, category: category))
        }
        router.get("w/:slug/help/:article") { request, context in
            guard let workspace = try await help.workspace(slug: try context.parameters.require("slug")),
                  let article = try await workspace.article(slug: try context.parameters.require("article")) else {
                return notFound()
            }
            let answered = request.uri.queryParameters.get("answered")
            return pages.page("help-article", Self.article(article, business: workspace.business, slug: workspace.slug,
                                                           answered: answered))
        }
        router.get("w/:slug/help/:article/solved") { request, context in
            // A mail scanner may follow the link: opening it only asks; the button records.
            guard let workspace = try await help.workspace(slug: try context.parameters.require("slug")),
                  let article = try await workspace.article(slug: try context.parameters.require("article")) else {
                return notFound()
            }
            var model = Self.article(article, business: workspace.business, slug: workspace.slug, answered: nil)
            model.solvedRequest = request.uri.queryParameters.get("request").map { String($0) }
            return pages.page("help-article", model)
        }
        router.post("w/:slug/help/:article/solved") { request, context in
            let slug = try context.parameters.require("slug")
            let articleSlug = try context.parameters.require("article")
            guard let workspace = try await help.workspace(slug: slug) else { return notFound() }
            let fields = try await FormFields.read(request, limit: 4 * 1024)
            guard try await workspace.solved(slug: articleSlug, request: fields["request"]) else { return notFound() }
            return Response(status: .seeOther, headers: [.location: "/w/\(slug)/help/\(articleSlug)?answered=solved"])
        }
        router.post("w/:slug/help/:article/answer") { request, context in
            let slug = try context.parameters.require("slug")
            let articleSlug = try context.parameters.require("article")
            guard let workspace = try await help.workspace(slug: slug) else { return notFound() }
            let fields = try await FormFields.read(request, limit: 4 * 1024)
            let helped = fields["helped"] == "yes"
            try await workspace.answered(slug: articleSlug, helped: helped)
            return Response(status: .seeOther,
                            headers: [.location: "/w/\(slug)/help/\(articleSlug)?answered=\(helped ? "yes" : "no")"])
        }
    }

    /// The words of `q` in the address's query, as a form sent them ("+" for a space).
    static func searchWords(_ query: String?) -> String { FormQuery(query: query).get("q") ?? "" }

    private func notFound() -> Response {
        pages.errorPage(.notFound, heading: "No such page here", message: "Please check the address you were given.")
    }

    /// What the help page shows: the search's results, then the articles by category — all of
    /// them for a small help, the first few of each category for a large one, or one category
    /// whole when `category` names it.
    static func index(business: String, slug: String, articles: [HelpArticle], query: String,
                      suggestion: HelpSuggestion?, category: String? = nil) -> Index {
        func name(_ article: HelpArticle) -> String { article.category.isEmpty ? "Other questions" : article.category }
        let chosen = category.flatMap { wanted in articles.contains { name($0) == wanted } ? wanted : nil }
        let whole = articles.count <= listedWhole
        var categories: [Category] = []
        var position: [String: Int] = [:]
        for article in articles {
            let key = name(article)
            if chosen != nil, key != chosen { continue }
            let index: Int
            if let known = position[key] {
                index = known
            } else {
                index = categories.count
                position[key] = index
                categories.append(Category(name: key, articles: [], count: 0, more: nil))
            }
            categories[index].count += 1
            if whole || chosen != nil || categories[index].articles.count < shownPerCategory {
                categories[index].articles.append(Link(title: article.title, href: "/w/\(slug)/help/\(article.slug)"))
            }
        }
        for index in categories.indices where categories[index].count > categories[index].articles.count {
            categories[index].more = "/w/\(slug)/help?category=" + FormQuery.encode(categories[index].name)
        }
        let found = (suggestion?.matches ?? []).map { match in
            Found(title: match.article.title, href: "/w/\(slug)/help/\(match.article.slug)",
                  words: match.words.prefix(5).map(\.word).joined(separator: ", "))
        }
        let urgent = suggestion?.reasons.first?.contains("urgent by the policy") ?? false
        return Index(title: chosen.map { "\($0) — help from \(business)" } ?? "Help from \(business)",
                     business: business, slug: slug, query: query, searched: suggestion != nil, found: found,
                     hasFound: !found.isEmpty, categories: categories, category: chosen, urgent: urgent)
    }

    /// What an article's page shows.
    static func article(_ article: HelpArticle, business: String, slug: String, answered: String?) -> Article {
        Article(title: article.title, business: business, slug: slug, articleSlug: article.slug,
                category: article.category.isEmpty ? nil : article.category, body: ArticleHTML.render(article.body),
                reviewed: article.lastReviewed.map { ISO8601.format($0, utcOffsetSeconds: 0).prefix(10) }.map(String.init),
                answered: ["yes", "no", "solved"].contains(answered ?? "") ? answered : nil,
                helped: answered == "yes" || answered == "solved", closed: answered == "solved")
    }
}
