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
    public func list(customerID: Customer.ID? = nil, after: String? = nil, limit: Int = 50) async throws -> Page<Conversation> {
        try await conversations.list(customerID: customerID, after: after, limit: limit)
    }

    /// The conversation with its messages, when it is this workspace's.
    public func withMessages(_ id: Conversation.ID) async throws -> (conversation: Conversation, messages: [StoredMessage])? {
        try await conversations.get(id)
    }

    /// Every promise of an answer made in a conversation of this workspace, oldest first.
    public func promises(_ id: Conversation.ID) async throws -> [PromiseEntry] {
        try await Promises(database: database, workspaceID: workspace.id).history(conversationID: id)
    }

    /// The inbox: conversations matching `filter`, the earliest promise first, `limit` at a time.
    public func inbox(_ filter: ConversationFilter, after: String? = nil, limit: Int = 25) async throws -> Page<ConversationListing> {
        try await conversations.inbox(filter, after: after, limit: limit)
    }

    /// How many conversations matching `filter` are in each quadrant (by its raw value).
    public func quadrantCounts(_ filter: ConversationFilter) async throws -> [String: Int] {
        try await conversations.quadrantCounts(filter)
    }

    /// Which of these conversations the owner has answered since the customer last wrote.
    public func answered(_ ids: [Conversation.ID]) async throws -> Set<Conversation.ID> {
        try await conversations.answered(ids)
    }

    /// Which of these conversations the customer closed themselves, with a help article's
    /// "this solved it" (closed as self-served).
    public func selfServed(_ ids: [Conversation.ID]) async throws -> Set<Conversation.ID> {
        try await HelpArticles(database: database, workspaceID: workspace.id).selfServed(conversationIDs: ids)
    }

    /// A stored message, filed or quarantined, when it is this workspace's.
    public func message(_ id: String) async throws -> StoredMessage? {
        try await conversations.message(id)
    }
}
