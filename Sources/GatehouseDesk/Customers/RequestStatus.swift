import Foundation
import GatehouseCore
import GatehouseStore

/// A customer's view of one request, found by the unguessable token of its status link: the
/// promise, what has happened, and the replies that have actually been sent — never a reply
/// still waiting for its window or held by the owner, never an internal note.
public struct RequestStatus: Sendable {
    let database: Database
    let clock: any DeskClock

    public init(database: Database, clock: any DeskClock) {
        self.database = database
        self.clock = clock
    }

    /// One thing that happened, as the customer is told it.
    public struct Event: Sendable, Equatable {
        public var when: Instant
        public var what: String
        public var subject: String?
        public var text: String?
    }

    public struct View: Sendable {
        public var workspace: Workspace
        public var policy: Policy
        public var subject: String
        /// Where the request stands, in one sentence.
        public var state: String
        /// Whether the request is urgent by the policy, and the owner was alerted to it.
        public var alerted: Bool
        public var events: [Event]
    }

    /// The request behind a status token, or nil when there is none (or its workspace's policy
    /// does not read).
    public func view(token: String) async throws -> View? {
        guard let conversation = try await Conversations.withStatusToken(token, database: database),
              let workspace = try await Workspaces(database: database).find(id: conversation.workspaceID),
              let policy = try? workspace.policy(), let calendar = try? workspace.businessCalendar()
        else { return nil }
        let business = policy.business.name
        let thread = try await Conversations(database: database, workspaceID: workspace.id).thread(conversation.id)
        // What left, by message: when the mail server took it, and why it was sent.
        var left: [String: (at: Instant, purpose: MailPurpose)] = [:]
        for email in try await Outbox(database: database, workspaceID: workspace.id).list(conversationID: conversation.id)
        where email.state == .sent {
            if let payload = email.payload { left[payload.messageID] = (Instant(secondsSince1970: email.task.updatedAt), payload.purpose) }
        }
        var events: [Event] = []
        // The latest reply that left after the customer's latest message.
        var answeredAt: Instant?
        for message in thread {
            switch message.direction {
            case .inbound:
                events.append(Event(when: Instant(secondsSince1970: message.receivedAt), what: "Your message reached \(business)",
                                    subject: message.subject ?? conversation.subject))
                answeredAt = nil
            case .outbound:
                guard let sent = left[message.id] else { continue }  // Mail not sent yet stays on the owner's side.
                switch sent.purpose {
                case .acknowledgement:
                    // Its promise is the page's own sentence; its text would only link back here.
                    events.append(Event(when: sent.at, what: "\(business) confirmed that your message arrived"))
                case .reply:
                    let text = (message.newText ?? message.text).trimmingCharacters(in: .whitespacesAndNewlines)
                    events.append(Event(when: sent.at, what: "\(business) wrote to you", text: text.isEmpty ? nil : text))
                    answeredAt = sent.at
                case .booking:
                    events.append(Event(when: sent.at, what: "\(business) sent you the details of your booking"))
                case .ownerAlert:
                    continue  // For the owner, not the customer.
                }
            default:
                continue  // Internal notes stay on the owner's side.
            }
        }
        // Answers the owner sent from their own mail app (read from the Sent folder) answer too:
        // one after the customer's latest message means the request is answered, never still waiting.
        let latestInbound = thread.filter { $0.direction == .inbound }.map { Instant(secondsSince1970: $0.receivedAt) }.max()
        for elsewhere in try await OwnerReplies(database: database, workspaceID: workspace.id).answers(conversationID: conversation.id) {
            events.append(Event(when: elsewhere, what: "\(business) wrote to you by email"))
            if latestInbound.map({ elsewhere >= $0 }) ?? true, answeredAt.map({ elsewhere > $0 }) ?? true { answeredAt = elsewhere }
        }
        events.sort { $0.when < $1.when }
        let zone = policy.business.zoneCity
        let alerts = try await Alerts(database: database, workspaceID: workspace.id).about(conversationID: conversation.id)
        let alert: RequestState.Alert? = alerts.isEmpty ? nil
            : alerts.contains { $0.acknowledgedAt != nil } ? .acknowledged : .sent
        // The ledger's open promise, else the last one that was owed (kept or broken by the answer).
        let promises = try await Promises(database: database, workspaceID: workspace.id).history(conversationID: conversation.id)
        let promise = conversation.promisedAt
            ?? promises.last(where: { $0.outcome == .kept || $0.outcome == .broken })?.due
        let state = RequestState.sentence(isOpen: conversation.status == .open, promise: promise,
                                          answeredAt: answeredAt, alert: alert,
                                          now: clock.now(), business: business, zone: zone, spoken: calendar.spoken)
        return View(workspace: workspace, policy: policy, subject: conversation.subject, state: state,
                    alerted: alert != nil, events: events)
    }
}
