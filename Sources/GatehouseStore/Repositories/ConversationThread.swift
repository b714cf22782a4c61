import Foundation
import GatehouseCore
import SQLKit

/// A message as the owner reads it in a thread: who wrote it, when, its new words and the whole text.
public struct ThreadMessage: Sendable, Equatable {
    public var id: String
    public var direction: StoredMessage.Direction
    public var channel: String
    public var sender: String?
    public var senderName: String?
    public var subject: String?
    /// The whole text, quoted history and signature included.
    public var text: String
    /// What is new in this message, without what it quotes (nil when it was not worked out).
    public var newText: String?
    public var receivedAt: Int64
    public var sentAt: Int64?
    /// What the desk noticed reading it (a malformed address, a reused Message-ID), one a line; nil when nothing.
    public var problems: String?
}

extension Conversations {
    /// The conversation with this id in this workspace, without its messages.
    public func find(_ id: Conversation.ID) async throws -> Conversation? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns(Conversation.columns).from("conversations")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first()
                .map(Conversation.init(row:))
        }
    }

    /// The messages of a conversation of this workspace, oldest first, without their raw sources.
    public func thread(_ conversationID: Conversation.ID) async throws -> [ThreadMessage] {
        let workspaceID = self.workspaceID
        struct Row: Decodable {
            var id: String
            var direction: StoredMessage.Direction
            var channel: String
            var sender: String?
            var sender_name: String?
            var subject: String?
            var text_body: String?
            var new_text: String?
            var received_at: Int64
            var sent_at: Int64?
            var problems: String?
        }
        let rows = try await database.read { sql in
            try await sql.select()
                .columns("id", "direction", "channel", "sender", "sender_name", "subject", "text_body", "new_text",
                         "received_at", "sent_at", "problems")
                .from("messages")
                .where("workspace_id", .equal, workspaceID).where("conversation_id", .equal, conversationID)
                .orderBy("received_at").orderBy("direction").orderBy("id")
                .all(decoding: Row.self)
        }
        return rows.map {
            ThreadMessage(id: $0.id, direction: $0.direction, channel: $0.channel, sender: $0.sender, senderName: $0.sender_name,
                          subject: $0.subject, text: $0.text_body ?? "", newText: $0.new_text, receivedAt: $0.received_at,
                          sentAt: $0.sent_at, problems: $0.problems)
        }
    }

    /// The conversation a customer's status link names, in whichever workspace it is: the token
    /// is unguessable and names exactly one conversation (followed into the one it was merged into).
    public static func withStatusToken(_ token: String, database: Database) async throws -> Conversation? {
        guard token.count >= 16, token.count <= 100 else { return nil }
        return try await database.read { sql in
            guard var found = try await sql.select().columns(Conversation.columns).from("conversations")
                .where("status_token", .equal, token).first().map(Conversation.init(row:))
            else { return nil }
            var hops = 0
            while let merged = found.mergedInto, hops < 5,
                  let next = try await sql.select().columns(Conversation.columns).from("conversations")
                    .where("workspace_id", .equal, found.workspaceID).where("id", .equal, merged).first()
                    .map(Conversation.init(row:)) {
                found = next
                hops += 1
            }
            return found
        }
    }
}
