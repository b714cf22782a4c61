import Foundation
import GatehouseCore
import GatehouseStore

/// A stretch of traffic run through the real desk — the real intake, triage, promises, reply
/// scheduling, outbox and store — on a throwaway database, under a virtual clock that never
/// sleeps, with a model of the owner working the response windows. No mail server is involved:
/// a reply counts as sent when its time to leave comes.
///
/// The traffic is generated from `mix`, or, with `history`, is the workspace's own: every
/// message taken in again as it arrived, at the time it came (the mix then adds nothing).
public struct PolicySimulation: Sendable {
    public var policyYAML: String
    public var mix: TrafficMix
    public var history: ReplayedHistory?
    public var owner: OwnerModel
    public var start: Instant
    public var days: Int
    public var seed: UInt64

    public init(policyYAML: String, mix: TrafficMix, owner: OwnerModel, start: Instant, days: Int, seed: UInt64) {
        self.policyYAML = policyYAML
        self.mix = mix
        self.owner = owner
        self.start = start
        self.days = days
        self.seed = seed
    }

    /// The stretch `history` covers, replayed under `policyYAML`.
    public init(policyYAML: String, replaying history: ReplayedHistory, owner: OwnerModel) {
        self.init(policyYAML: policyYAML, mix: TrafficMix(customers: [], messagesPerDay: 0), owner: owner, start: history.from,
                  days: max(1, Int(((history.to - history.from).seconds + 86_399) / 86_400)), seed: 0)
        self.history = history
    }

    /// What happens, in time order.
    enum Event {
        case message(Int, SimulatedMessage)
        /// A message of the workspace's history, taken in again.
        case replayed(Int)
        /// The owner sits down to answer before a window (or an open hour): `length` of work.
        case session(TimeSpan)
        /// The owner answers what is urgent.
        case urgent
        /// An auto-responder's mailbox answers the desk's mail at once.
        case autoResponse(person: Int)
    }

    /// More automatic answers than this from one mailbox would be a loop: the run stops feeding it.
    static let loopLimit = 50
    /// The most customers' messages taken in as one batch.
    static let batchLimit = 500

    /// Runs the stretch on a new SQLite database in a temporary folder, removed afterwards.
    public func runOnScratchDatabase() async throws -> SimulationRecord {
        let folder = Self.scratchSpace.appendingPathComponent("gatehouse-simulation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try await Database.open(.sqlite(path: folder.appendingPathComponent("simulation.sqlite").path))
        do {
            let record = try await run(on: database)
            await database.close()
            return record
        } catch {
            await database.close()
            throw error
        }
    }

    /// Where a throwaway database goes: memory-backed storage when the machine has it (nothing in
    /// it needs to survive a power cut, and a month's commits then cost no disk writes), else the
    /// temporary folder.
    static var scratchSpace: URL {
        let memory = "/dev/shm"
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: memory, isDirectory: &isFolder), isFolder.boolValue,
           FileManager.default.isWritableFile(atPath: memory) {
            return URL(fileURLWithPath: memory)
        }
        return FileManager.default.temporaryDirectory
    }

    /// Runs the stretch on `database` (empty; migrated here) and returns what it left behind.
    public func run(on database: Database) async throws -> SimulationRecord {
        try await database.migrate(now: start)
        let workspace = try await Workspaces(database: database)
            .create(slug: "simulation", policyYAML: policyYAML, actor: "simulation", now: start)
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()

        // The customers, on their plans (a plan this policy lacks becomes its default one).
        var people: [(id: Customer.ID, email: String, plan: String)] = []
        let customers = Customers(database: database, workspaceID: workspace.id)
        for person in history?.people ?? [] {
            let plan = policy.plan(id: person.planID)?.id ?? policy.defaultPlan.id
            let draft = CustomerDraft(name: person.name, planID: plan, emails: person.emails, phones: person.phones)
            // Ways to reach them the desk would no longer accept are left out: their messages then
            // come from someone new, as they would today.
            let made: Customer
            if let created = try? await customers.create(draft, actor: "simulation", now: start) {
                made = created
            } else {
                made = try await customers.create(CustomerDraft(name: person.name, planID: plan), actor: "simulation", now: start)
            }
            people.append((made.id, person.emails.first ?? person.phones.first ?? person.name, plan))
        }
        for group in mix.customers where history == nil {
            let plan = policy.plan(id: group.plan)?.id ?? policy.defaultPlan.id
            for _ in 0..<group.count {
                let number = people.count + 1
                let email = "customer\(number)@simulation.example"
                let made = try await customers.create(CustomerDraft(name: "Customer \(number)", planID: plan, emails: [email]),
                                                      actor: "simulation", now: start)
                people.append((made.id, email, plan))
            }
        }
        // The auto-responders, after everyone else: each writes once, on the first open morning.
        let regular = people.count
        let autoResponders = history == nil ? mix.autoResponders : 0
        for index in 0..<autoResponders {
            let email = "auto\(index + 1)@simulation.example"
            let made = try await customers.create(CustomerDraft(name: "Auto \(index + 1)", planID: policy.defaultPlan.id, emails: [email]),
                                                  actor: "simulation", now: start)
            people.append((made.id, email, policy.defaultPlan.id))
        }
        let planOf = Dictionary(people.map { ($0.id, $0.plan) }, uniquingKeysWith: { first, _ in first })
        let personOf = Dictionary(people.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var messages = history == nil ? TrafficGenerator.messages(mix, calendar: calendar, from: start, days: days, seed: seed) : []
        if autoResponders > 0, let morning = calendar.nextOpening(atOrAfter: start) {
            for index in 0..<autoResponders {
                messages.append(SimulatedMessage(at: morning + TimeSpan.minutes(Int64(60 + index)), customer: regular + index,
                                                 urgent: false, followUp: false))
            }
            messages.sort { ($0.at, $0.customer) < ($1.at, $1.customer) }
        }
        let end = start + TimeSpan.hours(24 * Int64(days))

        var events: [(at: Instant, order: Int, event: Event)] = []
        for (index, message) in messages.enumerated() {
            events.append((message.at, 1, .message(index, message)))
            if message.urgent { events.append((message.at + owner.urgentAfter, 2, .urgent)) }
        }
        for (index, message) in (history?.messages ?? []).enumerated() where message.at >= start {
            events.append((message.at, 1, .replayed(index)))
        }
        for (at, length) in sessions(calendar: calendar, policy: policy, until: end) { events.append((at, 0, .session(length))) }
        events.sort { ($0.at, $0.order) < ($1.at, $1.order) }

        // Nothing changes the alert settings or help articles during the run: read once.
        let intake = try await Intake(database: database, workspace: workspace,
                                      settings: IntakeSettings(publicBaseURL: "http://simulation.invalid")).pinningSettings()
        let replies = try Replies(database: database, workspace: workspace)
        let outbox = Outbox(database: database, workspaceID: workspace.id)
        let conversations = Conversations(database: database, workspaceID: workspace.id)
        let to = policy.business.email ?? "office@simulation.example"
        var lastMessageID: [Int: String] = [:]
        /// For each conversation of the replayed history, the Message-ID of its email replayed last.
        var lastReplayedID: [Int: String] = [:]
        var sessions: [SimulationRecord.Session] = []
        var acknowledgements: [(customer: String, at: Instant)] = []
        var urgentMessages = 0
        let sign = policy.urgent.signs.first ?? "emergency"

        func waiting(urgent: Bool, limit: Int) async throws -> [ConversationListing] {
            try await conversations.awaitingAnswer(promisedFrom: 0, before: Int64.max, urgent: urgent, limit: limit)
        }
        var automatic: [Int: Int] = [:]
        var loopCut = false
        var autoAcknowledged = 0
        /// Something that happens later because of what just happened.
        func schedule(_ event: Event, at: Instant, order: Int) {
            let index = events.firstIndex { ($0.at, $0.order) > (at, order) } ?? events.count
            events.insert((at, order, event), at: index)
        }
        /// The mailbox of person `index` answers at once, when it is an auto-responder's.
        func answersAutomatically(_ person: Int, at: Instant) {
            guard person >= regular else { return }
            schedule(.autoResponse(person: person), at: at + TimeSpan.minutes(1), order: 3)
        }
        /// When the replies written so far leave (earliest first). A reply is recorded as sent, and
        /// keeps its promise, the moment the clock passes its departure; the mail the desk sends at
        /// once (acknowledgements, alerts) is recorded with it, or after `unrecordedLimit` intakes,
        /// which keeps the queue short without asking the outbox after every message.
        var departures: [Instant] = []
        func departs(_ at: Instant) {
            departures.insert(at, at: departures.firstIndex { $0 > at } ?? departures.count)
        }
        var unrecorded = 0
        let unrecordedLimit = 64
        var next = 0
        while next < events.count {
            let (at, _, event) = events[next]
            next += 1
            guard at < end else { break }
            if departures.first.map({ $0 < at }) == true || unrecorded >= unrecordedLimit {
                _ = try await outbox.recordRepliesSent(before: at, otherMail: true)
                departures.removeAll { $0 < at }
                unrecorded = 0
            }
            switch event {
            case .autoResponse(let person):
                let count = automatic[person, default: 0]
                guard count < Self.loopLimit else { loopCut = true; continue }
                automatic[person] = count + 1
                let number = person - regular + 1
                let email = people[person].email
                let earlier = lastMessageID[person]
                let id = "auto-\(number)-\(count)@simulation.example"
                var lines = ["To: <\(to)>", "Message-ID: <\(id)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
                if let earlier { lines += ["In-Reply-To: <\(earlier)>", "References: <\(earlier)>"] }
                let body: String
                switch AutoResponder.kind(person - regular) {
                case .marked:
                    lines += ["From: Auto \(number) <\(email)>", "Subject: Automatic reply: your message", "Auto-Submitted: auto-replied"]
                    body = "I am away until further notice and will read your message when I am back."
                case .unmarked:
                    lines += ["From: Auto \(number) <\(email)>", "Subject: Out of office"]
                    body = "I am out of the office this week. Thank you for your message."
                case .bouncing:
                    lines += ["From: Mail Delivery System <MAILER-DAEMON@simulation.example>",
                              "Subject: Undelivered Mail Returned to Sender"]
                    body = "This is the mail system. Your message could not be delivered to \(email): no such user."
                }
                let raw = Data((lines + ["", body]).joined(separator: "\r\n").utf8)
                let summary = try await intake.ingestEmails([raw], now: at).summary
                unrecorded += 1
                if summary.acknowledged > 0 {
                    autoAcknowledged += 1
                    acknowledgements.append((AutoResponder.kind(person - regular) == .bouncing ? "MAILER-DAEMON" : email, at))
                    answersAutomatically(person, at: at)
                }
            case .message(let index, let message):
                // Customers' messages up to the next thing that is not one (a sitting, an urgent matter,
                // an automatic answer) or a reply leaving are taken in as one batch, each as of its own
                // moment: nothing happens between them that could change how one is received. An
                // auto-responder's message ends the batch, since what it sets off follows a minute later.
                var minute = [(index, message, at)]
                while minute.count < Self.batchLimit, next < events.count, events[next].at < end,
                      case .message(let other, let more) = events[next].event,
                      departures.first.map({ events[next].at <= $0 }) ?? true, minute[minute.count - 1].1.customer < regular {
                    minute.append((other, more, events[next].at))
                    next += 1
                }
                var raws: [Data] = []
                for (index, message, _) in minute {
                    let person = people[message.customer]
                    let id = "sim-\(index)@simulation.example"
                    var lines = ["From: Customer \(message.customer + 1) <\(person.email)>", "To: <\(to)>",
                                 "Message-ID: <\(id)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
                    if message.followUp, let earlier = lastMessageID[message.customer] {
                        lines += ["Subject: Re: Request from customer \(message.customer + 1)", "In-Reply-To: <\(earlier)>",
                                  "References: <\(earlier)>"]
                    } else {
                        lines.append("Subject: Request \(index + 1) from customer \(message.customer + 1)")
                    }
                    let body = message.urgent
                        ? "Help: \(sign)! Please come as soon as you can."
                        : "Hello, could you look at this when you have a moment? Thank you."
                    lastMessageID[message.customer] = id
                    raws.append(Data((lines + ["", body]).joined(separator: "\r\n").utf8))
                }
                let (receipts, summary) = try await intake.ingestEmails(raws, arrivedAt: minute.map(\.2))
                unrecorded += 1
                urgentMessages += summary.urgent
                for ((_, message, when), receipt) in zip(minute, receipts) {
                    guard case .stored(let id) = receipt, summary.acknowledgedMessageIDs.contains(id) else { continue }
                    acknowledgements.append((people[message.customer].email, when))
                    answersAutomatically(message.customer, at: when)
                }
            case .replayed(let first):
                // What came at this instant, emails together as one batch, the rest one by one.
                var batch = [first]
                while next < events.count, events[next].at == at, case .replayed(let more) = events[next].event {
                    batch.append(more)
                    next += 1
                }
                let replayed = batch.map { history!.messages[$0] }
                let emails = replayed.filter { $0.channel == Channel.email.rawValue }
                var urgentNow = 0
                if !emails.isEmpty {
                    // Each in the conversation the desk filed it in (see `ReplayedHistory.Message.threaded`).
                    var raws: [Data] = []
                    for message in emails {
                        raws.append(message.threaded(after: lastReplayedID[message.conversation]))
                        if let id = message.headerMessageID { lastReplayedID[message.conversation] = id }
                    }
                    let (receipts, summary) = try await intake.ingestEmails(raws, now: at)
                    urgentNow += summary.urgent
                    for (message, receipt) in zip(emails, receipts) {
                        guard case .stored(let id) = receipt, summary.acknowledgedMessageIDs.contains(id) else { continue }
                        acknowledgements.append((people[message.person].email, at))
                    }
                }
                for message in replayed where message.channel != Channel.email.rawValue {
                    guard let plain = PlainMessage.decode(message.raw) else { continue }
                    let outcome = try await intake.ingest(plain, now: at)
                    guard let filing = outcome.filing else { continue }
                    if filing.decision.urgent { urgentNow += 1 }
                    if filing.decision.acknowledgementText != nil { acknowledgements.append((people[message.person].email, at)) }
                }
                unrecorded += 1
                urgentMessages += urgentNow
                if urgentNow > 0 { schedule(.urgent, at: at + owner.urgentAfter, order: 2) }
            case .session(let length):
                let capacity = owner.capacity(length)
                var written = 0
                // The earliest promises first, as many as the sitting allows (asked for a page at a time;
                // a conversation answered once in the sitting is not answered again, whatever the page says).
                var answered = Set<Conversation.ID>()
                while written < capacity,
                      case let page = try await waiting(urgent: false, limit: capacity - written + answered.count)
                          .filter({ !answered.contains($0.conversation.id) }).prefix(capacity - written),
                      !page.isEmpty {
                    for listing in page {
                        answered.insert(listing.conversation.id)
                        let when = at + TimeSpan(seconds: owner.perReply.seconds * Int64(written))
                        let reply = try await replies.write(conversationID: listing.conversation.id,
                                                            text: "Thank you for waiting: here is the answer.", sendNow: false, now: when)
                        departs(Instant(secondsSince1970: reply.task.runAt))
                        if let person = personOf[listing.conversation.customerID] {
                            answersAutomatically(person, at: Instant(secondsSince1970: reply.task.runAt))
                        }
                        written += 1
                    }
                }
                sessions.append(.init(at: at, replies: written, backlogAfter: try await conversations.awaitingAnswerCount(),
                                      urgent: false))
            case .urgent:
                var written = 0
                // All of them, however many: the owner does not leave an emergency for the next sitting.
                var answered = Set<Conversation.ID>()
                while case let urgent = try await waiting(urgent: true, limit: 200).filter({ !answered.contains($0.conversation.id) }),
                      !urgent.isEmpty {
                    for listing in urgent {
                        answered.insert(listing.conversation.id)
                        let reply = try await replies.write(conversationID: listing.conversation.id, text: "On my way.", sendNow: false,
                                                            now: at + TimeSpan(seconds: owner.perReply.seconds * Int64(written)))
                        departs(Instant(secondsSince1970: reply.task.runAt))
                        written += 1
                    }
                }
                if written > 0 {
                    sessions.append(.init(at: at, replies: written, backlogAfter: try await conversations.awaitingAnswerCount(),
                                          urgent: true))
                }
            }
        }
        _ = try await outbox.recordRepliesSent(before: end, otherMail: true)

        // The ledger, with each promise's plan.
        var customerOf: [Conversation.ID: Customer.ID] = [:]
        var rows: [SimulationRecord.PromiseRow] = []
        for entry in try await Promises(database: database, workspaceID: workspace.id)
            .due(from: start - TimeSpan.hours(24), to: end + TimeSpan.hours(24 * 90)) where entry.madeAt < end {
            if customerOf[entry.conversationID] == nil {
                customerOf[entry.conversationID] = try await conversations.find(entry.conversationID)?.customerID
            }
            let customer = customerOf[entry.conversationID]
            rows.append(.init(planID: customer.flatMap { planOf[$0] } ?? policy.defaultPlan.id, madeAt: entry.madeAt,
                              due: entry.due, outcome: entry.outcome, endedAt: entry.endedAt,
                              customer: customer.flatMap { id in people.first { $0.id == id }?.email } ?? "a customer"))
        }
        var openDays = 0
        var day = calendar.localTime(of: start).date
        while let first = calendar.instant(of: day, minute: 0), first < end {
            if !calendar.intervals(on: day).isEmpty { openDays += 1 }
            day = day.adding(days: 1)
        }
        var record = SimulationRecord(messages: messages.count + (history?.messages.count { $0.at >= start && $0.at < end } ?? 0), urgentMessages: urgentMessages, promises: rows, sessions: sessions,
                                      acknowledgements: acknowledgements, end: end, openDays: openDays,
                                      emergencyBuffer: policy.day.emergencyBuffer, perReply: owner.perReply)
        record.automaticMessages = automatic.values.reduce(0, +)
        record.autoResponderAcknowledgements = autoAcknowledged
        record.loopCut = loopCut
        return record
    }

    /// When the owner sits down to answer: before each response window, for as long as the
    /// window lasts, so the replies leave in it; without windows, at the start of each open hour.
    func sessions(calendar: BusinessCalendar, policy: Policy, until end: Instant) -> [(Instant, TimeSpan)] {
        var found: [(Instant, TimeSpan)] = []
        if policy.responseWindows.starts.isEmpty {
            var t = start
            while t < end {
                if calendar.isOpen(at: t) { found.append((t, .hours(1))) }
                t = t + TimeSpan.hours(1)
            }
            return found
        }
        var cursor = start
        while let window = calendar.nextResponseWindow(atOrAfter: cursor), window.start < end {
            let length = window.end - window.start
            found.append((window.start - length, length))
            cursor = window.start + TimeSpan(seconds: 1)
        }
        return found
    }
}
