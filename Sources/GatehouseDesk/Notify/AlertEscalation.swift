import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore
import Logging

/// Passes on an alert nobody acknowledged: `urgent.acknowledge_within` after it went out, if no
/// one has tapped "I've got it" (or replied), it goes by email to the next person in the team's
/// on-call order and the push is repeated; then again, until the order is used up and the owner
/// has been reminded once more. Each step is a task, so a restart loses none and repeats none.
public struct AlertEscalation: Sendable {
    let database: Database
    /// The desk's public address, which alert links begin with.
    let publicBaseURL: String
    let owner: String
    let logger: Logger

    public init(database: Database, publicBaseURL: String, owner: String = "escalations-\(NewID.make().prefix(8))",
                logger: Logger = Logger(label: "gatehouse.alerts")) {
        self.database = database
        self.publicBaseURL = publicBaseURL
        self.owner = owner
        self.logger = logger
    }

    /// What one step did.
    public enum Outcome: Sendable, Equatable {
        /// Someone had acknowledged the alert: nothing more to do.
        case alreadyAcknowledged
        /// Passed on to this address (and the push repeated when one is set up).
        case passedOn(to: String)
        /// The alert or its workspace is gone.
        case gone
    }

    /// Takes every step that is due now; returns what each did.
    @discardableResult
    public func runDue(now: @Sendable () -> Instant) async throws -> [Outcome] {
        let queue = TaskQueue(database: database)
        var outcomes: [Outcome] = []
        while true {
            let claimed = try await queue.claim(owner: owner, kinds: [AlertPushes.escalationKind], limit: 10,
                                                lease: .minutes(2), now: now())
            if claimed.isEmpty { return outcomes }
            for task in claimed {
                do {
                    outcomes.append(try await step(task, now: now()))
                    _ = try await queue.complete(task.id, owner: owner, now: now())
                } catch {
                    logger.warning("an alert could not be passed on", metadata: ["error": "\(error)"])
                    _ = try await queue.fail(task.id, owner: owner, reason: "\(error)", retryAt: now() + .minutes(1), now: now())
                }
            }
        }
    }

    private func step(_ task: QueuedTask, now: Instant) async throws -> Outcome {
        guard let escalation = try? JSONDecoder().decode(AlertPushes.Escalation.self, from: Data(task.payload.utf8)),
              let (workspaceID, alert) = try await Alerts.find(token: escalation.token, database: database),
              let workspace = try await Workspaces(database: database).find(id: workspaceID),
              let policy = try? workspace.policy(),
              let thread = try await Conversations(database: database, workspaceID: workspaceID).get(alert.conversationID)
        else { return .gone }
        guard alert.acknowledgedAt == nil else { return .alreadyAcknowledged }
        let alerts = Alerts(database: database, workspaceID: workspaceID)
        let settings = try await alerts.settings()
        let primary = AlertMail.recipient(settings, policy: policy) ?? ""
        // The on-call order in turn, then the first destination once more.
        let people = settings.onCall
        let step = escalation.step
        let to = step <= people.count ? people[step - 1] : primary
        let last = step >= people.count + 1
        let customer = try await Customers(database: database, workspaceID: workspaceID).get(thread.conversation.customerID)
        let who = customer?.name ?? "a customer"
        let waited = TimeSpan(seconds: policy.urgent.acknowledgeWithin.seconds * Int64(step))
        let link = publicBaseURL + "/alerts/" + alert.token
        let title = "Still waiting: " + AlertMail.title(subject: thread.conversation.subject, customer: who)
        let message = thread.messages.first { $0.id == alert.messageID }
        let text = OwnerNotice.excerpt(message?.textBody ?? "")
        let push = settings.pushes
            ? AlertPush(title: title, message: text, link: link, contact: customer?.emails.first ?? "").json : nil
        try await alerts.escalate(alert, step: step, to: to, push: push,
                                  nextAt: last ? nil : (now + policy.urgent.acknowledgeWithin).secondsSince1970, now: now)
        if !to.isEmpty {
            let mail = DeskMail(policy: policy, workspace: workspace)
            let outgoing = AlertMail.email(
                to: to, name: nil, subject: title,
                reasons: ["Nobody has tapped “I've got it” in \(waited.spokenDescription), so this comes to you."]
                    + thread.conversation.reasons.filter { $0.hasPrefix("urgent") },
                customer: who, contact: customer?.emails.first ?? "", message: message?.textBody ?? "",
                about: thread.conversation.subject, statusLink: "", alertLink: link, policy: policy, mail: mail, now: now)
            let body = outgoing.text
            let raw = outgoing.rendered()
            let draft = ReplyDraft(conversationID: alert.conversationID, raw: raw, contentHash: DeskMail.contentHash(raw),
                                   headerMessageID: outgoing.messageID, recipient: to, sender: mail.from.address,
                                   subject: title, text: body, sendAt: now, note: "owner-alert: nobody had acknowledged it")
            try await Outbox(database: database, workspaceID: workspaceID)
                .queueNotice(draft, key: "escalate-mail:\(alert.messageID):\(step)", now: now)
        }
        return .passedOn(to: to)
    }
}
