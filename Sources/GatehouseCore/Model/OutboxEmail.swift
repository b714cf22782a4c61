import Foundation

/// Where an outbound email stands, as the owner sees it.
public enum OutboxState: String, Sendable, CaseIterable {
    /// Waiting for its time (a response window, or now).
    case scheduled
    /// Put aside: the customer wrote again after it was written; the owner decides.
    case held
    /// Being handed to the mail server right now.
    case sending
    /// Accepted by the mail server (its queue id is kept).
    case sent
    /// Not accepted yet; tried again at its time.
    case retrying
    /// Given up, with the reason.
    case failed
    /// The server's answer was lost: it may or may not have gone. Never resent blindly.
    case uncertain
    /// Called off by the owner.
    case cancelled

    /// The state of a `deliver-email` task.
    public init(task: QueuedTask) {
        switch task.state {
        case .queued: self = task.attempts > 0 && task.lastError != nil ? .retrying : .scheduled
        case .running: self = .sending
        case .done: self = .sent
        case .failed: self = .failed
        case .held: self = .held
        case .uncertain: self = .uncertain
        case .cancelled: self = .cancelled
        }
    }

    /// The task states and extra condition that select this state.
    public var taskState: QueuedTask.State {
        switch self {
        case .scheduled, .retrying: .queued
        case .held: .held
        case .sending: .running
        case .sent: .done
        case .failed: .failed
        case .uncertain: .uncertain
        case .cancelled: .cancelled
        }
    }
}

/// One outbound email with where it stands: what the outbox lists.
public struct OutboxEmail: Sendable {
    public var task: QueuedTask
    public var state: OutboxState
    public var payload: OutboundPayload?
    public var recipient: String?
    public var subject: String?
    public var conversationID: Conversation.ID?

    public init(task: QueuedTask, state: OutboxState, payload: OutboundPayload? = nil, recipient: String? = nil, subject: String? = nil, conversationID: Conversation.ID? = nil) {
        self.task = task
        self.state = state
        self.payload = payload
        self.recipient = recipient
        self.subject = subject
        self.conversationID = conversationID
    }
}

/// What an outbound email's task carries.
public struct OutboundPayload: Codable, Sendable, Equatable {
    public var messageID: String
    public var purpose: MailPurpose
    /// The envelope sender (the From address), when known.
    public var from: String?

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case purpose, from
    }

    public init(messageID: String, purpose: MailPurpose, from: String?) {
        self.messageID = messageID
        self.purpose = purpose
        self.from = from
    }

    public var json: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }

    public init?(task: QueuedTask) {
        guard let decoded = try? JSONDecoder().decode(OutboundPayload.self, from: Data(task.payload.utf8)) else { return nil }
        self = decoded
    }
}

/// The owner's decisions. Each returns the email as it now stands, or nil when it is not in
/// a state the decision applies to (or not in this workspace).
public enum OutboxDecision: Sendable {
    /// Send at once: a scheduled, held or retrying email goes now.
    case sendNow
    /// A held reply still fits: it goes at `at` (the next window), for `note`.
    case release(at: Instant, note: String)
    /// Do not send it.
    case cancel
    /// A failed email is tried again now.
    case retry
    /// The owner checked an uncertain email: it did arrive (sent), or it did not (queued again now).
    case settle(arrived: Bool)
}

extension OutboxEmail {
    /// The note on an email held because it was written before sending was set up.
    public static let reviewNote = "waiting for your review: written before sending was set up"
}
