import GatehouseCore
import GatehouseStore

/// "Save this reply as an article": a draft article started from a reply the owner sent,
/// with the customer's details taken out (`ReplyArticle` in Core decides what goes).
public struct SavedReplyArticle: Sendable, Equatable {
    /// The draft, kept unpublished for the owner to finish.
    public var article: StoredArticle
    /// What was removed from the reply, in plain words.
    public var reasons: [String]
}

extension WorkspaceDesk {
    /// The owner's help articles, their changes recorded under `actor` (a user or an API token).
    public func helpDesk(actor: String) -> HelpDesk {
        HelpDesk(database: database, workspaceID: workspace.id, actor: actor)
    }

    /// Whether the message can start an article: a reply of the business's that has left
    /// (sent by the desk, or found in the mailbox's Sent folder), never an acknowledgement or an alert.
    public static func isSentReply(_ message: ThreadMessage, email: OutboxEmail?) -> Bool {
        guard message.direction == .outbound else { return false }
        guard let email else { return true }
        return email.payload?.purpose == .reply && email.state == .sent
    }

    /// Starts a draft article from the sent reply `messageID` of conversation `conversationID`;
    /// nil when either is not this workspace's or the message is not a sent reply.
    public func articleFromReply(conversationID: Conversation.ID, messageID: String, actor: String) async throws -> SavedReplyArticle? {
        let conversations = Conversations(database: database, workspaceID: workspace.id)
        guard let conversation = try await conversations.find(conversationID),
              let message = try await conversations.thread(conversationID).first(where: { $0.id == messageID }) else { return nil }
        let email = try await outbox.list(conversationID: conversationID).first { $0.payload?.messageID == messageID }
        guard Self.isSentReply(message, email: email) else { return nil }
        let customer = try await Customers(database: database, workspaceID: workspace.id).get(conversation.customerID)
        let policy = try workspace.policy()
        let details = ReplyArticle.Details(
            customerName: customer?.name ?? "", customerEmails: customer?.emails ?? [], customerPhones: customer?.phones ?? [],
            tokens: [conversation.statusToken].compactMap { $0 },
            businessEmail: policy.business.email, businessPhone: policy.business.phone)
        let made = ReplyArticle.draft(reply: message.newText ?? message.text, subject: conversation.subject, details: details)
        let article = try await helpDesk(actor: actor).write(made.draft, now: now)
        return SavedReplyArticle(article: article, reasons: made.reasons)
    }
}
