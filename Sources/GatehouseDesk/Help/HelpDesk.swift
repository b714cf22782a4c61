import GatehouseCore
import GatehouseStore

/// The owner's help articles: listing, writing, editing and publishing them,
/// the relevance threshold, and what the report says.
public struct HelpDesk: Sendable {
    let articles: HelpArticles
    let actor: String

    init(database: Database, workspaceID: Workspace.ID, actor: String = "owner") {
        self.articles = HelpArticles(database: database, workspaceID: workspaceID)
        self.actor = actor
    }

    /// Every article, drafts included, by category then title.
    public func list() async throws -> [StoredArticle] { try await articles.all(for: .owner) }

    /// The owner's search over every article, drafts included, best first, each with the words
    /// that made it match; no relevance threshold (the owner is looking, not being offered).
    public func search(_ text: String, limit: Int = 50) async throws -> [(article: StoredArticle, match: HelpMatch)] {
        let all = try await articles.all(for: .owner)
        // The index keeps only what customers may read; here the owner reads drafts too.
        let index = HelpIndex(articles: all.map { stored in
            var article = stored.article
            article.isPublished = true
            return article
        })
        let byID = Dictionary(all.map { ($0.article.id, $0) }) { first, _ in first }
        return index.search(text, limit: limit).compactMap { match in byID[match.article.id].map { (article: $0, match: match) } }
    }

    /// One article, draft or not, when it is this workspace's.
    public func article(id: String) async throws -> StoredArticle? { try await articles.find(id: id) }

    /// Keeps a new article.
    public func write(_ draft: ArticleDraft, now: Instant) async throws -> StoredArticle {
        try await articles.create(draft, actor: actor, now: now)
    }

    /// Changes an article; its address stays.
    public func edit(id: String, _ draft: ArticleDraft, now: Instant) async throws -> StoredArticle {
        try await articles.update(id: id, draft, actor: actor, now: now)
    }

    /// Deletes an article; false when it is not this workspace's.
    public func remove(id: String, now: Instant) async throws -> Bool {
        try await articles.delete(id: id, actor: actor, now: now)
    }

    /// Publishes an article, or takes it back to draft.
    public func publish(id: String, _ published: Bool, now: Instant) async throws -> StoredArticle {
        guard let stored = try await articles.find(id: id) else {
            throw StoreError(.notFound, field: "id", "no article \(id) in this workspace")
        }
        let article = stored.article
        return try await articles.update(
            id: id, ArticleDraft(title: article.title, category: article.category, tags: article.tags,
                                 questions: article.questions, body: article.body, isPublished: published),
            actor: actor, now: now)
    }

    /// The relevance threshold suggestions must reach.
    public func relevance() async throws -> HelpRelevance {
        try await articles.thresholdTenths().map { HelpRelevance(threshold: Double($0) / 10) } ?? .standard
    }

    /// Keeps the owner's relevance threshold (0 to 100).
    public func setRelevance(_ threshold: Double, now: Instant) async throws {
        guard threshold.isFinite, threshold >= 0, threshold <= 100 else {
            throw StoreError(.invalid, field: "threshold", "choose a threshold from 0 to 100")
        }
        try await articles.setThresholdTenths(Int((threshold * 10).rounded()), now: now)
    }

    /// What the owner learns: each article's views, suggestions and "this solved it" clicks,
    /// and what customers looked for and did not find since `since`, grouped by common words.
    public func report(since: Instant) async throws -> HelpReport {
        let all = try await articles.all(for: .owner)
        let unanswered = try await articles.unanswered(since: since)
        return HelpReport(articles: all.sorted { ($0.solved, $0.views) > ($1.solved, $1.views) },
                          unanswered: unanswered.count,
                          topics: UnansweredTopic.group(unanswered.map(\.text)))
    }
}

/// An article as kept, with what the owner's report counts about it: the name the API's
/// answers are made from.
public typealias KeptArticle = StoredArticle

/// The owner's help report.
public struct HelpReport: Sendable, Equatable {
    /// The articles, those that solved most first.
    public var articles: [StoredArticle]
    /// How many searches and messages found nothing.
    public var unanswered: Int
    /// What they were about, most asked first: the articles worth writing next.
    public var topics: [UnansweredTopic]

    /// Times articles were opened, offered and said to have solved a question.
    public var views: Int { articles.reduce(0) { $0 + $1.views } }
    public var suggested: Int { articles.reduce(0) { $0 + $1.suggested } }
    /// Each "this solved it" is a conversation the owner did not have to have.
    public var solved: Int { articles.reduce(0) { $0 + $1.solved } }
}
