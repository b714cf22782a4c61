import Foundation

/// One message: the raw source exactly as received, and what was read from it.
public struct StoredMessage: Sendable, Equatable, Codable {
    public enum Direction: String, Sendable, Codable { case inbound, outbound, note }

    public var id: String
    public var workspaceID: Workspace.ID
    public var conversationID: Conversation.ID?
    public var direction: Direction
    public var channel: String
    public var headerMessageID: String?
    public var contentHash: String
    public var raw: Data
    public var sender: String?
    public var subject: String?
    public var textBody: String?
    public var receivedAt: Instant
    public var processedAt: Instant?
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

    public init(id: String = NewID.make(), workspaceID: Workspace.ID, conversationID: Conversation.ID?, direction: Direction,
                channel: String, headerMessageID: String?, contentHash: String, raw: Data, sender: String?,
                subject: String?, textBody: String?, receivedAt: Instant, processedAt: Instant? = nil,
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
