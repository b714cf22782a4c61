import Foundation
import Yams

/// Reading the time-shaped sections: hours, closures, response windows, the day.
extension PolicyReader {
    mutating func readBusiness(_ node: Node) -> Business? {
        guard let entries = mapping(node, "business") else { return nil }
        let keys = checkKeys(entries, allowed: ["name", "owner", "timezone", "email", "phone", "website", "currency", "locale"],
                             in: "business")
        let name = keys["name"].flatMap { text($0.value, "business.name") }
        if keys["name"] == nil { missing("name", in: node, example: "name: Rivera Plumbing & Heating") }
        var zone: String?
        if let entry = keys["timezone"], let raw = text(entry.value, "business.timezone") {
            if BusinessTimeZone.isKnown(raw) {
                zone = raw
            } else {
                error(entry.value, "unknown time zone '\(raw)'; expected an IANA name like America/Chicago"
                      + Suggestion.clause(for: raw, among: BusinessTimeZone.knownIdentifiers))
            }
        } else if keys["timezone"] == nil {
            missing("timezone", in: node, example: "timezone: America/Chicago")
        }
        var currency = "USD"
        if let entry = keys["currency"], let raw = text(entry.value, "business.currency") {
            if raw.count == 3, raw.allSatisfy({ $0.isASCII && $0.isLetter }) {
                currency = raw.uppercased()
            } else {
                error(entry.value, "'\(raw)' is not a currency code; expected three letters like USD, EUR or AUD")
            }
        }
        var locale: BusinessLocale?
        if let entry = keys["locale"], let raw = text(entry.value, "business.locale") {
            if BusinessLocale.isKnown(raw) {
                locale = BusinessLocale(raw)
            } else {
                error(entry.value, "unknown locale '\(raw)'; expected a language and region like en-US, en-GB, de-DE or en-AU")
            }
        }
        let email = keys["email"].flatMap { text($0.value, "business.email") }
        if let email, let entry = keys["email"], !email.contains("@") {
            error(entry.value, "'\(email)' is not an email address")
        }
        guard let name, let zone else { return nil }
        return Business(name: name, timeZoneIdentifier: zone, email: email,
                        phone: keys["phone"].flatMap { text($0.value, "business.phone") },
                        website: keys["website"].flatMap { text($0.value, "business.website") },
                        currency: currency, locale: locale,
                        owner: keys["owner"].flatMap { text($0.value, "business.owner") })
    }

    // MARK: Hours

    mutating func readHours(_ node: Node) -> WeeklyHours? {
        if isNull(node) { return WeeklyHours() }
        guard let entries = mapping(node, "hours") else { return nil }
        var hours = WeeklyHours()
        var setBy: [Weekday: Entry] = [:]
        var ok = true
        for entry in entries {
            guard let days = weekdays(entry) else { ok = false; continue }
            guard let intervals = intervals(entry.value, "hours.\(entry.key)", allowClosed: true) else {
                ok = false
                continue
            }
            for day in days {
                if let earlier = setBy[day] {
                    error(entry.keyNode, "\(day.name) is given twice in hours: by '\(entry.key)' here and by '\(earlier.key)' at line \(earlier.keyNode.mark?.line ?? 0)")
                    ok = false
                    continue
                }
                setBy[day] = entry
                hours[day] = intervals
            }
        }
        // An overnight interval must not run into the next day's first hours.
        for day in Weekday.allCases {
            guard let last = hours[day].last, last.isOvernight, let entry = setBy[day] else { continue }
            let spill = last.end - 1440
            if let clash = hours[day.next].first(where: { $0.start < spill }) {
                error(entry.value, "\(day.name)'s overnight hours \(last) run into \(day.next.name)'s \(clash); "
                      + "end the overnight interval before the next day opens")
                ok = false
            }
        }
        return ok ? hours : nil
    }

    /// The weekdays a key of `hours:` names: `mon`, `mon-fri`, `mon, wed`, `saturday`.
    mutating func weekdays(_ entry: Entry) -> [Weekday]? {
        var days: [Weekday] = []
        let names = Weekday.allCases.map(\.key)
        for part in entry.key.split(separator: ",") {
            let piece = part.trimmingSpaces
            let bounds = piece.split(separator: "-", omittingEmptySubsequences: false).map(\.trimmingSpaces)
            guard (1...2).contains(bounds.count) else {
                error(entry.keyNode, "'\(piece)' is not a day or range of days; expected mon … sun, a range like mon-fri, or a list like 'mon, wed'")
                return nil
            }
            var found: [Weekday] = []
            for bound in bounds {
                guard let day = Weekday(key: Substring(bound)) else {
                    error(entry.keyNode, "'\(bound)' is not a day in hours; expected mon, tue, wed, thu, fri, sat or sun"
                          + Suggestion.clause(for: bound, among: names))
                    return nil
                }
                found.append(day)
            }
            if found.count == 1 {
                days.append(found[0])
            } else {
                // A range may wrap round the weekend: fri-mon is Friday to Monday.
                var day = found[0]
                days.append(day)
                while day != found[1] {
                    day = day.next
                    days.append(day)
                }
            }
        }
        if days.isEmpty {
            error(entry.keyNode, "an empty key is not a day; expected mon … sun or a range like mon-fri")
            return nil
        }
        return days
    }

    /// `closed` or a list of `HH:MM-HH:MM` intervals (comma-separated text or a YAML list).
    mutating func intervals(_ node: Node, _ what: String, allowClosed: Bool) -> [OpeningInterval]? {
        var pieces: [(Substring, Node)] = []
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            if isNull(node) || (allowClosed && text.trimmingSpaces.lowercased() == "closed") { return [] }
            for piece in text.split(separator: ",", omittingEmptySubsequences: false) { pieces.append((piece, node)) }
        case .sequence(let sequence):
            for item in sequence {
                guard case .scalar(let scalar) = item else {
                    error(item, "each item of \(what) must be an interval like 09:00-17:00, not \(kind(of: item))")
                    return nil
                }
                let text = scalar.string
                for piece in text.split(separator: ",", omittingEmptySubsequences: false) { pieces.append((piece, item)) }
            }
        default:
            error(node, "\(what) must be 'closed' or intervals like 08:00-12:00, 13:00-17:30, not \(kind(of: node))")
            return nil
        }
        var result: [OpeningInterval] = []
        var ok = true
        for (piece, owner) in pieces {
            let leading = piece.prefix(while: { $0 == " " }).count
            let trimmed = piece.dropFirst(leading).reversed().drop(while: { $0 == " " }).reversed()
            let clean = Substring(String(trimmed))
            let offset = columnOffset(of: piece, in: owner) + leading
            if clean.isEmpty {
                error(owner, "\(what) has an empty interval; expected intervals like 08:00-12:00, 13:00-17:30",
                      columnOffset: offset)
                ok = false
                continue
            }
            switch OpeningIntervalText.parse(clean) {
            case .success(let interval): result.append(interval)
            case .failure(let message):
                error(owner, "\(what): \(message.text)", columnOffset: offset)
                ok = false
            }
        }
        guard ok else { return nil }
        result.sort { $0.start < $1.start }
        for (earlier, later) in zip(result, result.dropFirst()) where later.start < earlier.end {
            error(node, "\(what): \(earlier) overlaps \(later); intervals of one day must not overlap")
            ok = false
        }
        return ok ? result : nil
    }

    // MARK: Closures

    mutating func readClosures(_ node: Node) -> [Closure] {
        if isNull(node) { return [] }
        guard let entries = mapping(node, "closures") else { return [] }
        var closures: [(Closure, Entry)] = []
        for entry in entries {
            let key = entry.key.trimmingSpaces
            let parts = key.components(separatedBy: "..")
            guard (1...2).contains(parts.count),
                  let first = CivilDate(iso: Substring(parts[0].trimmingSpaces)),
                  let last = CivilDate(iso: Substring(parts[parts.count - 1].trimmingSpaces))
            else {
                error(entry.keyNode, "'\(key)' is not a date or range of dates in closures; expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, with real dates")
                continue
            }
            guard first <= last else {
                error(entry.keyNode, "the range '\(key)' ends before it starts")
                continue
            }
            var closureKind: Closure.Kind?
            switch entry.value {
            case .scalar(let scalar):
                let text = scalar.string.trimmingSpaces
                if isNull(entry.value) || text.lowercased() == "closed" {
                    closureKind = .closed(reason: nil)
                } else if Self.looksLikeHours(text) {
                    closureKind = intervals(entry.value, "closures.\(key)", allowClosed: true).map { .specialHours($0) }
                } else {
                    closureKind = .closed(reason: text)
                }
            case .sequence:
                closureKind = intervals(entry.value, "closures.\(key)", allowClosed: false).map { .specialHours($0) }
            default:
                error(entry.value, "closures.\(key) must be 'closed', a reason such as 'Christmas', or special hours like 08:00-12:00, not \(kind(of: entry.value))")
            }
            guard let closureKind else { continue }
            let closure = Closure(first: first, last: last, kind: closureKind)
            if let clash = closures.first(where: { $0.0.first <= last && first <= $0.0.last }) {
                error(entry.keyNode, "closures: '\(key)' covers dates already given by '\(clash.1.key)' at line \(clash.1.keyNode.mark?.line ?? 0); each date may be given once")
                continue
            }
            closures.append((closure, entry))
        }
        return closures.map(\.0).sorted { $0.first < $1.first }
    }

    /// Whether closure text is meant as special hours (`08:00-12:00`) rather than a reason ("4th of July").
    static func looksLikeHours(_ text: String) -> Bool {
        let head = Array(text.utf8.prefix(5))
        func digit(_ index: Int) -> Bool { index < head.count && head[index] >= 48 && head[index] <= 57 }
        let colon = UInt8(ascii: ":")
        return digit(0) && ((head.count > 1 && head[1] == colon && digit(2))
                            || (digit(1) && head.count > 2 && head[2] == colon))
    }

    // MARK: Response windows and the day

    mutating func readResponseWindows(_ node: Node, hours: WeeklyHours?) -> ResponseWindows {
        var windows = ResponseWindows.none
        guard !isNull(node), let entries = mapping(node, "response_windows") else { return windows }
        let keys = checkKeys(entries, allowed: ["at", "length", "min_reply_delay"], in: "response_windows")
        if let length = keys["length"].flatMap({ duration($0.value, "response_windows.length", allowZero: false) }) {
            windows.length = length
        }
        if let delay = keys["min_reply_delay"].flatMap({ duration($0.value, "response_windows.min_reply_delay") }) {
            windows.minimumReplyDelay = delay
        }
        guard let at = keys["at"] else {
            missing("at", in: node, example: "at: [10:30, 15:30]")
            return windows
        }
        var starts: [(Int, Node, Int)] = []
        var pieces: [(Substring, Node)] = []
        switch at.value {
        case .sequence(let sequence):
            for item in sequence {
                guard case .scalar(let scalar) = item else {
                    error(item, "each item of response_windows.at must be a time like 10:30, not \(kind(of: item))")
                    continue
                }
                pieces.append((Substring(scalar.string), item))
            }
        case .scalar(let scalar):
            for piece in scalar.string.split(separator: ",") { pieces.append((piece, at.value)) }
        default:
            error(at.value, "response_windows.at must be a list of times like [10:30, 15:30]")
        }
        for (piece, owner) in pieces {
            let clean = piece.trimmingSpaces
            let offset = columnOffset(of: piece, in: owner) + piece.prefix(while: { $0 == " " }).count
            guard let minutes = ClockTime.minutes(Substring(clean)), minutes < 1440 else {
                error(owner, "response_windows.at: '\(clean)' is not a time of day; expected 24-hour HH:MM such as 10:30",
                      columnOffset: offset)
                continue
            }
            starts.append((minutes, owner, offset))
        }
        starts.sort { $0.0 < $1.0 }
        for (earlier, later) in zip(starts, starts.dropFirst())
        where Int64(later.0 - earlier.0) * 60 < windows.length.seconds {
            error(later.1, "response windows at \(ClockTime.text(earlier.0)) and \(ClockTime.text(later.0)) overlap: each lasts \(windows.length)",
                  columnOffset: later.2)
        }
        // The last window of the day may run past midnight into the first one.
        if starts.count > 1, let first = starts.first, let last = starts.last,
           Int64(first.0 + 1440 - last.0) * 60 < windows.length.seconds {
            error(last.1, "response windows at \(ClockTime.text(last.0)) and \(ClockTime.text(first.0)) overlap across midnight: each lasts \(windows.length)",
                  columnOffset: last.2)
        }
        if let hours {
            let coverage = OpenCoverage(hours: hours)
            for (minutes, owner, offset) in starts where !coverage.isOpenOnSomeDay(atMinute: minutes) {
                error(owner, "the response window at \(ClockTime.text(minutes)) is outside opening hours on every day; "
                      + "a window must start while the business is open", columnOffset: offset)
            }
        }
        windows.starts = starts.map(\.0)
        return windows
    }

    /// The day section; without one, the defaults (an hour's buffer, or the longest day if shorter).
    mutating func readDay(_ node: Node?, hours: WeeklyHours?) -> DayShape {
        let longest = hours.map { hours in Weekday.allCases.max { hours[$0].length < hours[$1].length }! }
        let longestLength = longest.flatMap { day in hours?[day].length } ?? .minutes(60)
        var day = DayShape(emergencyBuffer: min(.minutes(60), longestLength), focus: [], maxMeetingTime: nil)
        guard let node, !isNull(node), let entries = mapping(node, "day") else { return day }
        let keys = checkKeys(entries, allowed: ["emergency_buffer", "focus", "max_meeting_time"], in: "day")
        if let entry = keys["emergency_buffer"], let buffer = duration(entry.value, "day.emergency_buffer") {
            day.emergencyBuffer = buffer
            if let longest, buffer > longestLength {
                error(entry.value, "day.emergency_buffer of \(buffer) is longer than the longest working day "
                      + "(\(longest.name), \(longestLength) open)")
            }
        }
        if let entry = keys["focus"], let focus = intervals(entry.value, "day.focus", allowClosed: true) {
            day.focus = focus
        }
        if let entry = keys["max_meeting_time"], let raw = scalar(entry.value, "day.max_meeting_time") {
            if ["none", "no limit"].contains(raw.lowercased()) {
                day.maxMeetingTime = nil
            } else {
                day.maxMeetingTime = duration(entry.value, "day.max_meeting_time", allowZero: false)
            }
        }
        return day
    }
}

extension Array where Element == OpeningInterval {
    /// The open time of a day's intervals.
    var length: TimeSpan { TimeSpan(seconds: reduce(0) { $0 + Int64($1.end - $1.start) * 60 }) }
}

/// `HH:MM-HH:MM`, with the overnight and whole-day rules of the policy file.
enum OpeningIntervalText {
    static func parse(_ text: Substring) -> Result<OpeningInterval, PolicyValues.Message> {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2 else {
            return .failure(.init("'\(text)' is not an interval; expected start and end like 08:00-12:00"))
        }
        let startText = bounds[0].trimmingSpaces
        let endText = bounds[1].trimmingSpaces
        guard let start = ClockTime.minutes(Substring(startText)) else {
            return .failure(.init(timeProblem(startText, in: text)))
        }
        guard let end = ClockTime.minutes(Substring(endText)) else {
            return .failure(.init(timeProblem(endText, in: text)))
        }
        guard start < 1440 else {
            return .failure(.init("'\(text)' starts at 24:00; 24:00 may only end an interval (write 00:00 to start at midnight)"))
        }
        // An end not after the start runs overnight into the next day.
        return .success(OpeningInterval(start: start, end: end > start ? end : end + 1440))
    }

    static func timeProblem(_ time: String, in interval: Substring) -> String {
        let bytes = Array(time.utf8)
        if bytes.count == 5, bytes[2] == UInt8(ascii: ":"), let hour = digits(bytes, 0, 2),
           let minute = digits(bytes, 3, 2) {
            if hour > 24 || (hour == 24 && minute > 0) {
                return "'\(time)' in '\(interval)' is not a time: hours run from 00 to 23 (24:00 is the end of the day)"
            }
            return "'\(time)' in '\(interval)' is not a time: minutes run from 00 to 59"
        }
        return "'\(time)' in '\(interval)' is not a time; expected 24-hour HH:MM such as 09:00 or 17:30"
    }
}

/// Which minutes of a weekday are open, counting overnight hours from the day before.
struct OpenCoverage {
    private var open: [[Bool]] = Array(repeating: Array(repeating: false, count: 1440), count: 7)

    init(hours: WeeklyHours) {
        for day in Weekday.allCases {
            for interval in hours[day] {
                for minute in interval.start..<interval.end {
                    let target = minute >= 1440 ? day.next : day
                    open[target.rawValue][minute % 1440] = true
                }
            }
        }
    }

    func isOpenOnSomeDay(atMinute minute: Int) -> Bool {
        open.contains { $0[minute] }
    }
}
