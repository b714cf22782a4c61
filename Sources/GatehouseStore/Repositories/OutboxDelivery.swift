import Foundation
import GatehouseCore
import SQLKit

/// The steps of delivering outbound email that the sender records, each conditional on still
/// holding the task's lease, so that an instance that lost its lease changes nothing.
public struct OutboxDelivery: Sendable {
    let database: Database
    public let owner: String

    public init(database: Database, owner: String) {
        self.database = database
        self.owner = owner
    }

    /// Due emails of every workspace that has a way to send mail, claimed for this owner until
    /// `now + lease`. (The others stay scheduled, visibly waiting for the owner to set one up.)
    public func claim(limit: Int, lease: TimeSpan, now: Instant) async throws -> [QueuedTask] {
        try await TaskQueue(database: database).claim(owner: owner, kinds: [Outbox.kind], limit: limit, lease: lease, now: now) {
            sql, select in
            select.where("workspace_id", .in, SQLGroupExpression(sql.select().column("workspace_id").from("mail_settings").query))
        }
    }

    /// What is to be sent, by message id: the raw source and the recipient, for messages of the
    /// workspace each task names.
    public func messages(for tasks: [QueuedTask]) async throws -> [String: (workspaceID: Workspace.ID, raw: Data, recipient: String?)] {
        let ids = tasks.compactMap { OutboundPayload(task: $0)?.messageID }
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable {
            var id: String
            var workspace_id: Workspace.ID
            var sender: String?
            var raw: Data
        }
        let rows = try await database.read { sql in
            try await sql.select().column(SQLColumn("id", table: "messages")).column(SQLColumn("workspace_id", table: "messages"))
                .column(SQLColumn("sender", table: "messages")).column(SQLColumn("raw", table: "message_sources"))
                .from("messages")
                .join("message_sources", on: SQLColumn("message_id", table: "message_sources"), .equal, SQLColumn("id", table: "messages"))
                .where(SQLColumn("id", table: "messages"), .in, SQLBind.group(ids))
                .all(decoding: Row.self)
        }
        return Dictionary(rows.map { ($0.id, ($0.workspace_id, $0.raw, $0.sender)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Notes that the final dot of this email is about to be sent. From here on, a lost answer
    /// (or a crash) leaves it uncertain rather than sent again.
    public func markCommitting(_ taskID: String, now: Instant) async throws -> Bool {
        try await change(taskID, now: now) { $0.set("phase", to: "committing") }
    }

    /// The server accepted it. A reply keeps (or, late, breaks) its conversation's open promise
    /// in the same transaction.
    public func markSent(_ taskID: String, queueID: String, now: Instant) async throws -> Bool {
        try await database.write { sql in
            guard let sent = try await leased(taskID, now: now, in: sql, {
                $0.set("state", to: "done").set("outcome", to: queueID).set("phase", to: "sent")
                    .set("lease_owner", to: SQLLiteral.null).set("lease_expires_at", to: SQLLiteral.null)
            }) else { return false }
            if let conversationID = sent.conversation_id, sent.idempotency_key?.hasPrefix("reply:") == true {
                try await Promises.answered(conversationID: conversationID, at: now.secondsSince1970,
                                            by: "the reply sent by Gatehouse", workspaceID: sent.workspace_id, sql: sql)
            }
            return true
        }
    }

    /// Its fate is unknown; it waits for the owner.
    public func markUncertain(_ taskID: String, reason: String, now: Instant) async throws -> Bool {
        try await change(taskID, now: now) {
            $0.set("state", to: "uncertain").set("last_error", to: reason)
                .set("lease_owner", to: SQLLiteral.null).set("lease_expires_at", to: SQLLiteral.null)
        }
    }

    /// Not tried at all (nothing is set up to send with): back to waiting until `until`, without
    /// counting as an attempt.
    public func postpone(_ taskID: String, until: Instant, note: String, now: Instant) async throws -> Bool {
        try await change(taskID, now: now) {
            $0.set("state", to: "queued").set("run_at", to: until.secondsSince1970).set("note", to: note)
                .set(SQLIdentifier("attempts"), to: SQLRaw("attempts - 1"))
                .set("lease_owner", to: SQLLiteral.null).set("lease_expires_at", to: SQLLiteral.null)
        }
    }

    /// Claimed but not handed over: put aside for the owner's review, with why as its note.
    public func holdForReview(_ taskID: String, note: String, now: Instant) async throws -> Bool {
        try await change(taskID, now: now) {
            $0.set("state", to: "held").set("note", to: note).set("phase", to: SQLLiteral.null)
                .set(SQLIdentifier("attempts"), to: SQLRaw("attempts - 1"))
                .set("lease_owner", to: SQLLiteral.null).set("lease_expires_at", to: SQLLiteral.null)
        }
    }

    /// Tried and not accepted: again at `retryAt`, or failed for good when nil.
    public func fail(_ taskID: String, reason: String, retryAt: Instant?, now: Instant) async throws -> Bool {
        try await change(taskID, now: now) {
            $0.set("state", to: retryAt == nil ? "failed" : "queued").set("last_error", to: reason).set("phase", to: SQLLiteral.null)
                .set("run_at", to: retryAt?.secondsSince1970 ?? now.secondsSince1970)
                .set("lease_owner", to: SQLLiteral.null).set("lease_expires_at", to: SQLLiteral.null)
        }
    }

    private func change(_ taskID: String, now: Instant,
                        _ update: @escaping @Sendable (SQLUpdateBuilder) -> SQLUpdateBuilder) async throws -> Bool {
        try await database.write { sql in try await leased(taskID, now: now, in: sql, update) != nil }
    }

    /// The task a step changed: whose it is, and what it was for.
    private struct Changed: Decodable {
        var workspace_id: Workspace.ID
        var conversation_id: Conversation.ID?
        var idempotency_key: String?
    }

    /// Applies `update` to the task only while this owner still holds its lease; nil when it did not.
    private func leased(_ taskID: String, now: Instant, in sql: any SQLDatabase,
                        _ update: (SQLUpdateBuilder) -> SQLUpdateBuilder) async throws -> Changed? {
        try await update(sql.update("tasks")).set("updated_at", to: now.secondsSince1970)
            .where("id", .equal, taskID).where("state", .equal, "running").where("lease_owner", .equal, owner)
            .returning("workspace_id", "conversation_id", "idempotency_key").first(decoding: Changed.self)
    }

    /// Puts aside the replies still waiting to go to these customers: each wrote again after
    /// the reply was written, so the owner should check it still fits. Run in intake's transaction.
    static func holdReplies(customerIDs: [Customer.ID], workspaceID: Workspace.ID, at: Int64, sql: any SQLDatabase) async throws {
        guard !customerIDs.isEmpty else { return }
        let clock = "the customer wrote again after this reply was written: check that it still fits, then send or cancel it"
        try await sql.update("tasks").set("state", to: "held").set("note", to: clock).set("updated_at", to: at)
            .where("workspace_id", .equal, workspaceID).where("kind", .equal, Outbox.kind).where("state", .equal, "queued")
            .where("idempotency_key", .like, "reply:%")
            .where("conversation_id", .in, SQLGroupExpression(sql.select().column("id").from("conversations")
                .where("workspace_id", .equal, workspaceID).where("customer_id", .in, customerIDs).query))
            .run()
    }
}
