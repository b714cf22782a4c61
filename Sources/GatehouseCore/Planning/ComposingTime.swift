/// The time the owner spent writing a reply, from when the composer was shown to when the reply
/// was sent, as a time entry can record it: at least a minute, at most an hour, and never over
/// time already recorded. Pure, with what it did in words.
public enum ComposingTime {
    /// A reply written in less than this still counts this much.
    public static let shortest = TimeSpan.minutes(1)
    /// A composer left open longer than this counts only this much: the rest was something else.
    public static let longest = TimeSpan.minutes(60)

    /// What was changed about the span between the composer and the send.
    public enum Adjustment: String, Sendable, Equatable, CaseIterable {
        case capped, lengthened, trimmed

        public var words: String {
            switch self {
            case .capped: "capped at \(ComposingTime.longest.spokenDescription): the composer was open longer"
            case .lengthened: "counted as \(ComposingTime.shortest.spokenDescription), the least a reply counts"
            case .trimmed: "trimmed to start after time already recorded"
            }
        }
    }

    /// Why nothing is recorded.
    public enum Skip: String, Sendable, Equatable, CaseIterable {
        case missing, future, covered

        public var words: String {
            switch self {
            case .missing: "the reply did not say when its writing began"
            case .future: "the reply form's opening time lies in the future"
            case .covered: "time is already recorded up to when the reply was sent"
            }
        }
    }

    /// What to record, and why.
    public enum Decision: Sendable, Equatable {
        /// Record from `start` to `end`, changed as `adjustments` say.
        case record(start: Instant, end: Instant, adjustments: [Adjustment])
        /// Record nothing, for this reason.
        case skip(Skip)
    }

    /// The span for a reply sent at `sent` from a composer shown at `shown` (seconds since 1970,
    /// from the form; nil when the form did not say). `busy` is time already recorded by the same
    /// person around then, which the span is trimmed to stay clear of.
    public static func decide(shown: Int64?, sent: Instant, busy: [(start: Int64, end: Int64)]) -> Decision {
        guard let shown else { return .skip(.missing) }
        guard shown <= sent.secondsSince1970 else { return .skip(.future) }
        var adjustments: [Adjustment] = []
        var start = shown
        let end = sent.secondsSince1970
        if end - start > longest.seconds {
            start = end - longest.seconds
            adjustments.append(.capped)
        }
        if end - start < shortest.seconds {
            start = end - shortest.seconds
            adjustments.append(.lengthened)
        }
        // Keep the latest stretch before sending that no other entry covers.
        var trimmed = start
        for block in busy.sorted(by: { $0.end > $1.end }) where block.start < end && block.end > trimmed {
            if block.end >= end { return .skip(.covered) }
            trimmed = max(trimmed, block.end)
        }
        if trimmed > start {
            adjustments.append(.trimmed)
            start = trimmed
        }
        return .record(start: Instant(secondsSince1970: start), end: sent, adjustments: adjustments)
    }
}
