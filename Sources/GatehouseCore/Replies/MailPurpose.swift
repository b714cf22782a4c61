/// Why the desk sends an email: what the outbox lists it as and what the owner's pages call it.
public enum MailPurpose: String, Sendable, Equatable, Codable, CaseIterable {
    /// The automatic answer to a customer's message, with its promise.
    case acknowledgement
    /// An alert to the owner about a message that cannot wait.
    case ownerAlert = "owner-alert"
    /// The owner's own reply (and the job mail sent as one).
    case reply
    /// A booking's confirmation, move, cancellation or reminder, with its calendar invitation.
    case booking
}
