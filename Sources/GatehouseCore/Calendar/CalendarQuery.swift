/// The questions `gatehouse calendar` answers, one input line at a time.
public enum CalendarQuery: String, Sendable, CaseIterable {
    /// `START DURATION` → the instant `DURATION` of business time after `START`.
    case due
    /// `START END` → the open time between them, in minutes.
    case between
    /// `INSTANT` → `open` or `closed`.
    case openAt = "open-at"

    /// What a line of input looks like, for messages.
    public var lineShape: String {
        switch self {
        case .due: "START DURATION, like 2026-03-06T16:50:00-06:00 90m"
        case .between: "START END, like 2026-03-06T16:50:00-06:00 2026-03-09T10:00:00-05:00"
        case .openAt: "INSTANT, like 2026-03-06T16:50:00-06:00"
        }
    }

    /// Answers one line (without its line break), appending the answer and a
    /// newline to `out`; returns the problem instead when the line is bad.
    public func answer(_ line: UnsafeBufferPointer<UInt8>, calendar: BusinessCalendar,
                       into out: inout [UInt8]) -> String? {
        // Split on spaces and tabs without allocating.
        var fields: [Range<Int>] = []
        var index = 0
        while index < line.count {
            while index < line.count, line[index] == 32 || line[index] == 9 { index += 1 }
            let start = index
            while index < line.count, line[index] != 32, line[index] != 9 { index += 1 }
            if start < index { fields.append(start..<index) }
        }
        let expected = self == .openAt ? 1 : 2
        guard fields.count == expected else {
            return "expected \(lineShape), but found \(fields.count) field\(fields.count == 1 ? "" : "s")"
        }
        func field(_ number: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: line[fields[number]])
        }
        let start: Instant
        do { start = try ISO8601.parse(field(0)) } catch { return error.message }
        switch self {
        case .openAt:
            out.append(contentsOf: calendar.isOpen(at: start) ? Self.openBytes : Self.closedBytes)
        case .due:
            guard let duration = DurationText.parse(field(1)) else {
                return "'\(String(decoding: field(1), as: UTF8.self))' is not a duration; "
                    + "expected hours and minutes like 90m, 4h or 1h30m"
            }
            guard let due = calendar.adding(duration, to: start) else {
                return "the business never has \(duration) of open time after \(String(decoding: field(0), as: UTF8.self))"
            }
            ISO8601.append(due, utcOffsetSeconds: calendar.utcOffset(at: due), to: &out)
        case .between:
            let end: Instant
            do { end = try ISO8601.parse(field(1)) } catch { return error.message }
            guard start <= end else {
                return "END \(String(decoding: field(1), as: UTF8.self)) is before START "
                    + "\(String(decoding: field(0), as: UTF8.self))"
            }
            Self.appendMinutes(calendar.openTime(from: start, to: end).seconds, to: &out)
        }
        out.append(10)
        return nil
    }

    private static let openBytes = Array("open".utf8)
    private static let closedBytes = Array("closed".utf8)

    /// Minutes as a whole number, or with up to three decimals when seconds are involved.
    static func appendMinutes(_ seconds: Int64, to out: inout [UInt8]) {
        out.append(contentsOf: String(seconds / 60).utf8)
        let remainder = seconds % 60
        guard remainder != 0 else { return }
        var thousandths = (remainder * 1000 + 30) / 60
        var decimals: [UInt8] = []
        for _ in 0..<3 {
            decimals.insert(UInt8(48 + thousandths % 10), at: 0)
            thousandths /= 10
        }
        while decimals.last == 48 { decimals.removeLast() }
        out.append(46)
        out.append(contentsOf: decimals)
    }
}
