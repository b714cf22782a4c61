import GatehouseCore
import SQLKit

/// The owner's replies sent from another mail app (read from the Sent folder): which
/// conversations the messages they answer belong to, and recording such a reply as the answer.
public struct OwnerReplies: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// The conversation of each of these Message-IDs that Gatehouse has (received or sent).
    public func conversations(ofMessageIDs ids: [String]) async throws -> [String: Conversation.ID] {
        guard !ids.isEmpty else { return [:] }
        let workspaceID = self.workspaceID
        struct Row: Decodable {
            var header_message_id: String?
            var conversation_id: Conversation.ID?
        }
        let rows = try await database.read { sql in
            try await sql.select().columns("header_message_id", "conversation_id").from("messages")
                .where("workspace_id", .equal, workspaceID).where("header_message_id", .in, ids)
                .all(decoding: Row.self)
        }
        var found: [String: Conversation.ID] = [:]
        for row in rows {
            if let id = row.header_message_id, let conversation = row.conversation_id { found[id] = conversation }
        }
        return found
    }

    /// The conversations (not merged away) of the customers reached at these email addresses
    /// whose subject key is `subjectKey`: where a sent reply that names no known message belongs.
    public func sameSubject(toEmails emails: [String], subjectKey: String) async throws -> [OwnerReply.SameSubject] {
        let addresses = Array(Set(emails.map { $0.lowercased() }))
        guard !addresses.isEmpty, !subjectKey.isEmpty else { return [] }
        let workspaceID = self.workspaceID
        struct Row: Decodable {
            var id: Conversation.ID
            var created_at: Int64
            var last_message_at: Int64
        }
        let rows = try await database.read { sql in
            try await sql.select().columns(SQLColumn("id", table: "conversations"), SQLColumn("created_at", table: "conversations"),
                                           SQLColumn("last_message_at", table: "conversations"))
                .from("conversations")
                .join("contact_points", on: SQLColumn("customer_id", table: "contact_points"), .equal, SQLColumn("customer_id", table: "conversations"))
                .where(SQLColumn("workspace_id", table: "conversations"), .equal, SQLBind(workspaceID))
                .where(SQLColumn("workspace_id", table: "contact_points"), .equal, SQLBind(workspaceID))
                .where(SQLColumn("kind", table: "contact_points"), .equal, SQLBind("email"))
                .where(SQLColumn("value", table: "contact_points"), .in, SQLBind.group(addresses))
                .where(SQLColumn("subject_key", table: "conversations"), .equal, SQLBind(subjectKey))
                .where(SQLColumn("merged_into", table: "conversations"), .is, SQLLiteral.null)
                .all(decoding: Row.self)
        }
        return rows.map { OwnerReply.SameSubject(conversationID: $0.id, createdAt: $0.created_at, lastMessageAt: $0.last_message_at) }
    }

    /// When each of these conversations was promised an answer.
    public func promises(_ conversationIDs: [Conversation.ID]) async throws -> [Conversation.ID: Int64] {
        guard !conversationIDs.isEmpty else { return [:] }
        let workspaceID = self.workspaceID
        struct Row: Decodable {
            var id: Conversation.ID
            var promised_at: Int64?
        }
        let rows = try await database.read { sql in
            try await sql.select().columns("id", "promised_at").from("conversations")
                .where(WorkspaceCheck(workspaceID)).where("id", .in, conversationIDs).all(decoding: Row.self)
        }
        return Dictionary(rows.compactMap { row in row.promised_at.map { (row.id, $0) } }) { first, _ in first }
    }

    /// The question put on a Gatehouse reply still waiting when the owner already answered elsewhere.
    public static let heldNote = "you already answered from your mail app — send this as well?"

    /// Records the owner's reply sent from another mail app as the conversation's answer, at
    /// `answeredAt` (its Date), once per sent message (`key`, its Message-ID or content hash);
    /// the replies Gatehouse still has waiting for the conversation are held with the question.
    /// Returns how many were held; nil when this reply was recorded before.
    @discardableResult
    public func record(conversationID: Conversation.ID, key: String, answeredAt: Int64, now: Instant) async throws -> Int? {
        let workspaceID = self.workspaceID
        let idempotency = "reply:elsewhere:\(workspaceID):\(key)"
        return try await database.write { sql -> Int? in
            let recorded = try await TaskQueue.insert([NewTask(
                workspaceID: workspaceID, kind: Self.kind, payload: "{}", key: .named(idempotency), runAt: answeredAt,
                note: "answered from your mail app", conversationID: conversationID, state: .done)], at: answeredAt, in: sql)
            if recorded.isEmpty { return nil }
            try await Promises.answered(conversationID: conversationID, at: answeredAt, by: "your reply from your mail app",
                                        workspaceID: workspaceID, sql: sql)
            return try await sql.update("tasks").set("state", to: "held").set("note", to: Self.heldNote)
                .set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, Outbox.kind).where("state", .equal, "queued")
                .where("idempotency_key", .like, "reply:%").where("conversation_id", .equal, conversationID)
                .returning("id").all().count
        }
    }

    /// When the owner answered this conversation from another mail app, each time (earliest first).
    public func answers(conversationID: Conversation.ID) async throws -> [Instant] {
        let workspaceID = self.workspaceID
        struct Row: Decodable { var run_at: Int64 }
        let rows = try await database.read { sql in
            try await sql.select().column("run_at").from("tasks")
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, Self.kind)
                .where("conversation_id", .equal, conversationID).orderBy("run_at").all(decoding: Row.self)
        }
        return rows.map { Instant(secondsSince1970: $0.run_at) }
    }

    /// The kind of task that stands for an answer sent from another mail app: never delivered by Gatehouse.
    public static let kind = "answered-elsewhere"
}
