import GatehouseCore
import GatehouseStore

/// Everything the owner reads about one conversation on its page: the conversation and its
/// thread, the emails the desk wrote in it and where each stands, the customer, the owner's
/// corrections, their jobs, this month's time with them and the time box a call would get.
public struct ConversationFile: Sendable {
    public var conversation: Conversation
    public var thread: [ThreadMessage]
    public var emails: [OutboxEmail]
    public var customer: Customer?
    public var corrections: [Correction]
    public var jobs: [Job]
    /// The owner's time with the customer this month.
    public var usedThisMonth: TimeSpan
    /// The time box a call with the customer would get now.
    public var timeBox: TimeBox?
    /// The customer closed it with a help article's "this solved it".
    public var selfServed = false
    /// Every promise of an answer made in it, oldest first, and how each ended.
    public var promises: [PromiseEntry] = []
}

extension ConversationFile {
    /// The thread oldest first, as its people lived it: messages written in the same second come
    /// in the order they reach their reader — what arrived, then what leaves first (a booking's
    /// confirmation, sent at once, before the reminder queued with it for the day before).
    public static func inReadingOrder(_ thread: [ThreadMessage], emails: [OutboxEmail]) -> [ThreadMessage] {
        let leaves = Dictionary(emails.compactMap { email in email.payload.map { ($0.messageID, email.task.runAt) } }) { a, _ in a }
        func reaches(_ message: ThreadMessage) -> Int64 {
            message.direction == .inbound ? message.receivedAt : message.sentAt ?? leaves[message.id] ?? message.receivedAt
        }
        return thread.enumerated().sorted { a, b in
            if a.element.receivedAt != b.element.receivedAt { return a.element.receivedAt < b.element.receivedAt }
            let (first, second) = (reaches(a.element), reaches(b.element))
            return first != second ? first < second : a.offset < b.offset
        }.map(\.element)
    }
}

/// What the owner decides about an email of a conversation from its page.
public enum ConversationEmailDecision: String, Sendable {
    case sendNow = "send-now"
    case cancel
    /// A held reply goes in the next response window after all.
    case release
}

extension WorkspaceDesk {
    /// The conversation's file, when it is this workspace's (a merged conversation's own row, so
    /// the page can send the owner on to the one it joined).
    public func conversationFile(_ id: Conversation.ID) async throws -> ConversationFile? {
        let conversations = Conversations(database: database, workspaceID: workspace.id)
        guard let conversation = try await conversations.find(id) else { return nil }
        let customer = try await Customers(database: database, workspaceID: workspace.id).get(conversation.customerID)
        let calendar = try self.calendar()
        let month = calendar.month(of: now)
        var timeBox: TimeBox?
        if let customer {
            timeBox = try await TimeBoxedSessions(database: database, workspace: workspace)
                .proposal(customer: customer, appointment: nil, now: now).box
        }
        let selfServed = conversation.status == .closed
            ? !(try await HelpArticles(database: database, workspaceID: workspace.id).selfServed(conversationIDs: [id]).isEmpty)
            : false
        let emails = try await outbox.list(conversationID: id)
        return ConversationFile(
            conversation: conversation,
            thread: conversation.mergedInto == nil ? ConversationFile.inReadingOrder(try await conversations.thread(id), emails: emails) : [],
            emails: emails,
            customer: customer,
            corrections: try await Corrections(database: database, workspaceID: workspace.id).list(conversationID: id),
            jobs: try await Jobs(database: database, workspaceID: workspace.id).list(customerID: conversation.customerID),
            usedThisMonth: try await TimeEntries(database: database, workspaceID: workspace.id)
                .total(customerID: conversation.customerID, from: month.start, to: month.end),
            timeBox: timeBox,
            selfServed: selfServed,
            promises: try await Promises(database: database, workspaceID: workspace.id).history(conversationID: id))
    }

    /// Applies the owner's decision to an email of the conversation: nil when the email is not
    /// this conversation's, `.some(nil)` when it has moved on (sent, cancelled or changed).
    public func decideEmail(_ taskID: String, of conversationID: Conversation.ID,
                            _ decision: ConversationEmailDecision) async throws -> OutboxEmail?? {
        // Only mail of this conversation is decided from its page.
        guard try await outbox.get(taskID)?.conversationID == conversationID else { return nil }
        let changed: OutboxEmail? = switch decision {
        case .sendNow: try await outbox.decide(taskID, .sendNow, now: now)
        case .cancel: try await outbox.decide(taskID, .cancel, now: now)
        case .release: try await replies().release(taskID, now: now)
        }
        if changed != nil { nudgeOutbox() }
        return .some(changed)
    }
}
