import Foundation
import GatehouseCore
import SQLKit

/// A thread of messages with one customer about one matter.
public struct Conversation: Sendable, Equatable, Codable {
    public var id: String
    public var workspaceID: String
    public var customerID: String
    public var subject: String
    public var channel: String
    /// `open`, `waiting`, `closed`, …
    public var status: String
    /// When the customer was promised an answer.
    public var promisedAt: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var lastMessageAt: Int64

    public init(id: String, workspaceID: String, customerID: String, subject: String, channel: String, status: String,
                promisedAt: Int64?, createdAt: Int64, updatedAt: Int64, lastMessageAt: Int64) {
        self.id = id
        self.workspaceID = workspaceID
        self.customerID = customerID
        self.subject = subject
        self.channel = channel
        self.status = status
        self.promisedAt = promisedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastMessageAt = lastMessageAt
    }

    enum CodingKeys: String, CodingKey {
        case id, subject, channel, status
        case workspaceID = "workspace_id"
        case customerID = "customer_id"
        case promisedAt = "promised_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case lastMessageAt = "last_message_at"
    }
}

/// One message: the raw source exactly as received, and what was read from it.
public struct StoredMessage: Sendable, Equatable, Codable {
    public enum Direction: String, Sendable, Codable { case inbound, outbound, note }

    public var id: String
    public var workspaceID: String
    public var conversationID: String?
    public var direction: Direction
    public var channel: String
    public var headerMessageID: String?
    public var contentHash: String
    public var raw: Data
    public var sender: String?
    public var subject: String?
    public var textBody: String?
    public var receivedAt: Int64
    public var processedAt: Int64?
    public var quarantineReason: String?

    enum CodingKeys: String, CodingKey {
        case id, direction, channel, raw, sender, subject
        case workspaceID = "workspace_id"
        case conversationID = "conversation_id"
        case headerMessageID = "header_message_id"
        case contentHash = "content_hash"
        case textBody = "text_body"
        case receivedAt = "received_at"
        case processedAt = "processed_at"
        case quarantineReason = "quarantine_reason"
    }

    public init(id: String = NewID.make(), workspaceID: String, conversationID: String?, direction: Direction,
                channel: String, headerMessageID: String?, contentHash: String, raw: Data, sender: String?,
                subject: String?, textBody: String?, receivedAt: Int64, processedAt: Int64? = nil,
                quarantineReason: String? = nil) {
        self.id = id
        self.workspaceID = workspaceID
        self.conversationID = conversationID
        self.direction = direction
        self.channel = channel
        self.headerMessageID = headerMessageID
        self.contentHash = contentHash
        self.raw = raw
        self.sender = sender
        self.subject = subject
        self.textBody = textBody
        self.receivedAt = receivedAt
        self.processedAt = processedAt
        self.quarantineReason = quarantineReason
    }
}

/// Conversations and their messages, of one workspace.
public struct Conversations: Sendable {
    let database: Database
    let workspaceID: String

    public init(database: Database, workspaceID: String) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// Starts a conversation with a customer of this workspace.
    public func create(customerID: String, subject: String, channel: String, now: Instant) async throws -> Conversation {
        let conversation = Conversation(id: NewID.make(), workspaceID: workspaceID, customerID: customerID,
                                        subject: subject, channel: channel, status: "open", promisedAt: nil,
                                        createdAt: now.secondsSince1970, updatedAt: now.secondsSince1970,
                                        lastMessageAt: now.secondsSince1970)
        let workspaceID = self.workspaceID
        try await database.write { sql in
            // The customer must be this workspace's, or the conversation would leak across.
            guard try await sql.select().column("id").from("customers")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, customerID).first() != nil
            else { throw StoreError(.notFound, "customer_id: no customer \(customerID) in this workspace") }
            try await sql.insert(into: "conversations").model(conversation).run()
        }
        return conversation
    }

    /// Adds a message to a conversation of this workspace (or stores it unattached).
    public func append(_ message: StoredMessage) async throws {
        guard message.workspaceID == workspaceID else {
            throw StoreError(.invalid, "the message belongs to another workspace")
        }
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.insert(into: "messages").model(message).run()
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
    public func list(customerID: String? = nil, after: String? = nil, limit: Int = 50) async throws -> Page<Conversation> {
        let workspaceID = self.workspaceID
        let limit = max(1, min(limit, 200))
        let cursor = try after.map(PageCursor.decode)
        let rows = try await database.read { sql in
            let query = sql.select().columns("*").from("conversations").where("workspace_id", .equal, workspaceID)
            if let customerID { query.where("customer_id", .equal, customerID) }
            if let cursor, let key = Int64(cursor.key) {
                // Keyset paging on (last_message_at, id), newest first.
                query.where { group in
                    group.where("last_message_at", .lessThan, key)
                        .orWhere { inner in inner.where("last_message_at", .equal, key).where("id", .lessThan, cursor.id) }
                }
            }
            return try await query.orderBy("last_message_at", .descending).orderBy("id", .descending)
                .limit(limit + 1).all(decoding: Conversation.self)
        }
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { PageCursor(key: String($0.lastMessageAt), id: $0.id).encoded } : nil
        return Page(items: page, next: next)
    }

    /// The conversation with this id in this workspace, with its messages oldest first.
    public func get(_ id: String) async throws -> (conversation: Conversation, messages: [StoredMessage])? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            guard let conversation = try await sql.select().columns("*").from("conversations")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id)
                .first(decoding: Conversation.self)
            else { return nil }
            let messages = try await sql.select().columns("*").from("messages")
                .where("workspace_id", .equal, workspaceID).where("conversation_id", .equal, id)
                .orderBy("received_at").orderBy("id")
                .all(decoding: StoredMessage.self)
            return (conversation, messages)
        }
    }

    /// One message of this workspace.
    public func message(_ id: String) async throws -> StoredMessage? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("*").from("messages")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id)
                .first(decoding: StoredMessage.self)
        }
    }
}
