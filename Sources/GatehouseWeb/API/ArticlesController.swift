import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/api/v1/articles`: the workspace's help articles — list (paged, or searched with `q`), get,
/// create, update, delete. The use case is `HelpDesk` (Desk), as for the owner's pages.
struct ArticlesController {

    struct ArticleJSON: Encodable {
        var id, slug, title, category, body: String
        var tags, questions: [String]
        var published: Bool
        var lastReviewedAt: String?
        var createdAt, updatedAt: String
        var views, suggested, solved, notHelpful: Int
        /// With `q`: how well it matched and why.
        var score: Double?
        var reasons: [String]?

        enum CodingKeys: String, CodingKey {
            case id, slug, title, category, body, tags, questions, published, views, suggested, solved, score, reasons
            case lastReviewedAt = "last_reviewed_at"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
            case notHelpful = "not_helpful"
        }

        init(_ stored: KeptArticle, match: HelpMatch? = nil) {
            let article = stored.article
            id = article.id
            slug = article.slug
            title = article.title
            category = article.category
            body = article.body
            tags = article.tags
            questions = article.questions
            published = article.isPublished
            lastReviewedAt = article.lastReviewed.map { isoUTC($0.secondsSince1970) }
            createdAt = isoUTC(stored.createdAt)
            updatedAt = isoUTC(stored.updatedAt)
            views = stored.views
            suggested = stored.suggested
            solved = stored.solved
            notHelpful = stored.notHelpful
            score = match.map { ($0.score * 10).rounded() / 10 }
            reasons = match?.reasons
        }
    }

    struct ListJSON: Encodable {
        var items: [ArticleJSON]
        var next: String?
    }

    static let fields = ["title", "category", "tags", "questions", "body", "published"]

    func add(to group: RouterGroup<DeskContext>) {
        group.get("articles") { request, context in
            let caller = try context.requireCaller()
            let help = try context.requireDesk().helpDesk(actor: caller.actor)
            let paging = try Paging(request)
            if let q = request.uri.queryParameters.get("q"), !q.trimmingCharacters(in: .whitespaces).isEmpty {
                guard q.count <= 1_000 else {
                    throw APIError(.badRequest, code: "bad_parameter", "q must be at most 1,000 characters", field: "q")
                }
                let found = try await help.search(String(q), limit: paging.limit)
                return try JSONResponse.make(ListJSON(items: found.map { ArticleJSON($0.article, match: $0.match) }, next: nil))
            }
            let all = try await help.list()
            var start = 0
            if let after = paging.after {
                guard let position = all.firstIndex(where: { $0.article.id == after }) else {
                    throw APIError(.badRequest, code: "bad_parameter", "after '\(after)' is not an article of this list", field: "after")
                }
                start = position + 1
            }
            let page = Array(all[start...].prefix(paging.limit))
            let next = start + page.count < all.count ? page.last?.article.id : nil
            return try JSONResponse.make(ListJSON(items: page.map { ArticleJSON($0) }, next: next))
        }
        group.get("articles/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let stored = try await context.requireDesk().help.article(id: id) else {
                throw APIError(.notFound, code: "not_found", "no article \(id)")
            }
            return try JSONResponse.make(ArticleJSON(stored))
        }
        group.post("articles") { request, context in
            let caller = try context.requireCaller()
            let desk = try context.requireDesk()
            let draft = try await draft(from: request, context: context, existing: nil)
            let stored = try await desk.helpDesk(actor: caller.actor).write(draft, now: desk.now)
            var response = try JSONResponse.make(ArticleJSON(stored), status: .created)
            response.headers[.location] = "/api/v1/articles/\(stored.article.id)"
            return response
        }
        group.patch("articles/:id") { request, context in try await update(request, context) }
        group.put("articles/:id") { request, context in try await update(request, context) }
        group.delete("articles/:id") { _, context in
            let caller = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
            guard try await desk.helpDesk(actor: caller.actor).remove(id: id, now: desk.now) else {
                throw APIError(.notFound, code: "not_found", "no article \(id)")
            }
            return Response(status: .noContent)
        }
    }

    private func update(_ request: Request, _ context: DeskContext) async throws -> Response {
        let caller = try context.requireCaller()
        let desk = try context.requireDesk()
        let id = try context.parameters.require("id")
        let help = desk.helpDesk(actor: caller.actor)
        guard let existing = try await help.article(id: id) else { throw APIError(.notFound, code: "not_found", "no article \(id)") }
        let draft = try await draft(from: request, context: context, existing: existing.article)
        return try JSONResponse.make(ArticleJSON(try await help.edit(id: id, draft, now: desk.now)))
    }

    /// The article a request describes; fields left out keep `existing`'s values (a new article is a draft unless
    /// `published` is true).
    private func draft(from request: Request, context: DeskContext, existing: HelpArticle?) async throws -> ArticleDraft {
        let body = try await JSONBody.read(request, limit: context.maxUploadSize)
        try body.allowOnly(Self.fields)
        return ArticleDraft(title: try body.string("title", required: existing == nil) ?? existing?.title ?? "",
                            category: try body.string("category") ?? existing?.category ?? "",
                            tags: try body.strings("tags") ?? existing?.tags ?? [],
                            questions: try body.strings("questions") ?? existing?.questions ?? [],
                            body: try body.string("body", required: existing == nil) ?? existing?.body ?? "",
                            isPublished: try body.bool("published") ?? existing?.isPublished ?? false)
    }
}
