/// A calendar file of holidays (iCalendar, RFC 5545) read as closures: each all-day event is a
/// day (or run of days) the business is closed, named by its summary. Pure; what was not used
/// is said, not dropped in silence.
///
/// Yearly holidays (`RRULE:FREQ=YEARLY`) are repeated up to `years` years after `from`, honouring
/// `COUNT` and `UNTIL`; events that ended before `from` are left out; timed events (a meeting at
/// 10:00) are not holidays and are counted as skipped.
public struct HolidayCalendar: Sendable, Equatable {
    public struct Holiday: Sendable, Equatable {
        public var first: CivilDate
        /// The last closed day (the file's end date is the day after).
        public var last: CivilDate
        public var name: String

        /// The closure line the setup form and the policy form take: `2026-12-25 Christmas Day`.
        public var closureLine: String {
            (first == last ? first.description : "\(first)..\(last)") + (name.isEmpty ? "" : " \(name)")
        }
    }

    public var holidays: [Holiday]
    /// Timed (not all-day) events, left out.
    public var skippedTimed: Int
    /// All-day events wholly before `from`, left out.
    public var skippedPast: Int

    /// Why a file cannot be read as a calendar.
    public struct Problem: Error, Sendable, Equatable {
        public var detail: String

        public init(detail: String) { self.detail = detail }
    }

    public static func read(_ text: String, from: CivilDate, years: Int = 2) -> Result<HolidayCalendar, Problem> {
        let lines = unfolded(text)
        guard lines.contains(where: { $0.uppercased() == "BEGIN:VCALENDAR" }) else {
            return .failure(Problem(detail: "the file is not an iCalendar (.ics) file: it has no BEGIN:VCALENDAR line"))
        }
        let horizon = CivilDate(year: from.year + years, month: from.month, day: min(from.day, 28))
        var result = HolidayCalendar(holidays: [], skippedTimed: 0, skippedPast: 0)
        var event: [String: (parameters: String, value: String)]? = nil
        for (index, line) in lines.enumerated() {
            let upper = line.uppercased()
            if upper == "BEGIN:VEVENT" { event = [:]; continue }
            if upper == "END:VEVENT" {
                defer { event = nil }
                guard let found = event else { continue }
                switch holidays(found, from: from, horizon: horizon) {
                case .timed: result.skippedTimed += 1
                case .dates(let days, let past):
                    result.holidays += days
                    result.skippedPast += past
                case .broken(let detail):
                    return .failure(Problem(detail: "line \(index + 1): \(detail)"))
                }
                continue
            }
            guard event != nil, let colon = line.firstIndex(of: ":") else { continue }
            let head = line[..<colon]
            let name = head.prefix { $0 != ";" }.uppercased()
            let parameters = String(head.dropFirst(name.count))
            event?[name] = (parameters, String(line[line.index(after: colon)...]))
        }
        result.holidays.sort { ($0.first, $0.name) < ($1.first, $1.name) }
        var seen: Set<String> = []
        result.holidays = result.holidays.filter { seen.insert($0.closureLine).inserted }
        return .success(result)
    }

    private enum EventReading {
        case timed
        case dates([Holiday], past: Int)
        case broken(String)
    }

    private static func holidays(_ event: [String: (parameters: String, value: String)], from: CivilDate,
                                 horizon: CivilDate) -> EventReading {
        guard let start = event["DTSTART"] else { return .broken("an event has no DTSTART") }
        let allDay = start.parameters.uppercased().contains("VALUE=DATE") && !start.parameters.uppercased().contains("DATE-TIME")
            || start.value.count == 8
        guard allDay else { return .timed }
        guard let first = date(start.value) else { return .broken("'\(start.value)' is not a date such as 20261225") }
        var length: Int64 = 1
        if let end = event["DTEND"] {
            guard let after = date(end.value) else { return .broken("'\(end.value)' is not a date such as 20261226") }
            length = max(1, after.dayNumber - first.dayNumber)
        }
        let name = text(event["SUMMARY"]?.value ?? "")
        var starts = [first]
        if let rule = event["RRULE"]?.value.uppercased(), rule.contains("FREQ=YEARLY") {
            var parts: [String: String] = [:]
            for piece in rule.split(separator: ";") {
                let pair = piece.split(separator: "=", maxSplits: 1)
                if pair.count == 2 { parts[String(pair[0])] = String(pair[1]) }
            }
            let count = parts["COUNT"].flatMap { Int($0) } ?? Int.max
            let until = parts["UNTIL"].flatMap { date(String($0.prefix(8))) } ?? horizon
            var year = first.year + 1
            while starts.count < count {
                let next = CivilDate(year: year, month: first.month, day: first.day)
                year += 1
                guard next <= until, next <= horizon else { break }
                if next.isValid { starts.append(next) }
            }
        }
        var days: [Holiday] = []
        var past = 0
        for day in starts {
            let last = day.adding(days: length - 1)
            if last < from { past += 1; continue }
            days.append(Holiday(first: day, last: last, name: name))
        }
        return .dates(days, past: past)
    }

    /// `YYYYMMDD` (or the date part of `YYYYMMDDTHHMMSS`) as a date.
    static func date(_ value: String) -> CivilDate? {
        let digits = value.prefix(8)
        guard digits.count == 8, digits.allSatisfy(\.isNumber),
              let year = Int(digits.prefix(4)), let month = Int(digits.dropFirst(4).prefix(2)), let day = Int(digits.suffix(2))
        else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        return date.isValid ? date : nil
    }

    /// An iCalendar text value as plain words: escapes undone, kept on one line.
    static func text(_ value: String) -> String {
        var out = ""
        var escaped = false
        for character in value {
            if escaped {
                out.append(character == "n" || character == "N" ? " " : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The file's content lines, with folded lines (continued after a space or tab) joined.
    static func unfolded(_ text: String) -> [String] {
        var lines: [String] = []
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if let first = raw.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1] += raw.dropFirst()
            } else {
                lines.append(String(raw))
            }
        }
        return lines
    }
}

extension HolidayCalendar {
    /// Typed closure lines with these holidays added after them, a day already typed kept as
    /// typed.
    public func closures(adding typed: String) -> String {
        let lines = typed.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        let typedDays = Set(lines.map { String($0.prefix { !$0.isWhitespace && $0 != ":" }) })
        let added = holidays.filter { !typedDays.contains($0.first.description) && !typedDays.contains("\($0.first)..\($0.last)") }
        return (lines + added.map(\.closureLine)).joined(separator: "\n")
    }

    /// What reading the file did, in the owner's words.
    public var summary: String {
        var text = holidays.count == 1 ? "1 holiday was read from your calendar file"
            : "\(holidays.count) holidays were read from your calendar file"
        var left: [String] = []
        if skippedTimed > 0 { left.append("\(skippedTimed) timed event\(skippedTimed == 1 ? "" : "s") (not whole days)") }
        if skippedPast > 0 { left.append("\(skippedPast) already past") }
        if !left.isEmpty { text += "; left out: " + left.joined(separator: ", ") }
        return text + "."
    }
}
