import Foundation
import GatehouseCore
import SQLKit

extension Conversation {
    /// The columns a conversation is read from.
    static let columns = ["id", "workspace_id", "customer_id", "subject", "channel", "status", "promised_at",
                          "created_at", "updated_at", "last_message_at", "urgent", "quadrant", "scope", "reasons",
                          "status_token", "merged_into", "important"]

    /// Reads a row column by column: lists decode many rows, and a generic decoder's
    /// reflection over every field costs more than the query. A value no version of Gatehouse
    /// writes is an error naming the column, never a silent default.
    init(row: any SQLRow) throws {
        let row = ColumnReader(row)
        func value<T: RawRepresentable>(_ column: String, _ text: String) throws -> T where T.RawValue == String {
            guard let value = T(rawValue: text) else {
                throw StoreError(.invalid, "conversations.\(column): '\(text)' is not a known value")
            }
            return value
        }
        self.init(id: Conversation.ID(try row.text("id")), workspaceID: Workspace.ID(try row.text("workspace_id")),
                  customerID: Customer.ID(try row.text("customer_id")),
                  subject: try row.text("subject"), channel: try value("channel", try row.text("channel")),
                  status: try value("status", try row.text("status")),
                  promisedAt: try row.optionalInteger("promised_at").map(Instant.init(secondsSince1970:)),
                  createdAt: Instant(secondsSince1970: try row.integer("created_at")),
                  updatedAt: Instant(secondsSince1970: try row.integer("updated_at")),
                  lastMessageAt: Instant(secondsSince1970: try row.integer("last_message_at")),
                  urgent: try row.integer("urgent") != 0,
                  quadrant: try row.optionalText("quadrant").map { try value("quadrant", $0) },
                  scope: try row.optionalText("scope").map { try value("scope", $0) },
                  reasons: (try row.optionalText("reasons") ?? "").split(separator: "\n").map(String.init),
                  important: try row.optionalInteger("important").map { $0 != 0 },
                  statusToken: try row.optionalText("status_token"), mergedInto: try row.optionalText("merged_into").map { Conversation.ID($0) })
    }
}

extension SQLRow {
    /// The column's value, or nil when it is NULL.
    func optional<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
        try decodeNil(column: column) ? nil : decode(column: column, as: T.self)
    }
}


extension StoredMessage {
    /// Messages with their raw source (kept in `message_sources`), for the caller's filters.
    static func select(in sql: any SQLDatabase) -> SQLSelectBuilder {
        sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("messages")))
            .column(SQLColumn("raw", table: "message_sources"))
            .from("messages")
            .join("message_sources", on: SQLColumn("message_id", table: "message_sources"), .equal,
                  SQLColumn("id", table: "messages"))
    }

    /// Writes messages and their raw sources, `chunk` rows a statement.
    /// With each inbound email's delivery key (`Arrival.deliveryKey`), by message id.
    static func insert(_ messages: [StoredMessage], deliveryKeys: [String: String] = [:], problems: [String: String] = [:],
                       in sql: any SQLDatabase, chunk: Int = 100) async throws {
        for start in stride(from: 0, to: messages.count, by: chunk) {
            let part = messages[start..<min(start + chunk, messages.count)]
            // (The desk's own mail has no delivery key: the column is named only when one is written.)
            let keyed = !deliveryKeys.isEmpty, noted = !problems.isEmpty
            let rows = sql.insert(into: "messages")
                .columns(["id", "workspace_id", "conversation_id", "direction", "channel", "header_message_id",
                          "content_hash", "raw_size", "sender", "subject", "text_body", "received_at", "processed_at",
                          "quarantine_reason"] + (keyed ? ["delivery_key"] : []) + (noted ? ["problems"] : []))
            let sources = sql.insert(into: "message_sources").columns("message_id", "raw")
            for m in part {
                var values: [any SQLExpression] = [
                    SQLBind(m.id), SQLBind(m.workspaceID), SQLBind(m.conversationID), SQLBind(m.direction.rawValue),
                    SQLBind(m.channel), SQLBind(m.headerMessageID), SQLBind(m.contentHash), SQLBind(Int64(m.raw.count)),
                    SQLBind(m.sender), SQLBind(m.subject), SQLBind(m.textBody), SQLBind(m.receivedAt),
                    SQLBind(m.processedAt), SQLBind(m.quarantineReason),
                ]
                if keyed { values.append(SQLBind(deliveryKeys[m.id])) }
                if noted { values.append(SQLBind(problems[m.id])) }
                rows.values(values)
                sources.values(SQLBind(m.id), SQLBind(m.raw))
            }
            try await rows.run()
            try await sources.run()
        }
    }
}

/// Conversations and their messages, of one workspace.
public struct Conversations: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// Starts a conversation with a customer of this workspace.
    /// `reason`: why it is where it is, as the owner reads it on its page (until the customer
    /// writes in it and the triage judges that).
    public func create(customerID: Customer.ID, subject: String, channel: Channel, reason: String? = nil,
                       now: Instant) async throws -> Conversation {
        // Not judged by the triage: answered in turn, like the someday ones.
        var conversation = Conversation(id: .make(), workspaceID: workspaceID, customerID: customerID,
                                        subject: subject, channel: channel, status: .open, promisedAt: nil,
                                        createdAt: now, updatedAt: now, lastMessageAt: now, quadrant: .someday)
        conversation.reasons = reason.map { [$0] } ?? []
        let placed = conversation
        let workspaceID = self.workspaceID
        try await database.write { sql in
            // The customer must be this workspace's, or the conversation would leak across.
            guard try await sql.select().column("id").from("customers")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, customerID).first() != nil
            else { throw StoreError(.notFound, field: "customer_id", "no customer \(customerID) in this workspace") }
            try await sql.insert(into: "conversations")
                .columns("id", "workspace_id", "customer_id", "subject", "channel", "status", "created_at", "updated_at",
                         "last_message_at", "quadrant", "reasons")
                .values(SQLBind(placed.id), SQLBind(workspaceID), SQLBind(customerID), SQLBind(subject),
                        SQLBind(channel.rawValue), SQLBind(placed.status.rawValue), SQLBind(now.secondsSince1970),
                        SQLBind(now.secondsSince1970), SQLBind(now.secondsSince1970), SQLBind(Quadrant.someday.rawValue),
                        SQLBind(reason))
                .run()
        }
        return placed
    }

    /// Adds a message to a conversation of this workspace (or stores it unattached).
    public func append(_ message: StoredMessage) async throws {
        guard message.workspaceID == workspaceID else {
            throw StoreError(.invalid, "the message belongs to another workspace")
        }
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await StoredMessage.insert([message], in: sql)
            if let conversationID = message.conversationID {
                try await sql.update("conversations")
                    .set("last_message_at", to: message.receivedAt).set("updated_at", to: message.receivedAt)
                    .where("workspace_id", .equal, workspaceID).where("id", .equal, conversationID)
                    .where("last_message_at", .lessThan, message.receivedAt)
                    .run()
            }
        }
    }

    /// Conversations, most recent first, `limit` at a time.
    public func list(customerID: Customer.ID? = nil, after: String? = nil, limit: Int = 50) async throws -> Page<Conversation> {
        let workspaceID = self.workspaceID
        let limit = max(1, min(limit, 200))
        let cursor = try after.map(PageCursor.decode)
        let rows = try await database.read(prepared: true) { sql in
            let query = sql.select().columns(Conversation.columns).from("conversations")
                .where("workspace_id", .equal, workspaceID).where("merged_into", .is, SQLLiteral.null)
            if let customerID { query.where("customer_id", .equal, customerID) }
            if let cursor, let key = Int64(cursor.key) {
                // Keyset paging on (last_message_at, id), newest first.
                query.where { group in
                    group.where("last_message_at", .lessThan, key)
                        .orWhere { inner in inner.where("last_message_at", .equal, key).where("id", .lessThan, cursor.id) }
                }
            }
            return try await query.orderBy("last_message_at", .descending).orderBy("id", .descending)
                .limit(limit + 1).all().map(Conversation.init(row:))
        }
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { PageCursor(key: String($0.lastMessageAt.secondsSince1970), id: $0.id.rawValue).encoded } : nil
        return Page(items: page, next: next)
    }

    /// The conversation with this id in this workspace, with its messages oldest first.
    public func get(_ id: Conversation.ID) async throws -> (conversation: Conversation, messages: [StoredMessage])? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            guard let row = try await sql.select().columns(Conversation.columns).from("conversations")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first()
            else { return nil }
            let conversation = try Conversation(row: row)
            let messages = try await StoredMessage.select(in: sql)
                .where("workspace_id", .equal, workspaceID).where("conversation_id", .equal, id)
                // In the same second, what came in before what was sent in answer (inbound < note < outbound).
                .orderBy("received_at").orderBy("direction").orderBy("id")
                .all(decoding: StoredMessage.self)
            return (conversation, messages)
        }
    }

    /// Who each of these messages of this workspace is to (or from) and its subject, by id, without
    /// their sources: for lists.
    public func summaries(_ ids: [String]) async throws -> [String: (conversationID: Conversation.ID?, party: String?, subject: String?)] {
        guard !ids.isEmpty else { return [:] }
        let workspaceID = self.workspaceID
        struct Row: Decodable {
            var id: String
            var conversation_id: Conversation.ID?
            var sender: String?
            var subject: String?
        }
        let rows = try await database.read { sql in
            try await sql.select().columns("id", "conversation_id", "sender", "subject").from("messages")
                .where(WorkspaceCheck(workspaceID)).where("id", .in, ids)
                .all(decoding: Row.self)
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id, ($0.conversation_id, $0.sender, $0.subject)) })
    }

    /// The messages customers sent in `[from, to)` that were filed (not those in quarantine, nor
    /// the desk's own mail), oldest first, each with its customer: a stretch of real traffic.
    public func received(from: Instant, to: Instant) async throws -> [(message: StoredMessage, customerID: Customer.ID)] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await StoredMessage.select(in: sql)
                .column(SQLColumn("customer_id", table: "conversations"))
                .join("conversations", on: SQLColumn("id", table: "conversations"), .equal, SQLColumn("conversation_id", table: "messages"))
                .where(SQLColumn("workspace_id", table: "messages"), .equal, SQLBind(workspaceID))
                .where(SQLColumn("direction", table: "messages"), .equal, SQLBind("inbound"))
                .where(SQLColumn("received_at", table: "messages"), .greaterThanOrEqual, SQLBind(from.secondsSince1970))
                .where(SQLColumn("received_at", table: "messages"), .lessThan, SQLBind(to.secondsSince1970))
                .where(SQLColumn("quarantine_reason", table: "messages"), .is, SQLLiteral.null)
                .orderBy(SQLColumn("received_at", table: "messages")).orderBy(SQLColumn("id", table: "messages"))
                .all()
                .map { row in
                    (try row.decode(model: StoredMessage.self), try row.decode(column: "customer_id", as: Customer.ID.self))
                }
        }
    }

    /// One message of this workspace.
    public func message(_ id: String) async throws -> StoredMessage? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await StoredMessage.select(in: sql)
                .where("workspace_id", .equal, workspaceID).where(SQLColumn("id", table: "messages"), .equal, SQLBind(id))
                .first(decoding: StoredMessage.self)
        }
    }
}
