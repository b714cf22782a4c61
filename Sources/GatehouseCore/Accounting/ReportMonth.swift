/// A month of the business's own calendar, written `YYYY-MM`: what a monthly report is about.
public struct ReportMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    /// The month with these numbers; `month` is 1 … 12.
    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Why a `month` value was not understood, in words for the person who wrote it.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }

        public init(message: String) { self.message = message }
    }

    /// Reads `2026-11`; anything else is a problem that says what was expected.
    public static func parse(_ text: String) throws(Problem) -> ReportMonth {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]) else {
            throw Problem(message: "expected a month written YYYY-MM, such as 2026-11, not '\(text.prefix(40))'")
        }
        guard (1...12).contains(month), (1970...9999).contains(year) else {
            throw Problem(message: "'\(text)' is not a month: the month number must be 01 to 12 and the year 1970 or later")
        }
        return ReportMonth(year: year, month: month)
    }

    /// The local month `instant` falls in.
    public static func containing(_ instant: Instant, calendar: BusinessCalendar) -> ReportMonth {
        let date = calendar.localTime(of: instant).date
        return ReportMonth(year: date.year, month: date.month)
    }

    /// Its first day.
    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1) }
    /// The month before.
    public var previous: ReportMonth { month == 1 ? ReportMonth(year: year - 1, month: 12) : ReportMonth(year: year, month: month - 1) }
    /// The month after.
    public var next: ReportMonth { month == 12 ? ReportMonth(year: year + 1, month: 1) : ReportMonth(year: year, month: month + 1) }

    /// Every local date of the month, in order.
    public var days: [CivilDate] {
        let first = firstDay.dayNumber
        return (first..<next.firstDay.dayNumber).map { CivilDate(dayNumber: $0) }
    }

    /// When it begins and when the next month begins, in the policy's time zone.
    public func bounds(_ calendar: BusinessCalendar) -> (start: Instant, end: Instant) {
        (calendar.start(of: firstDay), calendar.start(of: next.firstDay))
    }

    /// `2026-11`.
    public var description: String { "\(year)-" + (month < 10 ? "0" : "") + "\(month)" }

    /// "November 2026".
    public var name: String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                     "November", "December"]
        return "\(names[month - 1]) \(year)"
    }

    public static func < (lhs: ReportMonth, rhs: ReportMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}
