import Foundation
import GatehouseCore
import SQLKit

/// An article as kept, with what the owner's report counts about it.
public struct StoredArticle: Sendable, Equatable {
    public var article: HelpArticle
    public var createdAt: Int64
    public var updatedAt: Int64
    /// Times its public page was opened.
    public var views: Int
    /// Times it was offered to a customer (contact form or acknowledgement).
    public var suggested: Int
    /// Times a customer said it solved their question.
    public var solved: Int
    /// Times a customer said it did not answer their question.
    public var notHelpful: Int
}

/// A "this solved it" link that was followed: which conversation it closes.
public struct SolvedSuggestion: Sendable, Equatable {
    public var conversationID: Conversation.ID?
    public var articleID: String
    /// Whether this click was the first: a second click changes nothing.
    public var isFirst: Bool
}

/// A search or message that found no article.
public struct UnansweredSearch: Sendable, Equatable {
    public var source: String
    public var text: String
    public var createdAt: Int64
}

/// One workspace's help articles, their counters and the searches that found nothing. Every
/// query is scoped to the workspace; the public reads ask for published articles only.
public struct HelpArticles: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// What a public reader may see, or everything the owner has.
    public enum Reader: Sendable { case customer, owner }

    static let columns = ["id", "slug", "title", "category", "tags", "questions", "body", "published", "last_reviewed_at",
                          "created_at", "updated_at", "views", "suggested", "solved", "not_helpful"]

    /// The articles, by category then title.
    public func all(for reader: Reader) async throws -> [StoredArticle] {
        try await database.read { sql in
            var query = sql.select().columns(Self.columns).from("help_articles")
                .where("workspace_id", .equal, workspaceID)
            if reader == .customer { query = query.where("published", .equal, 1) }
            return try await query.orderBy("category").orderBy("title").orderBy("id").all().map(Self.read)
        }
    }

    /// The article at `slug`, when `reader` may see it.
    public func find(slug: String, for reader: Reader) async throws -> StoredArticle? {
        try await database.read { sql in
            var query = sql.select().columns(Self.columns).from("help_articles")
                .where("workspace_id", .equal, workspaceID).where("slug", .equal, slug)
            if reader == .customer { query = query.where("published", .equal, 1) }
            return try await query.first().map(Self.read)
        }
    }

    /// The article with `id`, draft or not (the owner's pages).
    public func find(id: String) async throws -> StoredArticle? {
        try await database.read { sql in
            try await sql.select().columns(Self.columns).from("help_articles")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first().map(Self.read)
        }
    }

    /// Keeps a new article; its address is made from the title, with "-2", "-3"… when taken.
    public func create(_ draft: ArticleDraft, actor: String, now: Instant) async throws -> StoredArticle {
        let checked: ArticleDraft
        do { checked = try draft.checked() } catch { throw StoreError(.invalid, field: error.field, error.detail) }
        let id = NewID.make()
        let workspaceID = self.workspaceID
        try await database.write { sql in
            let base = ArticleSlug.make(from: checked.title)
            let taken = Set(try await sql.select().column("slug").from("help_articles").where("workspace_id", .equal, workspaceID)
                .where("slug", .like, base + "%").all().map { try ColumnReader($0).text("slug") })
            var slug = base
            var number = 2
            while taken.contains(slug) { slug = "\(base)-\(number)"; number += 1 }
            try await sql.insert(into: "help_articles")
                .columns("id", "workspace_id", "slug", "title", "category", "tags", "questions", "body", "published",
                         "last_reviewed_at", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(workspaceID), SQLBind(slug), SQLBind(checked.title), SQLBind(checked.category),
                        SQLBind(checked.tags.joined(separator: "\n")), SQLBind(checked.questions.joined(separator: "\n")),
                        SQLBind(checked.body), SQLBind(checked.isPublished ? 1 : 0), SQLBind(now.secondsSince1970),
                        SQLBind(now.secondsSince1970), SQLBind(now.secondsSince1970))
                .run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "article.create",
                                      subjectType: "article", subjectID: id, details: "wrote '\(checked.title)'", now: now)
        }
        guard let stored = try await find(id: id) else { throw StoreError(.notFound, "the article was not kept") }
        return stored
    }

    /// Changes an article's words; its address stays, so links already sent keep working.
    /// Saving counts as reviewing it.
    public func update(id: String, _ draft: ArticleDraft, actor: String, now: Instant) async throws -> StoredArticle {
        let checked: ArticleDraft
        do { checked = try draft.checked() } catch { throw StoreError(.invalid, field: error.field, error.detail) }
        let workspaceID = self.workspaceID
        let changed = try await database.write { sql in
            let rows = try await sql.update("help_articles")
                .set("title", to: SQLBind(checked.title)).set("category", to: SQLBind(checked.category))
                .set("tags", to: SQLBind(checked.tags.joined(separator: "\n")))
                .set("questions", to: SQLBind(checked.questions.joined(separator: "\n")))
                .set("body", to: SQLBind(checked.body)).set("published", to: SQLBind(checked.isPublished ? 1 : 0))
                .set("last_reviewed_at", to: SQLBind(now.secondsSince1970)).set("updated_at", to: SQLBind(now.secondsSince1970))
                .set("revision", to: SQLBinaryExpression(SQLIdentifier("revision"), .add, SQLLiteral.numeric("1")))
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).returning("id").all()
            if !rows.isEmpty {
                try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "article.update",
                                          subjectType: "article", subjectID: id, details: "edited '\(checked.title)'", now: now)
            }
            return !rows.isEmpty
        }
        guard changed, let stored = try await find(id: id) else {
            throw StoreError(.notFound, field: "id", "no article \(id) in this workspace")
        }
        return stored
    }

    /// Deletes an article (its counters with it). Links already sent to it then find no page;
    /// the "this solved it" clicks it earned stay recorded. False when it is not this workspace's.
    public func delete(id: String, actor: String, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            let rows = try await sql.delete(from: "help_articles").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, id).returning("title").all()
            guard let row = rows.first else { return false }
            let title = try ColumnReader(row).text("title")
            let removed = try await sql.select().column("removed").from("help_removals").where("workspace_id", .equal, workspaceID)
                .first().map { try ColumnReader($0).integer("removed") } ?? 0
            try await sql.delete(from: "help_removals").where("workspace_id", .equal, workspaceID).run()
            try await sql.insert(into: "help_removals").columns("workspace_id", "removed")
                .values(SQLBind(workspaceID), SQLBind(removed + 1)).run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "article.delete",
                                      subjectType: "article", subjectID: id, details: "deleted '\(title)'", now: now)
            return true
        }
    }

    /// A stamp that changes whenever an article is written, edited or deleted: the number of
    /// articles, the sum of their revisions and the number deleted. An in-memory index built
    /// at one stamp is current while the stamp is the same, whichever instance made the change.
    public func stamp() async throws -> String {
        try await database.read { sql in
            let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "articles")
                .column(SQLFunction("COALESCE", args: SQLFunction("SUM", args: SQLColumn("revision")), SQLLiteral.numeric("0")),
                        as: "revisions")
                .from("help_articles").where("workspace_id", .equal, workspaceID).first()
            let removed = try await sql.select().column("removed").from("help_removals").where("workspace_id", .equal, workspaceID)
                .first().map { try ColumnReader($0).integer("removed") } ?? 0
            guard let row else { return "0:0:\(removed)" }
            let reader = ColumnReader(row)
            return "\(try reader.integer("articles")):\(try reader.integer("revisions")):\(removed)"
        }
    }

    /// Which of these conversations a customer closed with "this solved it": closed, with a
    /// deflection recorded for them.
    public func selfServed(conversationIDs ids: [Conversation.ID]) async throws -> Set<Conversation.ID> {
        guard !ids.isEmpty else { return [] }
        return try await database.read { sql in
            let rows = try await sql.select().column(SQLColumn("id", table: "conversations")).from("conversations")
                .join("help_suggestions", on: SQLColumn("conversation_id", table: "help_suggestions"), .equal,
                      SQLColumn("id", table: "conversations"))
                .where(WorkspaceCheck(workspaceID, table: "conversations"))
                .where(SQLColumn("workspace_id", table: "help_suggestions"), .equal, SQLBind(workspaceID))
                .where(SQLColumn("id", table: "conversations"), .in, SQLBind.group(ids))
                .where(SQLColumn("status", table: "conversations"), .equal, SQLBind("closed"))
                .where(SQLColumn("solved_at", table: "help_suggestions"), .isNot, SQLLiteral.null)
                .all()
            return Set(try rows.map { Conversation.ID(try ColumnReader($0).text("id")) })
        }
    }

    /// The owner's relevance threshold in tenths of a score, or nil for the desk's standard one.
    public func thresholdTenths() async throws -> Int? {
        try await database.read { sql in
            try await sql.select().column("threshold_tenths").from("help_settings").where("workspace_id", .equal, workspaceID)
                .first().map { Int(try ColumnReader($0).integer("threshold_tenths")) }
        }
    }

    /// Keeps the owner's relevance threshold, in tenths of a score.
    public func setThresholdTenths(_ tenths: Int, now: Instant) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.delete(from: "help_settings").where("workspace_id", .equal, workspaceID).run()
            try await sql.insert(into: "help_settings").columns("workspace_id", "threshold_tenths", "updated_at")
                .values(SQLBind(workspaceID), SQLBind(tenths), SQLBind(now.secondsSince1970)).run()
        }
    }

    /// What a counter counts.
    public enum Counter: String, Sendable { case views, suggested, solved, notHelpful = "not_helpful" }

    /// Adds one to `counter` of each article in `ids` (of this workspace only), once for each
    /// time it is listed: two acknowledgements offering one article count it twice.
    public func count(_ counter: Counter, articleIDs ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        let workspaceID = self.workspaceID
        try await database.write { sql in try await Self.count(counter, articleIDs: ids, workspaceID: workspaceID, in: sql) }
    }

    /// `count` inside a transaction already open (filing counts the articles its acknowledgements offer).
    static func count(_ counter: Counter, articleIDs ids: [String], workspaceID: Workspace.ID, in sql: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        var times: [String: Int] = [:]
        for id in ids { times[id, default: 0] += 1 }
        let byTimes = Dictionary(grouping: times.keys.sorted(), by: { times[$0]! })
        for (n, group) in byTimes.sorted(by: { $0.key < $1.key }) {
            try await sql.update("help_articles")
                .set(counter.rawValue, to: SQLBinaryExpression(SQLIdentifier(counter.rawValue), .add, SQLLiteral.numeric("\(n)")))
                .where(WorkspaceCheck(workspaceID)).where("id", .in, group).run()
        }
    }

    /// Keeps the "this solved it" links offered in an acknowledgement (and counts them as suggested).
    public func recordSuggestions(_ links: [(token: String, articleID: String)], conversationID: Conversation.ID?, now: Instant) async throws {
        guard !links.isEmpty else { return }
        let workspaceID = self.workspaceID
        let rows = links.map { [SQLBind($0.token), SQLBind(workspaceID), SQLBind(conversationID), SQLBind($0.articleID),
                                SQLBind(now.secondsSince1970)] as [any SQLExpression] }
        try await database.write { sql in
            let insert = sql.insert(into: "help_suggestions")
                .columns("token", "workspace_id", "conversation_id", "article_id", "created_at")
            for row in rows { insert.values(row) }
            try await insert.run()
            try await sql.update("help_articles")
                .set("suggested", to: SQLBinaryExpression(SQLIdentifier("suggested"), .add, SQLLiteral.numeric("1")))
                .where(WorkspaceCheck(workspaceID)).where("id", .in, links.map(\.articleID)).run()
        }
    }

    /// Follows a "this solved it" link: the first click is recorded and counted, later ones
    /// change nothing. Nil when the token is not this workspace's.
    public func solve(token: String, now: Instant) async throws -> SolvedSuggestion? {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard let row = try await sql.select().columns("conversation_id", "article_id", "solved_at").from("help_suggestions")
                .where("workspace_id", .equal, workspaceID).where("token", .equal, token).first() else { return nil }
            let reader = ColumnReader(row)
            let articleID = try reader.text("article_id")
            let first = try reader.optionalInteger("solved_at") == nil
            if first {
                try await sql.update("help_suggestions").set("solved_at", to: SQLBind(now.secondsSince1970))
                    .where("workspace_id", .equal, workspaceID).where("token", .equal, token).run()
                try await sql.update("help_articles")
                    .set("solved", to: SQLBinaryExpression(SQLIdentifier("solved"), .add, SQLLiteral.numeric("1")))
                    .where("workspace_id", .equal, workspaceID).where("id", .equal, articleID).run()
            }
            return SolvedSuggestion(conversationID: try reader.optionalText("conversation_id").map { Conversation.ID($0) }, articleID: articleID, isFirst: first)
        }
    }

    /// The customer of the request with `statusToken` says the published article at `slug`
    /// solved it (the link in their acknowledgement): the deflection is recorded once and
    /// counted, and the conversation, if still open, is closed as self-served. False when the
    /// request or the article is not this workspace's.
    public func solvedRequest(statusToken: String, articleSlug slug: String, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard let conversation = try await sql.select().column("id").from("conversations")
                .where("workspace_id", .equal, workspaceID).where("status_token", .equal, statusToken).first(),
                  let article = try await sql.select().column("id").from("help_articles")
                .where("workspace_id", .equal, workspaceID).where("slug", .equal, slug).where("published", .equal, 1).first()
            else { return false }
            let conversationID = try ColumnReader(conversation).text("id")
            let articleID = try ColumnReader(article).text("id")
            let earlier = try await sql.select().column("token").from("help_suggestions")
                .where("workspace_id", .equal, workspaceID).where("conversation_id", .equal, conversationID)
                .where("article_id", .equal, articleID).where("solved_at", .isNot, SQLLiteral.null).first()
            guard earlier == nil else { return true }
            try await sql.insert(into: "help_suggestions")
                .columns("token", "workspace_id", "conversation_id", "article_id", "created_at", "solved_at")
                .values(SQLBind(NewID.make()), SQLBind(workspaceID), SQLBind(conversationID), SQLBind(articleID),
                        SQLBind(now.secondsSince1970), SQLBind(now.secondsSince1970)).run()
            try await sql.update("help_articles")
                .set("solved", to: SQLBinaryExpression(SQLIdentifier("solved"), .add, SQLLiteral.numeric("1")))
                .where("workspace_id", .equal, workspaceID).where("id", .equal, articleID).run()
            let closed = try await sql.update("conversations").set("status", to: SQLBind("closed"))
                .where("workspace_id", .equal, workspaceID).where("id", .equal, conversationID)
                .where("status", .equal, "open").returning("id").all()
            if !closed.isEmpty {
                try await Promises.withdraw(conversationID: Conversation.ID(conversationID),
                                            because: "closed: the customer said the article '\(slug)' solved it",
                                            at: now.secondsSince1970, workspaceID: workspaceID, sql: sql)
                try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: "customer", action: "conversation.self_served",
                                          subjectType: "conversation", subjectID: conversationID,
                                          details: "closed as self-served: the customer said the article '\(slug)' solved it",
                                          now: now)
            }
            return true
        }
    }

    /// Keeps a search or message that found no article (`source`: "search", "contact form",
    /// "message"); the text is cut to 500 characters.
    public func recordUnanswered(source: String, text: String, now: Instant) async throws {
        let kept = String(text.prefix(500))
        guard !kept.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.insert(into: "help_unanswered").columns("id", "workspace_id", "source", "text", "created_at")
                .values(SQLBind(NewID.make()), SQLBind(workspaceID), SQLBind(source), SQLBind(kept),
                        SQLBind(now.secondsSince1970)).run()
        }
    }

    /// The searches and messages that found nothing since `since`, newest first.
    public func unanswered(since: Instant, limit: Int = 500) async throws -> [UnansweredSearch] {
        try await database.read { sql in
            try await sql.select().columns("source", "text", "created_at").from("help_unanswered")
                .where("workspace_id", .equal, workspaceID).where("created_at", .greaterThanOrEqual, since.secondsSince1970)
                .orderBy("created_at", .descending).limit(limit).all().map { row in
                    let reader = ColumnReader(row)
                    return UnansweredSearch(source: try reader.text("source"), text: try reader.text("text"),
                                            createdAt: try reader.integer("created_at"))
                }
        }
    }

    static func read(_ row: any SQLRow) throws -> StoredArticle {
        let reader = ColumnReader(row)
        let lines = { (text: String) in text.split(separator: "\n").map(String.init) }
        let article = HelpArticle(
            id: try reader.text("id"), slug: try reader.text("slug"), title: try reader.text("title"),
            category: try reader.text("category"), tags: lines(try reader.text("tags")),
            questions: lines(try reader.text("questions")), body: try reader.text("body"),
            isPublished: try reader.integer("published") == 1,
            lastReviewed: try reader.optionalInteger("last_reviewed_at").map { Instant(secondsSince1970: $0) })
        return StoredArticle(article: article, createdAt: try reader.integer("created_at"), updatedAt: try reader.integer("updated_at"),
                             views: Int(try reader.integer("views")), suggested: Int(try reader.integer("suggested")),
                             solved: Int(try reader.integer("solved")), notHelpful: Int(try reader.integer("not_helpful")))
    }
}
