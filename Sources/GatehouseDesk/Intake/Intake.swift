import Crypto
import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// How a desk answers incoming messages, apart from the policy.
public struct IntakeSettings: Sendable {
    /// Where the desk's public pages are, for the status link in acknowledgements.
    public var publicBaseURL: String
    /// At most one acknowledgement per customer in this much time.
    public var acknowledgementInterval: TimeSpan

    /// Called once a batch that queued webhook calls for the owner is committed, so they are
    /// made at once (a running desk nudges its `WebhookService`).
    public var ownerNoticesQueued: (@Sendable () -> Void)?
    /// Called once a batch that queued email (acknowledgements, alerts) is committed, so that it
    /// goes out at once (a running desk nudges its `OutboxService`).
    public var mailQueued: (@Sendable () -> Void)?

    public init(publicBaseURL: String = "http://127.0.0.1:8080", acknowledgementInterval: TimeSpan = .hours(12),
                ownerNoticesQueued: (@Sendable () -> Void)? = nil, mailQueued: (@Sendable () -> Void)? = nil) {
        self.publicBaseURL = publicBaseURL
        self.acknowledgementInterval = acknowledgementInterval
        self.ownerNoticesQueued = ownerNoticesQueued
        self.mailQueued = mailQueued
    }
}

/// What became of a batch of incoming messages.
public struct IntakeSummary: Sendable, Equatable {
    public var stored = 0
    public var duplicates = 0
    public var quarantined = 0
    public var filed = 0
    public var acknowledged = 0
    public var urgent = 0
    /// Messages the owner's webhooks are to hear about at once.
    public var ownerNotices = 0
    /// The stored messages that were acknowledged (the ids of `Receipt.stored`).
    public var acknowledgedMessageIDs: Set<String> = []

    public init() {}

    /// Both summaries together.
    public func adding(_ other: IntakeSummary) -> IntakeSummary {
        var sum = self
        sum.add(other)
        return sum
    }

    mutating func add(_ other: IntakeSummary) {
        stored += other.stored
        duplicates += other.duplicates
        quarantined += other.quarantined
        filed += other.filed
        acknowledged += other.acknowledged
        urgent += other.urgent
        ownerNotices += other.ownerNotices
        acknowledgedMessageIDs.formUnion(other.acknowledgedMessageIDs)
    }
}

/// Where one message went.
public struct IntakeOutcome: Sendable {
    public var receipt: Receipt
    /// How it was filed; nil for a duplicate or a message in quarantine.
    public var filing: FilingResult?
}

/// What happens to an inbound message: it is stored raw and durably first; then it is
/// read, tied to its customer and conversation, judged against the policy, and answered
/// at once with an honest promise. Filing can be resumed: whatever a crash interrupts is
/// still in the inbox and is filed by the next `fileWaiting`.
public struct Intake: Sendable {
    let database: Database
    let workspace: Workspace
    let policy: Policy
    let calendar: BusinessCalendar
    let triage: Triage
    let settings: IntakeSettings
    /// The owner's alert settings and help articles, read once (`pinningSettings`) instead of
    /// for every batch.
    var pinned: (alerts: StoredAlertSettings, help: IntakeHelp?)?

    public init(database: Database, workspace: Workspace, settings: IntakeSettings = IntakeSettings()) throws {
        self.database = database
        self.workspace = workspace
        self.policy = try workspace.policy()
        self.calendar = try workspace.businessCalendar()
        self.triage = Triage(policy: policy)
        self.settings = settings
    }

    /// This intake with the owner's alert settings and help articles read now and kept, for a run
    /// in which nothing else changes them (a simulation on its own database): each batch then
    /// saves the three reads that find them.
    public func pinningSettings() async throws -> Intake {
        var pinned = self
        pinned.pinned = (try await Alerts(database: database, workspaceID: workspace.id).settings(),
                         await IntakeHelp.read(database: database, workspaceID: workspace.id))
        return pinned
    }

    /// The alert settings and help articles a batch is judged with.
    func alertsAndHelp() async throws -> (alerts: StoredAlertSettings, help: IntakeHelp?) {
        if let pinned { return pinned }
        return (try await Alerts(database: database, workspaceID: workspace.id).settings(),
                await IntakeHelp.read(database: database, workspaceID: workspace.id))
    }

    /// Stores a batch of raw emails in one transaction, then files the new ones. When this
    /// returns, every message is on disk; the receipts say which were new.
    public func ingestEmails(_ raws: [Data], now: Instant) async throws -> (receipts: [Receipt], summary: IntakeSummary) {
        try await ingest(Self.read(raws), now: now)
    }

    /// Raw emails that arrived at different moments (`arrivedAt`, one for each, in order), taken in
    /// as one batch: each is stored, judged, acknowledged and promised as of its own moment, as it
    /// would have been alone. For a simulation replaying a stretch of traffic, where nothing else
    /// happens between those moments (no reply leaves, nobody else writes).
    public func ingestEmails(_ raws: [Data], arrivedAt: [Instant]) async throws -> (receipts: [Receipt], summary: IntakeSummary) {
        precondition(raws.count == arrivedAt.count, "one arrival moment for each email")
        guard let last = arrivedAt.max() else { return ([], IntakeSummary()) }
        var emails = Self.read(raws)
        for index in emails.arrivals.indices { emails.arrivals[index].receivedAt = arrivedAt[index] }
        return try await ingest(emails, now: last, asOfArrival: true)
    }

    /// Raw emails read, ready to be stored and filed. Reading touches no database, so an import
    /// reads its next batch while the previous one is being written.
    public struct ReadEmails: Sendable {
        let parsed: [Result<ParsedMail, MailReadError>]
        var arrivals: [Arrival]

        /// The emails at `indices`, in that order.
        func subset(_ indices: [Int]) -> ReadEmails {
            indices.count == parsed.count ? self : ReadEmails(parsed: indices.map { parsed[$0] }, arrivals: indices.map { arrivals[$0] })
        }
    }

    /// Reads raw emails (what cannot be read is kept all the same, for the quarantine).
    public static func read(_ raws: [Data]) -> ReadEmails {
        let parsed = raws.map { raw in Result { () throws(MailReadError) in try MailReader.read(raw) } }
        return ReadEmails(parsed: parsed, arrivals: zip(raws, parsed).map { EmailReading.arrival(raw: $0, parsed: $1) })
    }

    /// Stores emails already read in one transaction, then files the new ones. `byMessageIDAlone`:
    /// see `Inbox.receive` (false for a mailbox read over IMAP).
    /// `adoptingWrittenSince`: the emails are old mail found when a mailbox was connected; those
    /// written before this (seconds since 1970) are left alone, the rest filed quietly (adopted).
    public func ingest(_ emails: ReadEmails, now: Instant, byMessageIDAlone: Bool = true,
                       adoptingWrittenSince cutoff: Int64? = nil) async throws -> (receipts: [Receipt], summary: IntakeSummary) {
        try await ingest(emails, now: now, byMessageIDAlone: byMessageIDAlone, adoptingWrittenSince: cutoff, asOfArrival: false)
    }

    func ingest(_ emails: ReadEmails, now: Instant, byMessageIDAlone: Bool = true, adoptingWrittenSince cutoff: Int64? = nil,
                asOfArrival: Bool) async throws -> (receipts: [Receipt], summary: IntakeSummary) {
        var parsed = emails.parsed
        var arrivals = emails.arrivals
        if let cutoff {
            let kept = parsed.indices.filter { index in
                let sentAt = (try? parsed[index].get())?.date.map { Int64($0.timeIntervalSince1970.rounded(.down)) }
                if case .leave = AdoptedMessage.decide(sentAt: sentAt, cutoff: cutoff) { return false }
                return true
            }
            parsed = kept.map { parsed[$0] }
            arrivals = kept.map { arrivals[$0] }
        }
        let receipts = try await Inbox(database: database, workspaceID: workspace.id)
            .receive(arrivals, now: now, byMessageIDAlone: byMessageIDAlone)
        var summary = IntakeSummary()
        var readings: [MessageReading] = []
        for ((receipt, result), arrival) in zip(zip(receipts, parsed), arrivals) {
            switch receipt {
            case .duplicate: summary.duplicates += 1
            case .quarantined: summary.quarantined += 1
            case .stored(let id):
                summary.stored += 1
                if case .success(let mail) = result,
                   var reading = EmailReading.reading(messageID: id, mail: mail,
                                                      receivedAt: (arrival.receivedAt ?? now).secondsSince1970) {
                    reading.adopted = cutoff != nil
                    readings.append(reading)
                }
            }
        }
        summary.add(try await file(readings, now: now, asOfArrival: asOfArrival))
        return (receipts, summary)
    }

    /// Files messages received but not yet filed (after a crash, or from another instance's
    /// intake), `batch` at a time, until none are left.
    /// With `olderThan`, only messages received at least that long ago: a message just received
    /// is being filed by the request that received it.
    @discardableResult
    public func fileWaiting(now: Instant, olderThan: TimeSpan? = nil, batch: Int = 200) async throws -> IntakeSummary {
        let inbox = Inbox(database: database, workspaceID: workspace.id)
        var summary = IntakeSummary()
        while true {
            let waiting = try await inbox.unfiled(receivedBefore: olderThan.map { now - $0 }, limit: batch)
            if waiting.isEmpty { return summary }
            var readings: [MessageReading] = []
            for message in waiting {
                switch Self.reading(of: message) {
                case .success(let reading): readings.append(reading)
                case .failure(let reason):
                    try await inbox.quarantine(message.id, reason: reason.message, now: now)
                    summary.quarantined += 1
                }
            }
            summary.add(try await file(readings, now: now))
        }
    }

    /// A stored message read again for filing.
    static func reading(of message: StoredMessage) -> Result<MessageReading, MailReadError> {
        if message.channel != Channel.email.rawValue {
            guard let plain = PlainMessage.decode(message.raw),
                  let reading = plain.reading(messageID: message.id, receivedAt: message.receivedAt.secondsSince1970) else {
                return .failure(MailReadError(code: "unreadable", message: "the stored \(message.channel) message cannot be read"))
            }
            return .success(reading)
        }
        do {
            let mail = try MailReader.read(message.raw)
            guard let reading = EmailReading.reading(messageID: message.id, mail: mail, receivedAt: message.receivedAt.secondsSince1970) else {
                return .failure(MailReadError(code: "no-sender", message: EmailReading.noSender))
            }
            return .success(reading)
        } catch {
            return .failure(error)
        }
    }

    /// Takes in one message that is not an email (a text message, the contact form, a phone
    /// note): stored first, then filed and judged. Returns where it went and the words of the
    /// acknowledgement, for channels that answer in their own reply (a text message, the form's page).
    public func ingest(_ message: PlainMessage, now: Instant) async throws -> IntakeOutcome {
        let arrival = message.arrival
        let receipt = try await Inbox(database: database, workspaceID: workspace.id).receive([arrival], now: now)[0]
        guard case .stored(let id) = receipt, let reading = message.reading(messageID: id, receivedAt: now.secondsSince1970)
        else { return IntakeOutcome(receipt: receipt, filing: nil) }
        let results = try await Filing(database: database, workspaceID: workspace.id)
            .file([reading], defaultPlanID: policy.defaultPlan.id, now: now,
                  decide: decider(now: now, settings: try await alertsAndHelp()))
        let summary = Self.summarise(results)
        // The phone number a customer gave beside their email is kept as a way to reach them.
        if let filed = results.first ?? nil, message.contact?.kind == "email", let phone = message.otherPhone {
            try await Customers(database: database, workspaceID: workspace.id)
                .addContact(customerID: filed.customerID, kind: "phone", value: phone)
        }
        let held = try await HeldReplyNotice.queue(database: database, workspace: workspace, policy: policy,
                                                   calendar: calendar, publicBaseURL: settings.publicBaseURL, now: now)
        if summary.ownerNotices > 0 { settings.ownerNoticesQueued?() }
        if summary.acknowledged > 0 || summary.ownerNotices > 0 || held > 0 { settings.mailQueued?() }
        return IntakeOutcome(receipt: receipt, filing: results.first ?? nil)
    }

    /// Files readings in one transaction; if the batch fails, one by one, so one bad message
    /// is quarantined with the reason instead of holding up the rest.
    func file(_ readings: [MessageReading], now: Instant, asOfArrival: Bool = false) async throws -> IntakeSummary {
        guard !readings.isEmpty else { return IntakeSummary() }
        let filing = Filing(database: database, workspaceID: workspace.id)
        let decide = decider(now: now, settings: try await alertsAndHelp(), asOfArrival: asOfArrival)
        do {
            let summary = Self.summarise(try await filing.file(readings, defaultPlanID: policy.defaultPlan.id, now: now,
                                                                asOfArrival: asOfArrival, decide: decide))
            let held = try await HeldReplyNotice.queue(database: database, workspace: workspace, policy: policy,
                                                       calendar: calendar, publicBaseURL: settings.publicBaseURL, now: now)
            if summary.ownerNotices > 0 { settings.ownerNoticesQueued?() }
            if summary.acknowledged > 0 || summary.ownerNotices > 0 || held > 0 { settings.mailQueued?() }
            return summary
        } catch let error as StoreError where error.code == .unreachable {
            throw error
        } catch {
            guard readings.count > 1 else {
                try await Inbox(database: database, workspaceID: workspace.id)
                    .quarantine(readings[0].messageID, reason: "it could not be filed: \(error)", now: now)
                var summary = IntakeSummary()
                summary.quarantined = 1
                return summary
            }
            var summary = IntakeSummary()
            for reading in readings { summary.add(try await file([reading], now: now, asOfArrival: asOfArrival)) }
            return summary
        }
    }

    static func summarise(_ results: [FilingResult?]) -> IntakeSummary {
        var summary = IntakeSummary()
        for result in results.compactMap({ $0 }) {
            summary.filed += 1
            if result.decision.urgent { summary.urgent += 1 }
            if result.decision.acknowledgementText != nil {
                summary.acknowledged += 1
                summary.acknowledgedMessageIDs.insert(result.messageID)
            }
            if result.decision.ownerNotice != nil { summary.ownerNotices += 1 }
        }
        return summary
    }

    /// The pure judgement of one message once its customer and conversation are known:
    /// triage, the acknowledgement, and an alert to the owner for what the owner calls urgent
    /// (by email to `alerts.email`, else the business's address, and by a push when one is set up).
    /// `asOfArrival`: each message judged as of the moment it was received, not `now`.
    func decider(now: Instant, settings read: (alerts: StoredAlertSettings, help: IntakeHelp?), asOfArrival: Bool = false)
        -> @Sendable (MessageReading, FilingFacts) throws -> FilingDecision {
        decider(now: now, alerts: read.alerts, help: read.help, asOfArrival: asOfArrival)
    }

    func decider(now batchNow: Instant, alerts: StoredAlertSettings,
                 help: IntakeHelp? = nil, asOfArrival: Bool = false) -> @Sendable (MessageReading, FilingFacts) throws -> FilingDecision {
        let policy = policy, calendar = calendar, triage = triage, settings = settings, workspace = workspace
        let mail = DeskMail(policy: policy, workspace: workspace)
        return { reading, facts in
            let now = asOfArrival ? reading.receivedAt.map(Instant.init(secondsSince1970:)) ?? batchNow : batchNow
            let plan = policy.plan(id: facts.planID) ?? policy.defaultPlan
            let channel = Channel(rawValue: reading.channel) ?? .email
            let text = reading.newText.isEmpty ? reading.textBody : reading.newText
            let assessment = triage.assess(
                InboundMessage(channel: channel, subject: reading.subject, text: text,
                               sentAt: Instant(secondsSince1970: reading.sentAt), earlierUnanswered: facts.earlierInbound),
                from: CustomerStanding(planID: plan.id, job: facts.job), now: now)
            let handling = assessment.urgency.verdict.handling
            let statusLink = settings.publicBaseURL + "/status/" + facts.statusToken
            let isOwn = reading.headerMessageID.map(OutgoingMail.isGatehouseMessageID) ?? false
            let acknowledgement = !reading.acknowledge
                ? Acknowledgement.silent("no acknowledgement: the owner took this call and noted it down",
                                         calendar.promise(received: now, plan: plan))
                : Acknowledgement.decide(
                AcknowledgementFacts(channel: channel, received: now, sent: Instant(secondsSince1970: reading.sentAt),
                                     automaticReason: reading.automaticReason,
                                     isOwnMessage: isOwn || mail.isOwnAddress(reading.contactValue),
                                     lastAcknowledgedAt: facts.lastAcknowledgedAt.map(Instant.init(secondsSince1970:)),
                                     urgent: handling,
                                     outOfScope: assessment.scope.verdict.outOfScope,
                                     plan: plan, customerName: facts.customerName,
                                     customerEmail: reading.contactKind == "email" ? reading.contactValue : nil,
                                     subject: reading.subject, statusLink: statusLink, adopted: reading.adopted,
                                     standingPromise: facts.promisedAt.map(Instant.init(secondsSince1970:))),
                policy: policy, calendar: calendar, interval: settings.acknowledgementInterval)

            var outbound: [OutboundDraft] = []
            var suggested: [String] = []
            if acknowledgement.isSent, reading.contactKind == "email", channel != .sms {
                // Help articles that may answer it, in a plain acknowledgement only (never for urgent matters).
                let helpParagraph = [.acknowledgement, .afterHoursAcknowledgement].contains(acknowledgement.template)
                    ? help?.paragraph(subject: reading.subject, text: text, urgent: assessment.urgency.verdict.isUrgent,
                                      statusToken: facts.statusToken, slug: workspace.slug, policy: policy,
                                      publicBaseURL: settings.publicBaseURL)
                    : nil
                // The booking page, in a plain acknowledgement when the policy offers it there.
                let offersBooking = policy.booking.inAcknowledgement && !policy.booking.kinds.isEmpty
                    && [.acknowledgement, .afterHoursAcknowledgement].contains(acknowledgement.template)
                let answer = OutgoingMail(
                    from: mail.from, to: [.init(name: reading.senderName, address: reading.contactValue)],
                    subject: DeskMail.replySubject(reading.subject),
                    text: acknowledgement.mailText(help: helpParagraph?.text, statusLink: statusLink,
                                                   bookingLink: offersBooking ? settings.publicBaseURL
                                                       + "/w/\(workspace.slug)/book?for=" + facts.statusToken : nil,
                                                   policy: policy),
                    messageID: mail.newMessageID(),
                    inReplyTo: reading.headerMessageID, references: reading.references + [reading.headerMessageID].compactMap { $0 },
                    isAutomatic: true, date: now.secondsSince1970)
                outbound.append(DeskMail.draft(answer, purpose: .acknowledgement, sendAt: now))
                suggested = helpParagraph?.articleIDs ?? []
            }
            // Robots and Gatehouse's own mail coming back never page the owner, whatever words they contain.
            // Nor does a call the owner took and noted down themselves.
            let alertsOwner = handling?.alertsOwner == true && reading.automaticReason == nil && !isOwn && reading.acknowledge
                && !reading.adopted
            var alert: AlertDraft?
            if alertsOwner {
                let token = StatusToken.make()
                let link = settings.publicBaseURL + "/alerts/" + token
                // Outside the owner's urgent hours the alert waits for them to start.
                let hours = calendar.urgentCalendar
                let sendAt = hours.isOpen(at: now) ? now : hours.nextOpening(atOrAfter: now) ?? now
                let title = AlertMail.title(subject: reading.subject, customer: facts.customerName)
                if let ownerEmail = AlertMail.recipient(alerts, policy: policy) {
                    let email = AlertMail.email(
                        to: ownerEmail, name: policy.business.name, subject: title, reasons: assessment.urgency.reasons,
                        customer: facts.customerName, contact: reading.contactValue, message: text, about: reading.subject,
                        statusLink: statusLink, alertLink: link, policy: policy, mail: mail, now: now)
                    outbound.append(DeskMail.draft(email, purpose: .ownerAlert, sendAt: sendAt))
                }
                let push = alerts.pushes
                    ? AlertPush(title: title, message: OwnerNotice.excerpt(text), link: link,
                                contact: reading.contactValue).json
                    : nil
                alert = AlertDraft(token: token, push: push, sendAt: sendAt.secondsSince1970,
                                   escalateAt: (sendAt + policy.urgent.acknowledgeWithin).secondsSince1970)
            }
            // The owner's webhooks hear of it at once, on the same terms as the alert email.
            let ownerNotice: String? = alertsOwner
                ? OwnerNotice.urgent(workspace: workspace, business: policy.business.name, reading: reading, facts: facts,
                                     text: text, reasons: assessment.urgency.reasons, statusLink: statusLink, now: now)
                : nil
            let reasons = assessment.reasons + acknowledgement.reasons
            var decision = FilingDecision(assessment: AssessmentRecord.json(assessment, acknowledgement: acknowledgement),
                                          urgent: assessment.urgency.verdict.isUrgent,
                                          quadrant: assessment.quadrant.verdict,
                                          scope: ScopeFinding(assessment.scope.verdict),
                                          reasons: reasons,
                                          promisedAt: acknowledgement.promise?.due.secondsSince1970,
                                          outbound: outbound,
                                          acknowledgementText: acknowledgement.isSent ? acknowledgement.text : nil,
                                          statusLink: statusLink, ownerNotice: ownerNotice, alert: alert,
                                          important: assessment.importance.verdict.isImportant)
            decision.suggestedArticleIDs = suggested
            decision.promiseRule = acknowledgement.template == .closureNotice ? .closure
                : assessment.urgency.verdict.isUrgent ? .urgent : .plan
            return decision
        }
    }
}
