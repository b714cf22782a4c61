import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/help/articles`: the owner's help articles — the list with what each
/// achieved, writing and editing one with a preview, publishing, the
/// relevance threshold, and what customers looked for and did not find. The
/// use case is `HelpDesk` (Desk); a page is its model plus a view.
struct HelpArticlesPage {
    let owner: OwnerPages

    struct Row: Equatable {
        var id, title, category, href: String
        var published: Bool
        var views, suggested, solved: Int
    }
    struct Topic: Equatable { var word: String; var count: Int; var examples: [String] }
    struct List: Equatable {
        var slug: String
        var articles: [Row]
        var hasArticles: Bool
        var views, suggested, solved, unanswered: Int
        var topics: [Topic]
        var threshold: String
        var saved: Bool
    }
    struct Form: Equatable {
        var action: String
        var heading: String
        var title, category, tags, questions, body: String
        var published: Bool
        var publicHref: String?
        /// The body as the customer will see it (`ArticleHTML`), after "Preview".
        var preview: String?
        var problems: [String: String]
        var titleProblem, bodyProblem, otherProblem: String?
        /// Started from a sent reply: what was taken out of it.
        var fromReply: [String] = []
        var hasFromReply = false
    }

    /// How far back the report looks.
    static let reportDays = 30

    func add(to router: RouterGroup<DeskContext>) {
        router.get("help/articles") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let report = try await desk.help.report(since: desk.now - .hours(Int64(24 * Self.reportDays)))
            let relevance = try await desk.help.relevance()
            return owner.render("help-articles", signedIn, section: .settings, title: "Help articles",
                                page: Self.list(report, slug: signedIn.workspace.slug, threshold: relevance.threshold,
                                                saved: request.uri.queryParameters.get("saved") == "1"))
        }
        router.post("help/threshold") { _, context in
            let desk = try context.requireDesk()
            if let value = Double(context.form["threshold"]) { try? await desk.help.setRelevance(value, now: desk.now) }
            return Response(status: .seeOther, headers: [.location: "/help/articles?saved=1"])
        }
        router.get("help/articles/new") { _, context in
            let signedIn = try context.requireCaller()
            return owner.render("help-article-form", signedIn, section: .settings, title: "New article",
                                page: Self.form(action: "/help/articles/new", heading: "New article", draft: nil, publicHref: nil))
        }
        router.post("help/articles/new") { _, context in
            try await save(context, id: nil)
        }
        router.get("help/articles/:id") { _, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
            guard let stored = try await desk.help.article(id: id) else { throw HTTPError(.notFound) }
            let article = stored.article
            let draft = ArticleDraft(title: article.title, category: article.category, tags: article.tags,
                                     questions: article.questions, body: article.body, isPublished: article.isPublished)
            return owner.render("help-article-form", signedIn, section: .settings, title: article.title,
                                page: Self.form(action: "/help/articles/\(id)", heading: "Edit “\(article.title)”", draft: draft,
                                                publicHref: "/w/\(signedIn.workspace.slug)/help/\(article.slug)"))
        }
        router.post("help/articles/:id") { _, context in
            try await save(context, id: try context.parameters.require("id"))
        }
    }

    private func save(_ context: DeskContext, id: String?) async throws -> Response {
        let signedIn = try context.requireCaller()
        let desk = try context.requireDesk()
        let fields = context.form
        let draft = ArticleDraft(title: fields["title"], category: fields["category"], tagsText: fields.raw("tags"),
                                 questionsText: fields.raw("questions"), body: fields.raw("body"),
                                 isPublished: fields["published"] == "yes")
        let action = id.map { "/help/articles/\($0)" } ?? "/help/articles/new"
        let heading = id == nil ? "New article" : "Edit “\(draft.title)”"
        if fields["then"] == "preview" {
            var model = Self.form(action: action, heading: heading, draft: draft, publicHref: nil)
            model.preview = ArticleHTML.render(draft.body)
            return owner.render("help-article-form", signedIn, section: .settings, title: "Preview", page: model)
        }
        do {
            if let id { _ = try await desk.help.edit(id: id, draft, now: desk.now) } else { _ = try await desk.help.write(draft, now: desk.now) }
        } catch let problem as any DeskProblem {
            var model = Self.form(action: action, heading: heading, draft: draft, publicHref: nil)
            model.problems = problem.formProblems()
            model.titleProblem = model.problems["title"]
            model.bodyProblem = model.problems["body"]
            model.otherProblem = model.problems["other"] ?? model.problems["category"] ?? model.problems["id"]
            return owner.render("help-article-form", signedIn, section: .settings, title: heading, page: model,
                                status: problem.kind == .notFound ? .notFound : .unprocessableContent)
        }
        return Response(status: .seeOther, headers: [.location: "/help/articles?saved=1"])
    }

    /// The list page's model.
    static func list(_ report: HelpReport, slug: String, threshold: Double, saved: Bool) -> List {
        let rows = report.articles.sorted { ($0.article.category, $0.article.title) < ($1.article.category, $1.article.title) }
            .map { stored in
                Row(id: stored.article.id, title: stored.article.title, category: stored.article.category,
                    href: "/help/articles/\(stored.article.id)", published: stored.article.isPublished,
                    views: stored.views, suggested: stored.suggested, solved: stored.solved)
            }
        return List(slug: slug, articles: rows, hasArticles: !rows.isEmpty, views: report.views, suggested: report.suggested,
                    solved: report.solved, unanswered: report.unanswered,
                    topics: report.topics.map { Topic(word: $0.word, count: $0.count, examples: $0.examples) },
                    threshold: HelpSuggestionFigure.text(threshold), saved: saved)
    }

    /// The form page's model.
    static func form(action: String, heading: String, draft: ArticleDraft?, publicHref: String?) -> Form {
        Form(action: action, heading: heading, title: draft?.title ?? "", category: draft?.category ?? "",
             tags: draft?.tags.joined(separator: ", ") ?? "", questions: draft?.questions.joined(separator: "\n") ?? "",
             body: draft?.body ?? "", published: draft?.isPublished ?? false, publicHref: publicHref, preview: nil,
             problems: [:], titleProblem: nil, bodyProblem: nil, otherProblem: nil)
    }
}

/// A threshold as the owner reads and types it: one decimal.
enum HelpSuggestionFigure {
    static func text(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
