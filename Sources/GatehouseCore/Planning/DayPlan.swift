/// Something on the owner's day, from its start to its end, with what it is in words.
public struct DayBlock: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The business is open.
        case open
        /// Deep work: no calls, no inbox.
        case focus
        /// Messages are answered, in a batch.
        case responseWindow = "response-window"
        /// A call, meeting or site visit.
        case appointment
        /// Kept free for emergencies.
        case buffer
    }

    public var kind: Kind
    public var start: Instant
    public var end: Instant
    public var label: String

    public init(kind: Kind, start: Instant, end: Instant, label: String) {
        self.kind = kind
        self.start = start
        self.end = end
        self.label = label
    }

    public var length: TimeSpan { TimeSpan(seconds: end.secondsSince1970 - start.secondsSince1970) }
}

/// The shape of one local day: opening hours, focus blocks, response windows, appointments and
/// the emergency buffer, with the reasons for where the buffer went. Pure: the policy, the
/// date and the appointments in, the plan out.
public struct DayPlan: Sendable, Equatable {
    public var date: CivilDate
    /// When the business is open that day (empty when closed).
    public var open: [DayBlock]
    /// Focus blocks, response windows, appointments and the buffer, by start.
    public var blocks: [DayBlock]
    /// What the policy reserves for emergencies, and how much of it is already spent.
    public var bufferReserved: TimeSpan
    public var bufferUsed: TimeSpan
    /// Open time not taken by anything above.
    public var free: TimeSpan
    /// Why the day looks like this, in plain words.
    public var reasons: [String]
    /// The stretch of the day worth drawing: the open hours and focus blocks, or the working
    /// hours of a usual day when closed.
    public var start: Instant
    public var end: Instant

    public var bufferLeft: TimeSpan { TimeSpan(seconds: max(0, bufferReserved.seconds - bufferUsed.seconds)) }

    /// The plan of `date` (a local date in the policy's zone). `appointments` are the day's booked
    /// calls and visits; `bufferUsed` is the time already spent on emergencies that day.
    public static func make(policy: Policy, calendar: BusinessCalendar, date: CivilDate,
                            appointments: [DayBlock] = [], bufferUsed: TimeSpan = TimeSpan(seconds: 0)) -> DayPlan {
        let day = date.dayNumber
        let open = calendar.openSpans(onDay: day).map {
            DayBlock(kind: .open, start: Instant(secondsSince1970: $0.start), end: Instant(secondsSince1970: $0.end), label: "Open")
        }
        var reasons: [String] = []
        var blocks: [DayBlock] = appointments.map { DayBlock(kind: .appointment, start: $0.start, end: $0.end, label: $0.label) }
        if open.isEmpty {
            let closure = calendar.closure(on: date)
            if let closure, case .closed(let why) = closure.kind {
                reasons.append("closed today: \(why ?? "a closure in the policy")")
            } else {
                reasons.append("closed today: the weekly hours have no opening on \(calendar.locale.weekday(date.weekday))")
            }
        } else {
            for span in calendar.spans(of: policy.day.focus, onDay: day) {
                blocks.append(DayBlock(kind: .focus, start: Instant(secondsSince1970: span.start),
                                       end: Instant(secondsSince1970: span.end), label: "Focus"))
            }
            if !policy.day.focus.isEmpty {
                reasons.append("focus: " + policy.day.focus.map(\.description).joined(separator: ", ") + ", from the policy's day")
            }
            let dayStart = open.first!.start, dayEnd = open.last!.end
            var cursor = dayStart
            while let window = calendar.nextResponseWindow(atOrAfter: cursor), window.start < dayEnd {
                blocks.append(DayBlock(kind: .responseWindow, start: window.start, end: window.end,
                                       label: "Answer messages"))
                cursor = window.start + TimeSpan(seconds: 1)
            }
        }
        let reserved = open.isEmpty ? TimeSpan(seconds: 0) : policy.day.emergencyBuffer
        if reserved.seconds > 0 {
            let taken = blocks.map { ($0.start.secondsSince1970, $0.end.secondsSince1970) }
            let gaps = Self.gaps(in: open.map { ($0.start.secondsSince1970, $0.end.secondsSince1970) }, minus: taken)
            // The buffer goes at the end of the day, where an emergency that runs long hurts least;
            // in the latest free stretch long enough, else the longest one there is.
            if let gap = gaps.last(where: { $0.1 - $0.0 >= reserved.seconds }) {
                blocks.append(DayBlock(kind: .buffer, start: Instant(secondsSince1970: gap.1 - reserved.seconds),
                                       end: Instant(secondsSince1970: gap.1), label: "Emergency buffer"))
                reasons.append("emergency buffer: \(reserved.spokenDescription) kept free in the latest free stretch of the day")
            } else if let longest = gaps.max(by: { $0.1 - $0.0 < $1.1 - $1.0 }), longest.1 > longest.0 {
                blocks.append(DayBlock(kind: .buffer, start: Instant(secondsSince1970: longest.0),
                                       end: Instant(secondsSince1970: longest.1), label: "Emergency buffer"))
                reasons.append("emergency buffer: only \(TimeSpan(seconds: longest.1 - longest.0).spokenDescription) of the "
                               + "\(reserved.spokenDescription) the policy reserves is free today")
            } else {
                reasons.append("emergency buffer: no free time is left today for the \(reserved.spokenDescription) the policy reserves")
            }
        }
        blocks.sort { ($0.start, $0.kind.rawValue) < ($1.start, $1.kind.rawValue) }
        let busy = blocks.map { ($0.start.secondsSince1970, $0.end.secondsSince1970) }
        let free = gaps(in: open.map { ($0.start.secondsSince1970, $0.end.secondsSince1970) }, minus: busy)
            .reduce(0) { $0 + $1.1 - $1.0 }
        let edges = (open + blocks).flatMap { [$0.start.secondsSince1970, $0.end.secondsSince1970] }
        let usual = calendar.spans(of: [OpeningInterval(start: 8 * 60, end: 18 * 60)], onDay: day)
        let start = edges.min() ?? usual.first?.start ?? day * 86_400
        let end = edges.max() ?? usual.last?.end ?? day * 86_400 + 86_400
        return DayPlan(date: date, open: open, blocks: blocks, bufferReserved: reserved, bufferUsed: bufferUsed,
                       free: TimeSpan(seconds: free), reasons: reasons, start: Instant(secondsSince1970: start),
                       end: Instant(secondsSince1970: end))
    }

    /// The parts of `spans` not covered by `taken`, in order.
    static func gaps(in spans: [(Int64, Int64)], minus taken: [(Int64, Int64)]) -> [(Int64, Int64)] {
        let busy = taken.sorted { $0.0 < $1.0 }
        var result: [(Int64, Int64)] = []
        for span in spans {
            var cursor = span.0
            for block in busy where block.1 > cursor && block.0 < span.1 {
                if block.0 > cursor { result.append((cursor, block.0)) }
                cursor = max(cursor, block.1)
            }
            if cursor < span.1 { result.append((cursor, span.1)) }
        }
        return result
    }

    /// The time left from `now` until the next appointment starts, within the open day: what a
    /// time-boxed call can have ("I have 20 minutes before my next appointment").
    public func minutesBeforeNextAppointment(from now: Instant) -> Int? {
        guard let next = blocks.first(where: { $0.kind == .appointment && $0.start > now }) else { return nil }
        return Int((next.start.secondsSince1970 - now.secondsSince1970) / 60)
    }
}
