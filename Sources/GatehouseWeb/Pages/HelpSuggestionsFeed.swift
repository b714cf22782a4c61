import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/w/SLUG/help-suggestions?q=…`: the articles for what a customer is typing on the
/// contact form, as JSON for the form's script (`help-suggest.js`). Nothing is
/// counted or kept while they type: only a message actually sent is (see `ContactPage`).
/// Never anything for an urgent message, never below the owner's threshold.
struct HelpSuggestionsFeed {
    let help: PublicHelp

    struct Article: Encodable, Equatable { var title, href: String }
    struct Answer: Encodable, Equatable { var articles: [Article] }

    func add(to router: Router<DeskContext>) {
        router.get("w/:slug/help-suggestions") { request, context in
            guard let workspace = try await help.workspace(slug: try context.parameters.require("slug")) else {
                return try JSONResponse.make(Answer(articles: []), status: .notFound)
            }
            let text = String(HelpPages.searchWords(request.uri.query).prefix(10_000))
            guard text.count >= 12 else { return try JSONResponse.make(Answer(articles: [])) }
            let suggestion = try await workspace.suggest(forMessage: text, counting: false)
            return try JSONResponse.make(Answer(articles: suggestion.matches.map {
                Article(title: $0.article.title, href: "/w/\(workspace.slug)/help/\($0.article.slug)")
            }))
        }
    }
}
