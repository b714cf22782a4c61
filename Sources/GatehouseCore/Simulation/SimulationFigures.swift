/// How the simulated owner works: they answer in sessions just before each response window
/// (or at the start of each open hour when the policy has none), so the replies leave in it, as
/// many as they manage; urgent matters they answer soon after they arrive, wherever they are.
public struct OwnerModel: Sendable, Equatable {
    public var repliesPerHour: Int
    /// How long after an urgent message arrives the owner answers it.
    public var urgentAfter: TimeSpan

    public init(repliesPerHour: Int = 6, urgentAfter: TimeSpan = .minutes(20)) {
        self.repliesPerHour = max(1, repliesPerHour)
        self.urgentAfter = urgentAfter
    }

    /// The time one reply takes.
    public var perReply: TimeSpan { TimeSpan(seconds: Int64(3600 / repliesPerHour)) }

    /// How many replies fit in a session of `length` (at least one).
    public func capacity(_ length: TimeSpan) -> Int { max(1, Int(length.seconds) * repliesPerHour / 3600) }
}

/// What the simulated stretch left behind, as the figures are made from it.
public struct SimulationRecord: Sendable, Equatable {
    public struct PromiseRow: Sendable, Equatable {
        public var planID: String
        public var madeAt: Instant
        public var due: Instant
        public var outcome: PromiseOutcome
        public var endedAt: Instant?
        public var customer: String

        public init(planID: String, madeAt: Instant, due: Instant, outcome: PromiseOutcome, endedAt: Instant?, customer: String) {
            self.planID = planID
            self.madeAt = madeAt
            self.due = due
            self.outcome = outcome
            self.endedAt = endedAt
            self.customer = customer
        }
    }

    /// One sitting of the owner: before a window, or for an urgent matter (an interruption).
    public struct Session: Sendable, Equatable {
        public var at: Instant
        public var replies: Int
        /// Conversations still waiting for an answer once it was over.
        public var backlogAfter: Int
        public var urgent: Bool

        public init(at: Instant, replies: Int, backlogAfter: Int, urgent: Bool) {
            self.at = at
            self.replies = replies
            self.backlogAfter = backlogAfter
            self.urgent = urgent
        }
    }

    public var messages: Int
    public var urgentMessages: Int
    public var promises: [PromiseRow]
    public var sessions: [Session]
    /// Each acknowledgement: to which customer, when.
    public var acknowledgements: [(customer: String, at: Instant)]
    public var end: Instant
    public var openDays: Int
    public var emergencyBuffer: TimeSpan
    public var perReply: TimeSpan
    /// What auto-responders sent back, how often the desk acknowledged one of those, and whether
    /// one mailbox answered so often that the run stopped feeding it (a loop).
    public var automaticMessages = 0
    public var autoResponderAcknowledgements = 0
    public var loopCut = false

    public init(messages: Int, urgentMessages: Int, promises: [PromiseRow], sessions: [Session],
                acknowledgements: [(customer: String, at: Instant)], end: Instant, openDays: Int, emergencyBuffer: TimeSpan,
                perReply: TimeSpan) {
        self.messages = messages
        self.urgentMessages = urgentMessages
        self.promises = promises
        self.sessions = sessions
        self.acknowledgements = acknowledgements
        self.end = end
        self.openDays = openDays
        self.emergencyBuffer = emergencyBuffer
        self.perReply = perReply
    }

    public static func == (a: SimulationRecord, b: SimulationRecord) -> Bool {
        a.messages == b.messages && a.urgentMessages == b.urgentMessages && a.promises == b.promises && a.sessions == b.sessions
            && a.acknowledgements.map(\.customer) == b.acknowledgements.map(\.customer)
            && a.acknowledgements.map(\.at) == b.acknowledgements.map(\.at) && a.end == b.end
            && a.automaticMessages == b.automaticMessages && a.loopCut == b.loopCut
    }
}

/// The figures of a simulated stretch: what the owner wants to know before adopting a policy.
public struct SimulationFigures: Sendable, Equatable {
    public struct PlanWait: Sendable, Equatable {
        public var planID: String
        public var promises: Int
        /// The promised wait (from the message to the promised time), median and 90th percentile.
        public var median: TimeSpan
        public var p90: TimeSpan
    }

    public struct Broken: Sendable, Equatable {
        public var customer: String
        public var due: Instant
        public var why: String
    }

    public var messages: Int
    public var promisesMade: Int
    public var kept: Int
    public var broken: Int
    public var waits: [PlanWait]
    /// The most acknowledgements one customer got within any 12 hours.
    public var mostAcknowledgementsIn12Hours: Int
    public var acknowledgements: Int
    public var repliesPerSession: Double
    public var largestBacklog: Int
    public var backlogAtEnd: Int
    public var interruptions: Int
    public var interruptedTime: TimeSpan
    public var urgentMessages: Int
    public var urgentTime: TimeSpan
    public var emergencyReserve: TimeSpan
    public var brokenPromises: [Broken]
    public var automaticMessages = 0
    public var autoResponderAcknowledgements = 0
    public var loopCut = false

    /// Kept of those decided (kept or broken), 0…1; nil when none was decided.
    public var keptShare: Double? { kept + broken == 0 ? nil : Double(kept) / Double(kept + broken) }

    public static func of(_ record: SimulationRecord, spoken: (Instant) -> String) -> SimulationFigures {
        let made = record.promises.filter { $0.outcome != .superseded }
        let kept = made.filter { $0.outcome == .kept }.count
        let brokenRows = made.filter { $0.outcome == .broken || ($0.outcome == .open && $0.due < record.end) }
        var waits: [PlanWait] = []
        for plan in Array(Set(made.map(\.planID))).sorted() {
            let spans = made.filter { $0.planID == plan }.map { ($0.due - $0.madeAt).seconds }.sorted()
            waits.append(PlanWait(planID: plan, promises: spans.count, median: TimeSpan(seconds: percentile(spans, 0.5)),
                                  p90: TimeSpan(seconds: percentile(spans, 0.9))))
        }
        var most = 0
        for customer in Set(record.acknowledgements.map(\.customer)) {
            let times = record.acknowledgements.filter { $0.customer == customer }.map(\.at).sorted()
            var start = 0
            for end in times.indices {
                while times[end] - times[start] >= TimeSpan.hours(12) { start += 1 }
                most = max(most, end - start + 1)
            }
        }
        let planned = record.sessions.filter { !$0.urgent }
        let urgent = record.sessions.filter(\.urgent)
        // In whole minutes, as the owner counts time.
        let urgentSeconds = record.perReply.seconds * Int64(urgent.reduce(0) { $0 + $1.replies })
        let urgentTime = TimeSpan(seconds: (urgentSeconds + 30) / 60 * 60)
        let broken = brokenRows.sorted { $0.due < $1.due }.map { row -> Broken in
            let why: String
            if let answered = row.endedAt, row.outcome == .broken, answered > row.due {
                why = "answered \(spoken(answered)): the sessions before it were full"
            } else if row.outcome == .broken {
                why = "it lapsed before an answer; the customer wrote again"
            } else {
                why = "still waiting at the end: the sessions before it were full"
            }
            return Broken(customer: row.customer, due: row.due, why: why)
        }
        var figures = SimulationFigures(
            messages: record.messages, promisesMade: made.count, kept: kept, broken: brokenRows.count, waits: waits,
            mostAcknowledgementsIn12Hours: most, acknowledgements: record.acknowledgements.count,
            repliesPerSession: planned.isEmpty ? 0 : Double(planned.reduce(0) { $0 + $1.replies }) / Double(planned.count),
            largestBacklog: planned.map(\.backlogAfter).max() ?? 0, backlogAtEnd: record.sessions.last?.backlogAfter ?? 0,
            interruptions: urgent.count, interruptedTime: urgentTime, urgentMessages: record.urgentMessages,
            urgentTime: urgentTime,
            emergencyReserve: TimeSpan(seconds: record.emergencyBuffer.seconds * Int64(record.openDays)),
            brokenPromises: broken)
        figures.automaticMessages = record.automaticMessages
        figures.autoResponderAcknowledgements = record.autoResponderAcknowledgements
        figures.loopCut = record.loopCut
        return figures
    }

    /// The value at `fraction` of sorted values (nearest rank); 0 for none.
    static func percentile(_ sorted: [Int64], _ fraction: Double) -> Int64 {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// The figures as the owner reads them, one line each.
    public var lines: [String] {
        var lines = ["Messages: \(messages) (\(urgentMessages) urgent)"]
        lines.append("Promises kept: " + (keptShare.map { "\(kept) of \(kept + broken) (\(HealthyDistance.percent($0)))" }
            ?? "none fell due"))
        for wait in waits {
            lines.append("Promised wait on \(wait.planID): median \(Self.hours(wait.median)), 90% within \(Self.hours(wait.p90)) "
                         + "(\(wait.promises) promise\(wait.promises == 1 ? "" : "s"))")
        }
        lines.append("Acknowledgements: \(acknowledgements); at most \(mostAcknowledgementsIn12Hours) to one customer in 12 hours")
        lines.append("Replies per session: " + String(format: "%.1f", repliesPerSession)
                     + "; the largest backlog a session left: \(largestBacklog); waiting at the end: \(backlogAtEnd)")
        lines.append("Interrupted outside the sessions: \(interruptions) time\(interruptions == 1 ? "" : "s"), "
                     + (interruptedTime.seconds == 0 ? "no time" : interruptedTime.spokenDescription))
        if automaticMessages > 0 {
            lines.append("Auto-responders sent \(automaticMessages) automatic message\(automaticMessages == 1 ? "" : "s"); the desk "
                         + "acknowledged \(autoResponderAcknowledgements) of them; "
                         + (loopCut ? "a LOOP: one mailbox answered more than 50 times" : "no loop"))
        }
        lines.append("Urgent matters: \(urgentMessages), \(urgentTime.seconds == 0 ? "no time" : urgentTime.spokenDescription) "
                     + "of the \(emergencyReserve.spokenDescription) kept free for emergencies")
        return lines
    }

    /// "3 h 20 min" — short, for a table of figures.
    static func hours(_ span: TimeSpan) -> String {
        let minutes = span.seconds / 60
        if minutes < 60 { return "\(minutes) min" }
        return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
    }

    /// Two policies on the same traffic, side by side: "Promises kept: 91% → 99%".
    public static func compare(_ a: SimulationFigures, _ b: SimulationFigures) -> [String] {
        func share(_ f: SimulationFigures) -> String { f.keptShare.map(HealthyDistance.percent) ?? "none due" }
        var lines = ["Promises kept: \(share(a)) → \(share(b))",
                     "Broken promises: \(a.broken) → \(b.broken)"]
        for wait in a.waits {
            if let other = b.waits.first(where: { $0.planID == wait.planID }) {
                lines.append("Median promised wait on \(wait.planID): \(hours(wait.median)) → \(hours(other.median))")
            }
        }
        lines.append("Largest backlog after a session: \(a.largestBacklog) → \(b.largestBacklog)")
        lines.append("Interruptions outside the sessions: \(a.interruptions) → \(b.interruptions)")
        return lines
    }
}
