import GatehouseCore
import SQLKit

/// The promise ledger of one workspace: every promise of an answer the desk made and how it
/// ended. The one writer of `promises` and of `conversations.promised_at`, which is always the
/// conversation's open promise here, so Today, the inbox, the status page, the reports and the
/// API cannot disagree. The rules are `PromiseLedger`'s; this applies them.
public struct Promises: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    static let columns = ["id", "conversation_id", "message_id", "made_at", "due_at", "rule", "words", "outcome", "ended_at",
                          "ended_by"]

    struct Row: Decodable {
        var id: String
        var conversation_id: Conversation.ID
        var message_id: String?
        var made_at: Int64
        var due_at: Int64
        var rule: String
        var words: String?
        var outcome: String
        var ended_at: Int64?
        var ended_by: String?

        var entry: PromiseEntry {
            PromiseEntry(id: id, conversationID: conversation_id, messageID: message_id,
                         madeAt: Instant(secondsSince1970: made_at), due: Instant(secondsSince1970: due_at),
                         rule: PromiseRule(rawValue: rule) ?? .plan, words: words,
                         outcome: PromiseOutcome(rawValue: outcome) ?? .open,
                         endedAt: ended_at.map(Instant.init(secondsSince1970:)), endedBy: ended_by)
        }
    }

    /// Every promise made in a conversation, oldest first.
    public func history(conversationID: Conversation.ID) async throws -> [PromiseEntry] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns(Self.columns).from("promises")
                .where("workspace_id", .equal, workspaceID).where("conversation_id", .equal, conversationID)
                .orderBy("made_at").orderBy("id").all(decoding: Row.self).map(\.entry)
        }
    }

    /// The promises that fall due in `[from, to)`, however they ended.
    public func due(from: Instant, to: Instant) async throws -> [PromiseEntry] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns(Self.columns).from("promises")
                .where("workspace_id", .equal, workspaceID)
                .where("due_at", .greaterThanOrEqual, from.secondsSince1970).where("due_at", .lessThan, to.secondsSince1970)
                .orderBy("due_at").all(decoding: Row.self).map(\.entry)
        }
    }

    // MARK: Writing, inside the callers' transactions

    /// A promise a customer's message made (`PromiseLedger.Step.open` or `.bringForward`).
    struct Made {
        var conversationID: Conversation.ID
        var messageID: String
        var madeAt: Int64
        var due: Int64
        var rule: PromiseRule
        var words: String?
        /// The promise it replaces had lapsed: that one is broken, not superseded.
        var lapsedBefore = false
    }

    /// Records the promises a batch of customers' messages made, in order: each supersedes the
    /// promise open in its conversation (an earlier one of the batch included); then every touched
    /// conversation shows its open promise.
    static func record(_ made: [Made], workspaceID: Workspace.ID, at: Int64, sql: any SQLDatabase) async throws {
        guard !made.isEmpty else { return }
        let conversations = Array(Set(made.map(\.conversationID)))
        // A lapsed promise the batch renews stays broken, as of when it lapsed.
        let lapsed = Array(Set(made.filter(\.lapsedBefore).map(\.conversationID)))
        for chunk in Filing.PendingState.chunks(lapsed, of: 300) {
            try await sql.update("promises").set("outcome", to: PromiseOutcome.broken.rawValue)
                .set("ended_at", to: SQLIdentifier("due_at"))
                .set("ended_by", to: "it lapsed unanswered; the customer wrote again and was promised anew")
                .where("workspace_id", .equal, workspaceID).where("outcome", .equal, PromiseOutcome.open.rawValue)
                .where("due_at", .lessThan, at).where("conversation_id", .in, Array(chunk)).run()
        }
        // A promise is superseded when the first promise of the batch in its conversation is made
        // (a batch replaying traffic has messages of different moments; a live batch has one).
        var firstMade: [Conversation.ID: Int64] = [:]
        for promise in made where firstMade[promise.conversationID] == nil { firstMade[promise.conversationID] = promise.madeAt }
        for (when, group) in Dictionary(grouping: conversations, by: { firstMade[$0] ?? at }).sorted(by: { $0.key < $1.key }) {
            for chunk in Filing.PendingState.chunks(group, of: 300) {
                try await sql.update("promises").set("outcome", to: PromiseOutcome.superseded.rawValue).set("ended_at", to: when)
                    .set("ended_by", to: "a follow-up brought the answer forward")
                    .where("workspace_id", .equal, workspaceID).where("outcome", .equal, PromiseOutcome.open.rawValue)
                    .where("conversation_id", .in, Array(chunk)).run()
            }
        }
        // Within the batch, only a conversation's last promise stays open; the others end when the
        // next one in their conversation is made.
        var last: [Conversation.ID: Int] = [:]
        for (index, promise) in made.enumerated() { last[promise.conversationID] = index }
        // (Or, in a batch of several moments, it lapsed before the next was made: broken, as of its due.)
        var ending: [Int: (outcome: PromiseOutcome, at: Int64, by: String)] = [:]
        var following: [Conversation.ID: Made] = [:]
        for (index, promise) in made.enumerated().reversed() {
            if let next = following[promise.conversationID] {
                ending[index] = next.lapsedBefore
                    ? (.broken, promise.due, "it lapsed unanswered; the customer wrote again and was promised anew")
                    : (.superseded, next.madeAt, "a follow-up brought the answer forward")
            }
            following[promise.conversationID] = promise
        }
        for chunk in Filing.PendingState.chunks(Array(made.enumerated()), of: 150) {
            let insert = sql.insert(into: "promises").columns("id", "workspace_id", "conversation_id", "message_id", "made_at",
                                                              "due_at", "rule", "words", "outcome", "ended_at", "ended_by")
            for (index, promise) in chunk {
                let end = last[promise.conversationID] == index ? nil
                    : ending[index] ?? (.superseded, at, "a follow-up brought the answer forward")
                insert.values(SQLBind(NewID.make()), SQLBind(workspaceID), SQLBind(promise.conversationID),
                              SQLBind(promise.messageID), SQLBind(promise.madeAt), SQLBind(promise.due),
                              SQLBind(promise.rule.rawValue), SQLBind(promise.words),
                              SQLBind((end?.outcome ?? .open).rawValue), SQLBind(end?.at), SQLBind(end?.by))
            }
            try await insert.run()
        }
        try await showOpen(conversations, workspaceID: workspaceID, sql: sql)
    }

    /// An answer reached the customer at `answeredAt`: the conversation's open promise is kept
    /// (or broken, when it came late) by it, and the conversation owes nothing more.
    static func answered(conversationID: Conversation.ID, at answeredAt: Int64, by: String, workspaceID: Workspace.ID,
                         sql: any SQLDatabase) async throws {
        struct Open: Decodable {
            var id: String
            var due_at: Int64
        }
        guard let open = try await sql.select().columns("id", "due_at").from("promises")
            .where("workspace_id", .equal, workspaceID).where("conversation_id", .equal, conversationID)
            .where("outcome", .equal, PromiseOutcome.open.rawValue).first(decoding: Open.self)
        else { return }
        let outcome = PromiseLedger.answered(due: Instant(secondsSince1970: open.due_at),
                                             at: Instant(secondsSince1970: answeredAt))
        try await sql.update("promises").set("outcome", to: outcome.rawValue).set("ended_at", to: answeredAt)
            .set("ended_by", to: by).where("id", .equal, open.id).where("outcome", .equal, PromiseOutcome.open.rawValue).run()
        try await showOpen([conversationID], workspaceID: workspaceID, sql: sql)
    }

    /// An acknowledgement that never left is written again with a fresh promise: the promise it
    /// carried never reached the customer, so it is superseded, and the fresh one, in the new
    /// words, is the conversation's open promise.
    static func rewritten(conversationID: Conversation.ID, due: Int64, words: String, at: Int64, workspaceID: Workspace.ID,
                          sql: any SQLDatabase) async throws {
        struct Open: Decodable {
            var message_id: String?
            var rule: String
        }
        let open = try await sql.select().columns("message_id", "rule").from("promises")
            .where("workspace_id", .equal, workspaceID).where("conversation_id", .equal, conversationID)
            .where("outcome", .equal, PromiseOutcome.open.rawValue).first(decoding: Open.self)
        try await sql.update("promises").set("outcome", to: PromiseOutcome.superseded.rawValue).set("ended_at", to: at)
            .set("ended_by", to: "the acknowledgement carrying it never left; it was written again with a fresh promise")
            .where("workspace_id", .equal, workspaceID).where("conversation_id", .equal, conversationID)
            .where("outcome", .equal, PromiseOutcome.open.rawValue).run()
        try await sql.insert(into: "promises").columns("id", "workspace_id", "conversation_id", "message_id", "made_at", "due_at",
                                                      "rule", "words", "outcome")
            .values(SQLBind(NewID.make()), SQLBind(workspaceID), SQLBind(conversationID), SQLBind(open?.message_id),
                    SQLBind(at), SQLBind(due), SQLBind(open?.rule ?? PromiseRule.plan.rawValue), SQLBind(words),
                    SQLBind(PromiseOutcome.open.rawValue)).run()
        try await showOpen([conversationID], workspaceID: workspaceID, sql: sql)
    }

    /// The conversation ended without an answer owed (closed as self-served): its open promise is withdrawn.
    static func withdraw(conversationID: Conversation.ID, because reason: String, at: Int64, workspaceID: Workspace.ID,
                         sql: any SQLDatabase) async throws {
        try await sql.update("promises").set("outcome", to: PromiseOutcome.withdrawn.rawValue).set("ended_at", to: at)
            .set("ended_by", to: reason)
            .where("workspace_id", .equal, workspaceID).where("conversation_id", .equal, conversationID)
            .where("outcome", .equal, PromiseOutcome.open.rawValue).run()
        try await showOpen([conversationID], workspaceID: workspaceID, sql: sql)
    }

    /// `others` are merged into `target`: their promises move with their messages, and of the
    /// open ones the earliest stands (`PromiseLedger.merged`); the rest are withdrawn.
    static func merge(_ others: [Conversation.ID], into target: Conversation.ID, at: Int64, workspaceID: Workspace.ID,
                      sql: any SQLDatabase) async throws {
        struct Open: Decodable {
            var id: String
            var due_at: Int64
        }
        let all = others + [target]
        let open = try await sql.select().columns("id", "due_at").from("promises")
            .where("workspace_id", .equal, workspaceID).where("conversation_id", .in, all)
            .where("outcome", .equal, PromiseOutcome.open.rawValue).all(decoding: Open.self)
        let choice = PromiseLedger.merged(open: open.map { ($0.id, Instant(secondsSince1970: $0.due_at)) })
        if !choice.withdraw.isEmpty {
            try await sql.update("promises").set("outcome", to: PromiseOutcome.withdrawn.rawValue).set("ended_at", to: at)
                .set("ended_by", to: "merged: one answer answers the whole thread, by the earliest time promised in it")
                .where(WorkspaceCheck(workspaceID)).where("id", .in, choice.withdraw).run()
        }
        try await sql.update("promises").set("conversation_id", to: target)
            .where("workspace_id", .equal, workspaceID).where("conversation_id", .in, others).run()
        try await showOpen(all, workspaceID: workspaceID, sql: sql)
    }

    /// Each of these conversations shows its open promise, or none.
    static func showOpen(_ conversations: [Conversation.ID], workspaceID: Workspace.ID, sql: any SQLDatabase) async throws {
        for chunk in Filing.PendingState.chunks(conversations, of: 300) {
            let open = SQLSubquery.select { $0
                .column("due_at").from("promises")
                .where(SQLColumn("conversation_id", table: "promises"), .equal, SQLColumn("id", table: "conversations"))
                .where(SQLColumn("outcome", table: "promises"), .equal, SQLBind(PromiseOutcome.open.rawValue))
            }
            try await sql.update("conversations").set("promised_at", to: open)
                .where(WorkspaceCheck(workspaceID)).where("id", .in, Array(chunk)).run()
        }
    }
}
