import GatehouseCore
import GatehouseStore

/// The workspace's conversations and the messages in them, as intake filed them: for reading
/// (the API lists them, shows one with its messages, and hands out a message's raw text).
public struct ConversationRecords: Sendable {
    let database: Database
    let workspace: Workspace

    public init(database: Database, workspace: Workspace) {
        self.database = database
        self.workspace = workspace
    }

    var conversations: Conversations { Conversations(database: database, workspaceID: workspace.id) }

    /// Conversations, most recent first, `limit` at a time; only one customer's when `customerID` is given.
    public func list(customerID: String? = nil, after: String? = nil, limit: Int = 50) async throws -> Page<Conversation> {
        try await conversations.list(customerID: customerID, after: after, limit: limit)
    }

    /// The conversation with its messages, when it is this workspace's.
    public func withMessages(_ id: String) async throws -> (conversation: Conversation, messages: [StoredMessage])? {
        try await conversations.get(id)
    }

    /// A stored message, filed or quarantined, when it is this workspace's.
    public func message(_ id: String) async throws -> StoredMessage? {
        try await conversations.message(id)
    }
}
