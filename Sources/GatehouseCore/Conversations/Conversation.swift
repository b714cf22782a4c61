/// Where a conversation stands.
public enum ConversationStatus: String, Sendable, Equatable, CaseIterable {
    /// The customer is waiting, or may write again.
    case open
    /// Settled by the owner.
    case closed
    /// It turned out to be part of another conversation (`Conversation.mergedInto`).
    case merged
}

/// Whether a conversation's request is work the business does, as the triage found or the
/// owner corrected it.
public enum ScopeFinding: String, Sendable, Equatable, CaseIterable {
    case inScope = "in_scope"
    case outOfScope = "out_of_scope"
    case unclear

    /// In the owner's words: "out of scope".
    public var label: String { rawValue.replacingOccurrences(of: "_", with: " ") }

    /// The finding of the triage's scope verdict.
    public init(_ scope: Scope) {
        switch scope {
        case .inScope: self = .inScope
        case .outOfScope: self = .outOfScope
        case .unclear: self = .unclear
        }
    }
}

/// A thread of messages with one customer about one matter, with the desk's judgement of it.
public struct Conversation: Sendable, Equatable {
    public var id: ID
    public var workspaceID: Workspace.ID
    public var customerID: Customer.ID
    public var subject: String
    /// The channel it began on.
    public var channel: Channel
    public var status: ConversationStatus
    /// When the customer was promised an answer.
    public var promisedAt: Instant?
    public var createdAt: Instant
    public var updatedAt: Instant
    public var lastMessageAt: Instant
    /// The triage judgement of its latest message: urgent by the policy, the Covey quadrant
    /// (nil before it was triaged), the scope, and the reasons in plain words.
    public var urgent: Bool
    public var quadrant: Quadrant?
    public var scope: ScopeFinding?
    public var reasons: [String]
    /// Whether the owner judged it important (nil until they corrected the triage).
    public var important: Bool?
    /// The token of the customer's status link.
    public var statusToken: String?
    /// Set when the conversation turned out to be part of another one.
    public var mergedInto: Conversation.ID?

    public init(id: ID, workspaceID: Workspace.ID, customerID: Customer.ID, subject: String, channel: Channel,
                status: ConversationStatus, promisedAt: Instant?, createdAt: Instant, updatedAt: Instant, lastMessageAt: Instant,
                urgent: Bool = false, quadrant: Quadrant? = nil, scope: ScopeFinding? = nil, reasons: [String] = [],
                important: Bool? = nil, statusToken: String? = nil, mergedInto: Conversation.ID? = nil) {
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
        self.urgent = urgent
        self.quadrant = quadrant
        self.scope = scope
        self.reasons = reasons
        self.important = important
        self.statusToken = statusToken
        self.mergedInto = mergedInto
    }

    /// Whether the customer was promised an answer by a time now past, and is still waiting.
    public func isLate(at now: Instant) -> Bool {
        guard let promisedAt, status == .open else { return false }
        return promisedAt < now
    }
}
