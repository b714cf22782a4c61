import Foundation
@testable import GatehouseCore

/// An independent, deliberately naive model of business time: it asks
/// Foundation's Calendar for the local wall-clock time of every minute and
/// checks it against the policy's intervals, then answers by stepping minute
/// by minute. Slow and obviously right, to check the fast engine against.
struct MinuteOracle {
    let firstMinute: Int64
    let open: [Bool]

    init(timeZone: TimeZone, weekly: [[OpeningInterval]], closures: [Closure], from start: Int64, minutes: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        firstMinute = start / 60
        func intervals(_ date: DateComponents) -> [OpeningInterval] {
            let civil = CivilDate(year: date.year!, month: date.month!, day: date.day!)
            if let closure = closures.first(where: { $0.first <= civil && civil <= $0.last }) {
                return closure.intervals
            }
            // Foundation numbers weekdays from Sunday = 1.
            let mondayFirst = (date.weekday! + 5) % 7
            return weekly[mondayFirst]
        }
        var open = [Bool](repeating: false, count: minutes)
        for index in 0..<minutes {
            let instant = Date(timeIntervalSince1970: TimeInterval((firstMinute + Int64(index)) * 60))
            let local = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: instant)
            let minuteOfDay = local.hour! * 60 + local.minute!
            let today = intervals(local)
            var isOpen = today.contains { $0.start <= minuteOfDay && minuteOfDay < min($0.end, 1440) }
            if !isOpen {
                let yesterdayDate = calendar.date(byAdding: .day, value: -1, to: calendar.startOfDay(for: instant))!
                let yesterday = intervals(calendar.dateComponents([.year, .month, .day, .weekday], from: yesterdayDate))
                isOpen = yesterday.contains { $0.end > 1440 && minuteOfDay < $0.end - 1440 }
            }
            open[index] = isOpen
        }
        self.open = open
    }

    private func index(_ instant: Instant) -> Int { Int(instant.secondsSince1970 / 60 - firstMinute) }

    func isOpen(_ instant: Instant) -> Bool { open[index(instant)] }

    /// Earliest T with `minutes` open minutes in [start, T], or nil past the modelled range.
    func adding(minutes: Int, to start: Instant) -> Instant? {
        if minutes == 0 { return start }
        var counted = 0
        var position = index(start)
        while position < open.count {
            if open[position] { counted += 1 }
            position += 1
            if counted == minutes {
                return Instant(secondsSince1970: (firstMinute + Int64(position)) * 60)
            }
        }
        return nil
    }

    func openMinutes(from start: Instant, to end: Instant) -> Int {
        open[index(start)..<index(end)].lazy.filter { $0 }.count
    }

    func nextOpening(atOrAfter start: Instant) -> Instant? {
        guard let found = open[index(start)...].firstIndex(of: true) else { return nil }
        return Instant(secondsSince1970: (firstMinute + Int64(found)) * 60)
    }
}

/// Random weekly hours and closures of the kinds owners write.
enum RandomPolicy {
    static func weekly(_ random: inout SeededRandom) -> [[OpeningInterval]] {
        var days: [[OpeningInterval]] = []
        for _ in 0..<7 {
            var intervals: [OpeningInterval] = []
            var cursor = Int.random(in: 0...10, using: &random) * 30
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let start = cursor + Int.random(in: 0...8, using: &random) * 15
                guard start < 1440 else { break }
                let end = start + Int.random(in: 1...24, using: &random) * 30
                intervals.append(OpeningInterval(start: start, end: end))
                cursor = end + 15
                if end >= 1440 { break }
            }
            days.append(intervals)
        }
        // An overnight interval must end before the next day's first interval starts.
        for day in 0..<7 {
            guard let last = days[day].last, last.end > 1440 else { continue }
            let next = (day + 1) % 7
            let spill = last.end - 1440
            if let first = days[next].first, first.start < spill {
                days[day][days[day].count - 1].end = 1440 + first.start
                if days[day][days[day].count - 1].end <= last.start { days[day].removeLast() }
            }
        }
        return days
    }

    static func closures(around day: Int64, _ random: inout SeededRandom) -> [Closure] {
        var closures: [Closure] = []
        var cursor = day - 12
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            cursor += Int64.random(in: 1...6, using: &random)
            let first = CivilDate(dayNumber: cursor)
            let length = Int64.random(in: 0...2, using: &random)
            let last = CivilDate(dayNumber: cursor + length)
            cursor += length
            if Bool.random(using: &random) {
                closures.append(Closure(first: first, last: last, kind: .closed(reason: nil)))
            } else {
                let start = Int.random(in: 0...40, using: &random) * 30
                let end = start + Int.random(in: 1...30, using: &random) * 30
                closures.append(Closure(first: first, last: last,
                                        kind: .specialHours([OpeningInterval(start: start, end: min(end, start + 1440))])))
            }
        }
        return closures
    }
}
