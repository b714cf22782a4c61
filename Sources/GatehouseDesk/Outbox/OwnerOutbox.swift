import GatehouseCore
import GatehouseStore

/// The workspace's outbox as its owner sees it: what waits, what went and what failed, and the
/// owner's decisions about one email (send now, do not send, try again, it did arrive).
public struct OwnerOutbox: Sendable {
    let outbox: Outbox

    init(database: Database, workspaceID: Workspace.ID) { outbox = Outbox(database: database, workspaceID: workspaceID) }

    /// The emails in `state` (all of them when nil), newest first.
    public func list(state: OutboxState? = nil, limit: Int = 100) async throws -> [OutboxEmail] {
        try await outbox.list(state: state, limit: limit)
    }

    /// The emails of one conversation.
    public func list(conversationID: Conversation.ID) async throws -> [OutboxEmail] {
        try await outbox.list(conversationID: conversationID)
    }

    /// One email, when it is this workspace's.
    public func get(_ id: String) async throws -> OutboxEmail? { try await outbox.get(id) }

    /// Applies the owner's decision; nil when the email is not in a state it applies to.
    public func decide(_ id: String, _ decision: OutboxDecision, now: Instant) async throws -> OutboxEmail? {
        try await outbox.decide(id, decision, now: now)
    }
}
