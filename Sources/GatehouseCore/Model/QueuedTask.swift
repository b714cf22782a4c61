import Foundation

/// A unit of background work: processing a message, sending an email.
public struct QueuedTask: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case queued, running, done, failed
        /// Put aside for the owner to look at again (a reply the customer wrote after).
        case held
        /// Its outcome is unknown (an email whose server's answer was lost): never redone blindly.
        case uncertain
        /// Called off by the owner.
        case cancelled
    }

    public var id: String
    public var workspaceID: Workspace.ID?
    public var kind: String
    /// The task's input, as JSON text.
    public var payload: String
    /// The same key is only ever queued once, so a retried request does not do the work twice.
    public var idempotencyKey: String
    public var state: State
    public var runAt: Int64
    public var attempts: Int
    public var leaseOwner: String?
    public var leaseExpiresAt: Int64?
    public var lastError: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    /// How far the work got, for work that must not be redone past a point (`committing`: an
    /// email's final dot is about to be sent).
    public var phase: String?
    /// What the work produced (an email's queue id at the server).
    public var outcome: String?
    /// Why the task is where it is, for the owner ("next response window, 15:30").
    public var note: String?
    /// The conversation an email belongs to.
    public var conversationID: Conversation.ID?

    enum CodingKeys: String, CodingKey {
        case id, kind, payload, state, attempts, phase, outcome, note
        case conversationID = "conversation_id"
        case workspaceID = "workspace_id"
        case idempotencyKey = "idempotency_key"
        case runAt = "run_at"
        case leaseOwner = "lease_owner"
        case leaseExpiresAt = "lease_expires_at"
        case lastError = "last_error"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
