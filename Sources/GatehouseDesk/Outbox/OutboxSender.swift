import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore
import Logging

/// What one round of deliveries did.
public struct OutboxRound: Sendable, Equatable {
    public var sent = 0
    public var retrying = 0
    public var failed = 0
    public var uncertain = 0
    /// Not tried: the workspace has no way to send mail set up yet.
    public var waiting = 0
    /// Not tried: so late that the owner sees it first (`LateMail`).
    public var held = 0

    public init() {}

    public var total: Int { sent + retrying + failed + uncertain + waiting + held }

    static func + (a: OutboxRound, b: OutboxRound) -> OutboxRound {
        var sum = a
        sum.sent += b.sent
        sum.retrying += b.retrying
        sum.failed += b.failed
        sum.uncertain += b.uncertain
        sum.waiting += b.waiting
        sum.held += b.held
        return sum
    }
}

/// Delivers due outbound email, exactly once: each message is claimed with a lease by one
/// instance; the step before the final dot is recorded, so that a message whose answer was
/// lost (a dropped connection, a crash) is marked uncertain and shown to the owner rather than
/// sent again; a message the server accepted is never sent again.
public struct OutboxSender: Sendable {
    let database: Database
    let key: ServerKey
    let delivery: OutboxDelivery
    let logger: Logger
    /// How many messages one claim takes, and how long the claim holds.
    public var batch: Int
    public var lease: TimeSpan
    /// At most this many connections to one workspace's mail server at once.
    public var connections: Int

    /// Pauses before the 2nd, 3rd, … attempt after a 4xx answer or a failed connection; after the
    /// last, the message has failed.
    public static let retryPauses: [TimeSpan] = [.minutes(1), .minutes(5), .minutes(15), .hours(1), .hours(3), .hours(6),
                                                 .hours(12), .hours(24)]
    /// How long a workspace with no way to send mail waits before the outbox looks again.
    public static let notSetUpPause = TimeSpan.minutes(10)

    public init(database: Database, key: ServerKey, owner: String = "outbox-\(NewID.make().prefix(8))", batch: Int = 200,
                lease: TimeSpan = .minutes(5), connections: Int = 4, logger: Logger = Logger(label: "gatehouse.outbox")) {
        self.connections = max(1, connections)
        self.database = database
        self.key = key
        self.delivery = OutboxDelivery(database: database, owner: owner)
        self.batch = batch
        self.lease = lease
        self.logger = logger
    }

    struct LeaseLost: Error {}

    /// Delivers everything that is due now, in every workspace.
    @discardableResult
    public func deliverDue(now: @escaping @Sendable () -> Instant) async throws -> OutboxRound {
        var round = OutboxRound()
        while true {
            let tasks = try await delivery.claim(limit: batch, lease: lease, now: now())
            if tasks.isEmpty { return round }
            let messages = try await delivery.messages(for: tasks)
            let settings = try await MailSettingsStore(database: database).get(workspaceIDs: tasks.compactMap(\.workspaceID))
            for (workspaceID, group) in Dictionary(grouping: tasks, by: { $0.workspaceID ?? "" }) {
                round = round + (try await deliver(group, stored: settings[workspaceID], messages: messages, now: now))
            }
        }
    }

    private func deliver(_ tasks: [QueuedTask], stored: StoredMailSettings?,
                         messages: [String: (workspaceID: Workspace.ID, raw: Data, recipient: String?)],
                         now: @escaping @Sendable () -> Instant) async throws -> OutboxRound {
        var round = OutboxRound()
        var ready: [(task: QueuedTask, from: String, to: String, raw: Data)] = []
        for task in tasks {
            if task.phase == "committing" {
                // Claimed again after its sender stopped between the final dot and the answer.
                _ = try await delivery.markUncertain(task.id, reason: "Gatehouse stopped after handing the whole message to "
                                                     + "the mail server and before its answer: it may or may not have arrived",
                                                     now: now())
                round.uncertain += 1
                continue
            }
            guard let payload = OutboundPayload(task: task), let message = messages[payload.messageID],
                  message.workspaceID == task.workspaceID, let recipient = message.recipient
            else {
                _ = try await delivery.fail(task.id, reason: "the message to send is missing", retryAt: nil, now: now())
                round.failed += 1
                continue
            }
            if let problem = Self.addressProblem(recipient) {
                _ = try await delivery.fail(task.id, reason: problem, retryAt: nil, now: now())
                round.failed += 1
                continue
            }
            // Long failing, or due long ago: the owner sees it before it goes.
            let tried = max(0, task.attempts - 1)
            let failingFor = Self.retryPauses.prefix(tried).reduce(TimeSpan(seconds: 0), +)
            if stored != nil, let note = LateMail.reason(dueAt: Instant(secondsSince1970: task.runAt), failingFor: failingFor, now: now()) {
                if try await delivery.holdForReview(task.id, note: note, now: now()) { round.held += 1 }
                logger.info("email held for review", metadata: ["task": "\(task.id)", "reason": "\(note)"])
                continue
            }
            // Emails queued before the payload named its sender: the From address of the message itself.
            let from = payload.from ?? (try? MailReader.read(message.raw))?.from.first?.address ?? ""
            ready.append((task, from, recipient, message.raw))
        }
        guard !ready.isEmpty else { return round }
        guard let stored else {
            for item in ready {
                _ = try await delivery.postpone(item.task.id, until: now() + Self.notSetUpPause,
                                                note: "waiting: no way to send mail is set up yet (set it in Settings → Email)",
                                                now: now())
                round.waiting += 1
            }
            return round
        }
        let sending: MailSending
        do {
            sending = try MailSending(stored: stored, key: key)
        } catch {
            for item in ready {
                _ = try await delivery.postpone(item.task.id, until: now() + Self.notSetUpPause, note: "waiting: \(error)", now: now())
                round.waiting += 1
            }
            return round
        }
        switch sending.method {
        case .sendmail(let path):
            let command = SendmailCommand(path: path)
            for item in ready {
                let from = sending.envelopeSender ?? item.from
                let outcome = await command.send(from: from, data: HandoffDate.stamped(item.raw, at: now().secondsSince1970))
                round = round + (try await record(outcome, for: item.task, now: now))
            }
        case .smtp(let smtp):
            // A large batch (a window's start) goes over a few connections at once; each reused.
            let lanes = max(1, min(connections, ready.count / 25))
            let share = (ready.count + lanes - 1) / lanes
            let parts = stride(from: 0, to: ready.count, by: share).map { Array(ready[$0..<min($0 + share, ready.count)]) }
            let sender = self
            try await withThrowingTaskGroup(of: OutboxRound.self) { group in
                for part in parts {
                    group.addTask {
                        try await sender.deliverSMTP(part, settings: smtp, envelopeSender: sending.envelopeSender, now: now)
                    }
                }
                for try await lane in group { round = round + lane }
            }
        }
        return round
    }

    private func deliverSMTP(_ ready: [(task: QueuedTask, from: String, to: String, raw: Data)], settings: SMTPServerSettings,
                             envelopeSender: String?, now: @escaping @Sendable () -> Instant) async throws -> OutboxRound {
        var round = OutboxRound()
        var pending = ready[...]
        let delivery = self.delivery
        while !pending.isEmpty {
            do {
                try await SMTPClient.withConnection(settings) { connection in
                    while let item = pending.first, !connection.isBroken {
                        pending.removeFirst()
                        let outcome: SMTPSendOutcome
                        do {
                            let handed = HandoffDate.stamped(item.raw, at: now().secondsSince1970)
                            outcome = try await connection.send(from: envelopeSender ?? item.from, to: [item.to], data: handed) {
                                guard try await delivery.markCommitting(item.task.id, now: now()) else { throw LeaseLost() }
                            }
                        } catch is LeaseLost {
                            // Another instance holds it now; it is theirs to send. This connection was abandoned.
                            logger.warning("lost the lease of an email before sending it", metadata: ["task": "\(item.task.id)"])
                            return
                        }
                        round = round + (try await record(outcome, for: item.task, now: now))
                    }
                }
            } catch let error as SMTPError {
                // The connection as a whole failed (unreachable, TLS, sign-in): every message still
                // waiting is retried later with the reason; none of them reached the server.
                for item in pending {
                    round = round + (try await record(.deferred(error.message), for: item.task, now: now))
                }
                pending = []
            }
        }
        return round
    }

    private func record(_ outcome: SMTPSendOutcome, for task: QueuedTask, now: @Sendable () -> Instant) async throws -> OutboxRound {
        var round = OutboxRound()
        switch outcome {
        case .accepted(let reply):
            _ = try await delivery.markSent(task.id, queueID: reply.queueID, now: now())
            round.sent = 1
        case .deferred(let reason):
            // `attempts` counts this one: the pause after the n-th attempt is retryPauses[n - 1].
            let pause = task.attempts >= 1 && task.attempts <= Self.retryPauses.count ? Self.retryPauses[task.attempts - 1] : nil
            _ = try await delivery.fail(task.id, reason: reason, retryAt: pause.map { now() + $0 }, now: now())
            if pause == nil { round.failed = 1 } else { round.retrying = 1 }
            logger.info("email not sent yet", metadata: ["task": "\(task.id)", "reason": "\(reason)"])
        case .rejected(let reason):
            _ = try await delivery.fail(task.id, reason: reason, retryAt: nil, now: now())
            round.failed = 1
            logger.warning("email refused", metadata: ["task": "\(task.id)", "reason": "\(reason)"])
        case .uncertain(let reason):
            _ = try await delivery.markUncertain(task.id, reason: reason, now: now())
            round.uncertain = 1
            logger.warning("email uncertain", metadata: ["task": "\(task.id)", "reason": "\(reason)"])
        }
        return round
    }

    /// Why an address cannot be sent to, or nil.
    public static func addressProblem(_ address: String) -> String? {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count != 2 || parts[0].isEmpty || parts[1].isEmpty {
            return "the address '\(address.prefix(100))' is not a full email address (it needs a name, an @ and a domain)"
        }
        if address.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "<" || $0 == ">" || $0.asciiValue.map { $0 < 32 } == true }) {
            return "the address '\(address.prefix(100).filter { !$0.isNewline })' contains spaces, line breaks or brackets"
        }
        return nil
    }

    /// The test email "send test email" sends: from the business, as its other mail, to `to`.
    public static func testMail(to: String, workspace: Workspace, policy: Policy, now: Instant) -> OutgoingMail {
        let deskMail = DeskMail(policy: policy, workspace: workspace)
        return OutgoingMail(from: deskMail.from, to: [.init(address: to)],
                     subject: "Gatehouse test email",
                     text: "This is a test from Gatehouse. If you can read it, email from \(policy.business.name) "
                         + "will reach your customers this way.\n",
                     messageID: deskMail.newMessageID(),
                     isAutomatic: true, date: now.secondsSince1970)
    }

    /// Sends one test email at once with `sending`, outside the queue: what "send test email" shows.
    public static func sendTest(_ mail: OutgoingMail, with sending: MailSending) async -> SMTPSendOutcome {
        let data = mail.rendered()
        let from = sending.envelopeSender ?? mail.from.address
        switch sending.method {
        case .sendmail(let path):
            return await SendmailCommand(path: path).send(from: from, data: data)
        case .smtp(let settings):
            do {
                return try await SMTPClient.withConnection(settings) { connection in
                    try await connection.send(from: from, to: mail.envelopeRecipients, data: data)
                }
            } catch let error as SMTPError {
                return .deferred(error.message)
            } catch {
                return .deferred("\(error)")
            }
        }
    }
}
