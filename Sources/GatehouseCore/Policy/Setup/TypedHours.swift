/// Times and opening hours as an owner types them on a form — `8am`, `5:30 pm`, `noon`,
/// `7am-4pm`, `08:00-12:00, 13:00-17:30`, `closed` — written back the one way policies
/// spell them (`07:00-16:00`). Pure: a result or the reason it cannot be read.
public enum TypedHours {
    /// A typed value that could not be read, with what was expected.
    public struct Problem: Error, Sendable, Equatable {
        public var detail: String
    }

    /// Minutes after midnight for one typed time: `8`, `8am`, `8:30 pm`, `08:30`, `8.30pm`,
    /// `noon`, `midnight`, `24:00`. `meridiem` tells whether am or pm was written.
    static func time(_ typed: Substring) -> (minutes: Int, meridiem: Bool)? {
        var text = typed.lowercased().filter { $0 != " " }
        if text == "noon" || text == "midday" { return (720, true) }
        if text == "midnight" { return (0, true) }
        var pm: Bool?
        for (suffix, isPM) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true), ("a", false), ("p", true)]
        where text.hasSuffix(suffix) {
            pm = isPM
            text.removeLast(suffix.count)
            break
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).flatMap {
            $0.split(separator: ".", omittingEmptySubsequences: false)
        }
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), parts[0].count <= 2 else { return nil }
        var minute = 0
        if parts.count == 2 {
            guard parts[1].count == 2, let value = Int(parts[1]), value < 60 else { return nil }
            minute = value
        }
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            let base = hour % 12 + (pm ? 12 : 0)
            return (base * 60 + minute, true)
        }
        guard hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return (hour * 60 + minute, false)
    }

    /// One typed time written as `HH:MM`.
    public static func clock(_ typed: String) -> Result<String, Problem> {
        guard let read = time(Substring(typed.trimmingSpaces)) else {
            return .failure(Problem(detail: "'\(typed)' is not a time; write it like 10:30, 3:30 pm or 15:30"))
        }
        return .success(ClockTime.text(read.minutes))
    }

    /// Several typed times (`10:30, 3:30pm`) as `HH:MM` each, in the order given.
    public static func clocks(_ typed: String) -> Result<[String], Problem> {
        var times: [String] = []
        for piece in pieces(typed) {
            switch clock(String(piece)) {
            case .success(let time): times.append(time)
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(times)
    }

    /// A day's typed hours as a policy writes them: `07:00-16:00`, `08:00-12:00, 13:00-17:30`, or
    /// `closed` for an empty field, `closed`, `-` or `no`.
    public static func day(_ typed: String) -> Result<String, Problem> {
        let text = typed.trimmingSpaces
        if text.isEmpty || ["closed", "-", "no", "none", "off"].contains(text.lowercased()) { return .success("closed") }
        var intervals: [String] = []
        for piece in pieces(text) {
            switch interval(piece) {
            case .success(let written): intervals.append(written)
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(intervals.joined(separator: ", "))
    }

    /// `7am-4pm`, `7 to 4`, `22:00–06:00` as `HH:MM-HH:MM`. An end written without am or pm
    /// that would come before the start is read in the afternoon when that makes sense
    /// (`8-5` is 08:00-17:00), and otherwise as running past midnight (`22:00-06:00`).
    static func interval(_ piece: Substring) -> Result<String, Problem> {
        let normalised = piece.replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: "—", with: "-")
            .replacingOccurrences(of: " to ", with: "-").replacingOccurrences(of: " until ", with: "-")
        let ends = normalised.split(separator: "-", omittingEmptySubsequences: false)
        let wrong = Problem(detail: "'\(piece.trimmingSpaces)' is not a time range; write it like 8am-5pm or 08:00-17:00")
        guard ends.count == 2, let start = time(Substring(ends[0].trimmingSpaces)),
              var end = time(Substring(ends[1].trimmingSpaces)) else { return .failure(wrong) }
        if !end.meridiem, end.minutes <= start.minutes, end.minutes <= 720, end.minutes + 720 > start.minutes {
            end.minutes += 720
        }
        if end.minutes == 0 { end.minutes = 1440 }
        guard end.minutes != start.minutes else {
            return .failure(Problem(detail: "'\(piece.trimmingSpaces)' starts and ends at the same time"))
        }
        return .success(ClockTime.text(start.minutes) + "-" + ClockTime.text(end.minutes))
    }

    /// The comma-, semicolon- or "and"-separated pieces of a typed list.
    static func pieces(_ typed: String) -> [Substring] {
        typed.replacingOccurrences(of: " and ", with: ",").split(whereSeparator: { $0 == "," || $0 == ";" })
            .map { Substring($0.trimmingSpaces) }.filter { !$0.isEmpty }
    }
}
