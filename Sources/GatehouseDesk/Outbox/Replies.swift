import Crypto
import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// Why a reply cannot be queued, naming the field.
public struct ReplyProblem: DeskProblem, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable { case notFound, invalid }
    public var code: Code
    public var field: String?
    public var message: String

    public var kind: ProblemKind { code == .notFound ? .notFound : .invalid }
    public var detail: String { message }
    public var description: String { sentence }
}

/// Who wrote a reply, and when they opened the composer it was written in (seconds since
/// 1970; nil when the form or API client did not say).
public struct ReplyWriter: Sendable, Equatable {
    /// A user id, or `token:ID` for an API token.
    public var actor: String
    public var composerOpenedAt: Int64?

    public init(actor: String, composerOpenedAt: Int64?) {
        self.actor = actor
        self.composerOpenedAt = composerOpenedAt
    }
}

/// A reply the owner wrote: the outbox entry it waits in, and the writing time recorded for it.
public struct WrittenReply: Sendable {
    public var email: OutboxEmail
    public var time: ReplyTime.Outcome
    /// Whether it is due now, so the outbox is to be woken for it.
    public var leavesNow: Bool
}

/// The owner's replies: written whenever it suits the owner, delivered in the policy's response
/// windows; several for one customer and one window go out as one email.
public struct Replies: Sendable {
    let database: Database
    let workspace: Workspace
    let policy: Policy
    let calendar: BusinessCalendar

    /// The longest reply accepted, in characters.
    public static let maximumLength = 100_000

    public init(database: Database, workspace: Workspace) throws {
        self.database = database
        self.workspace = workspace
        policy = try workspace.policy()
        calendar = try workspace.businessCalendar()
    }

    /// Queues `text` as a reply in the conversation, for the next response window (or at once
    /// when the conversation is urgent or `sendNow`); returns the outbox entry it is in.
    public func write(conversationID: Conversation.ID, text: String, sendNow: Bool, now: Instant) async throws -> OutboxEmail {
        try await queue(conversationID: conversationID, text: text, sendNow: sendNow, now: now).email
    }

    /// The owner's reply, from a page or the API alike: queued as `write` queues it, with the
    /// time spent writing it recorded for the customer (from when `writer`'s composer was
    /// opened; nothing when it does not say). The reply is kept whatever happens to the time.
    public func write(conversationID: Conversation.ID, text: String, sendNow: Bool, writer: ReplyWriter,
                      now: Instant) async throws -> WrittenReply {
        let (email, conversation) = try await queue(conversationID: conversationID, text: text, sendNow: sendNow, now: now)
        // Answering an urgent matter is acknowledging its alert: nobody else is called for it.
        if conversation.urgent {
            try await Alerts(database: database, workspaceID: workspace.id)
                .acknowledge(conversationID: conversationID, by: "reply", now: now)
        }
        let time = await ReplyTime(database: database, workspace: workspace)
            .record(customerID: conversation.customerID, conversationID: conversationID, userID: writer.actor,
                    shown: writer.composerOpenedAt, sent: now)
        return WrittenReply(email: email, time: time, leavesNow: email.task.runAt <= now.secondsSince1970)
    }

    private func queue(conversationID: Conversation.ID, text: String, sendNow: Bool,
                       now: Instant) async throws -> (email: OutboxEmail, conversation: Conversation) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ReplyProblem(code: .invalid, field: "text", message: "the reply is empty") }
        guard trimmed.count <= Self.maximumLength else {
            throw ReplyProblem(code: .invalid, field: "text", message: "the reply is longer than \(Self.maximumLength) characters")
        }
        let thread = try await thread(conversationID)
        let timing = ReplySchedule.timing(written: now, customerWrote: thread.customerWrote, promise: thread.conversation.promisedAt,
                                          urgent: thread.conversation.urgent,
                                          sendNow: sendNow, calendar: calendar)
        let outbox = Outbox(database: database, workspaceID: workspace.id)
        if !sendNow, !thread.conversation.urgent,
           let pending = try await outbox.pendingReply(customerID: thread.conversation.customerID, sendAt: timing.sendAt),
           let pendingConversation = pending.email.conversationID {
            // One email for the window: the new words join the reply already waiting.
            let earlier = pending.message.textBody ?? ""
            let joined = pendingConversation == conversationID
                ? earlier + "\n\n" + trimmed
                : earlier + "\n\nAbout \u{201C}\(thread.conversation.subject)\u{201D}:\n\n" + trimmed
            let first = pendingConversation == conversationID ? thread : try await self.thread(pendingConversation)
            let mail = try compose(thread: first, text: joined, messageID: pending.message.headerMessageID, now: now)
            let raw = mail.rendered()
            if try await outbox.replaceDraft(taskID: pending.email.task.id, messageID: pending.message.id, raw: raw,
                                             contentHash: DeskMail.contentHash(raw), text: joined,
                                             note: timing.reason + "; together with the reply already waiting", now: now),
               let updated = try await outbox.get(pending.email.task.id) {
                return (updated, thread.conversation)
            }
        }
        let mail = try compose(thread: thread, text: trimmed, messageID: nil, now: now)
        let raw = mail.rendered()
        return (try await outbox.schedule(
            ReplyDraft(conversationID: conversationID, raw: raw, contentHash: DeskMail.contentHash(raw),
                       headerMessageID: mail.messageID, recipient: thread.recipient, sender: mail.from.address,
                       subject: mail.subject, text: trimmed, sendAt: timing.sendAt, note: timing.reason),
            now: now), thread.conversation)
    }

    struct Thread {
        var conversation: Conversation
        var recipient: String
        var recipientName: String
        var customerWrote: Instant?
        var inReplyTo: String?
        var references: [String]
    }

    private func thread(_ conversationID: Conversation.ID) async throws -> Thread {
        guard let (conversation, messages) = try await Conversations(database: database, workspaceID: workspace.id)
            .get(conversationID)
        else {
            throw ReplyProblem(code: .notFound, field: "conversation", message: "there is no conversation \(conversationID)")
        }
        guard let customer = try await Customers(database: database, workspaceID: workspace.id).get(conversation.customerID),
              let address = customer.emails.first
        else {
            throw ReplyProblem(code: .invalid, field: "conversation",
                               message: "the customer has no email address to reply to; add one to the customer first")
        }
        let lastInbound = messages.last { $0.direction == .inbound }
        let ids = messages.compactMap(\.headerMessageID).filter { !$0.isEmpty }
        return Thread(conversation: conversation, recipient: address, recipientName: customer.name,
                      customerWrote: lastInbound?.receivedAt,
                      inReplyTo: lastInbound?.headerMessageID, references: Array(ids.suffix(10)))
    }

    private func compose(thread: Thread, text: String, messageID: String?, now: Instant) throws -> OutgoingMail {
        let subject = DeskMail.replySubject(thread.conversation.subject)
        let deskMail = DeskMail(policy: policy, workspace: workspace)
        let mail = OutgoingMail(from: deskMail.from,
                                to: [.init(name: thread.recipientName, address: thread.recipient)], subject: subject,
                                // Signed once by the policy's rule, whatever the owner typed under it.
                                text: policy.signature.signing(text), messageID: messageID ?? deskMail.newMessageID(),
                                inReplyTo: thread.inReplyTo, references: thread.references, isAutomatic: false,
                                date: now.secondsSince1970)
        do {
            try mail.validate()
        } catch {
            throw ReplyProblem(code: .invalid, field: error.field.hasPrefix("to") ? "customer email" : error.field,
                               message: error.message)
        }
        return mail
    }
}

extension Replies {
    /// The owner looked at a held reply and it still fits: it goes in the next response window
    /// after the customer's latest message (or at once for an urgent conversation).
    public func release(_ taskID: String, now: Instant) async throws -> OutboxEmail? {
        let outbox = Outbox(database: database, workspaceID: workspace.id)
        guard let email = try await outbox.get(taskID), email.state == .held, let conversationID = email.conversationID else {
            return nil
        }
        let thread = try await thread(conversationID)
        let timing = ReplySchedule.timing(written: now, customerWrote: thread.customerWrote, promise: thread.conversation.promisedAt,
                                          urgent: thread.conversation.urgent,
                                          sendNow: false, calendar: calendar)
        return try await outbox.decide(taskID, .release(at: timing.sendAt, note: timing.reason + "; released by the owner"), now: now)
    }
}
