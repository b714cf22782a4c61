/// A moment in real time, counted in whole seconds since 1970-01-01T00:00:00Z.
///
/// Business time is real elapsed time, so every calculation works on instants;
/// wall-clock dates only appear when a policy is read or an answer is shown.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since the Unix epoch, UTC.
    public var secondsSince1970: Int64

    /// The instant `seconds` after the Unix epoch.
    public init(secondsSince1970 seconds: Int64) {
        self.secondsSince1970 = seconds
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    /// The instant a real (not business) span later.
    public static func + (lhs: Instant, rhs: TimeSpan) -> Instant {
        Instant(secondsSince1970: lhs.secondsSince1970 + rhs.seconds)
    }

    /// The instant a real (not business) span earlier.
    public static func - (lhs: Instant, rhs: TimeSpan) -> Instant {
        Instant(secondsSince1970: lhs.secondsSince1970 - rhs.seconds)
    }

    /// The real time elapsed from `rhs` to `lhs`.
    public static func - (lhs: Instant, rhs: Instant) -> TimeSpan {
        TimeSpan(seconds: lhs.secondsSince1970 - rhs.secondsSince1970)
    }

    /// The instant in ISO 8601 at UTC, for logs and debugging.
    public var description: String {
        ISO8601.format(self, utcOffsetSeconds: 0)
    }
}

/// A length of time in whole seconds: a business duration ("4 business hours")
/// or a real one ("2h minimum reply delay"), depending on where it is used.
public struct TimeSpan: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The length in seconds; negative only as the result of a subtraction.
    public var seconds: Int64

    /// A span of `seconds` seconds.
    public init(seconds: Int64) { self.seconds = seconds }

    /// A span of `minutes` minutes.
    public static func minutes(_ minutes: Int64) -> TimeSpan { TimeSpan(seconds: minutes * 60) }

    /// A span of `hours` hours.
    public static func hours(_ hours: Int64) -> TimeSpan { TimeSpan(seconds: hours * 3600) }

    /// No time at all.
    public static let zero = TimeSpan(seconds: 0)

    /// The length in minutes, rounded down.
    public var wholeMinutes: Int64 { seconds / 60 }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }
    public static func + (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan { TimeSpan(seconds: lhs.seconds + rhs.seconds) }
    public static func - (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan { TimeSpan(seconds: lhs.seconds - rhs.seconds) }

    /// The span written the way a policy writes it: `1h30m`, `45m`, `2h`, `90s`.
    public var description: String {
        var rest = seconds < 0 ? -seconds : seconds
        var text = seconds < 0 ? "-" : ""
        let hours = rest / 3600
        rest %= 3600
        let minutes = rest / 60
        let secs = rest % 60
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if secs > 0 { text += "\(secs)s" }
        return text.isEmpty || text == "-" ? "0m" : text
    }

    /// The span in words an owner or customer reads: "1 hour 30 minutes", "45 minutes".
    public var spokenDescription: String {
        let total = seconds < 0 ? -seconds : seconds
        let hours = total / 3600
        let minutes = (total % 3600) / 60
        let secs = total % 60
        var parts: [String] = []
        if hours > 0 { parts.append(hours == 1 ? "1 hour" : "\(hours) hours") }
        if minutes > 0 { parts.append(minutes == 1 ? "1 minute" : "\(minutes) minutes") }
        if secs > 0 { parts.append(secs == 1 ? "1 second" : "\(secs) seconds") }
        return parts.isEmpty ? "no time" : parts.joined(separator: " ")
    }
}

/// An instant is stored and sent as its seconds since 1970.
extension Instant: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(secondsSince1970: try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(secondsSince1970)
    }
}
