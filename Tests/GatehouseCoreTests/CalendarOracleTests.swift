import Foundation
import Testing
@testable import GatehouseCore

/// The fast calendar against the minute-stepping oracle, over thousands of
/// random policies and instants around every daylight-saving change of 2026
/// and 2027 in time zones chosen for their awkwardness.
@Suite("Business calendar against a brute-force oracle")
struct CalendarOracleTests {
    static let zones = [
        "America/Chicago", "Europe/Berlin", "Australia/Sydney", "Australia/Lord_Howe", "America/St_Johns",
        "Pacific/Chatham", "America/Santiago", "Asia/Kolkata", "UTC",
    ]

    /// Days around which to test: each DST change of 2026 and 2027, or two fixed dates without DST.
    static func focusDays(_ zone: TimeZone) -> [Int64] {
        var days: [Int64] = []
        var cursor = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01
        let end = Date(timeIntervalSince1970: 1_830_297_600)    // 2028-01-01
        while let transition = zone.nextDaylightSavingTimeTransition(after: cursor), transition < end {
            days.append(Int64(transition.timeIntervalSince1970) / 86_400)
            cursor = transition
        }
        return days.isEmpty ? [20_520, 20_700] : days
    }

    @Test("random policies agree with the oracle around DST changes", arguments: zones)
    func agreesWithOracle(zoneName: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        var random = SeededRandom(seed: zoneName.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) })
        var checked = 0
        for focus in Self.focusDays(zone) {
            for _ in 0..<3 {
                let weekly = RandomPolicy.weekly(&random)
                let closures = RandomPolicy.closures(around: focus, &random)
                var hours = WeeklyHours()
                hours.days = weekly
                let calendar = BusinessCalendar(timeZone: zone, hours: hours, closures: closures)
                let rangeStart = (focus - 14) * 86_400
                let rangeMinutes = 28 * 1440
                let oracle = MinuteOracle(timeZone: zone, weekly: weekly, closures: closures,
                                          from: rangeStart, minutes: rangeMinutes)
                for _ in 0..<60 {
                    let start = Instant(secondsSince1970: rangeStart + Int64.random(in: 0..<(14 * 1440), using: &random) * 60)
                    let minutes = Int.random(in: 0...(Bool.random(using: &random) ? 600 : 4000), using: &random)
                    let context = "\(zoneName) weekly=\(weekly) closures=\(closures) start=\(start) +\(minutes)m"
                    #expect(calendar.isOpen(at: start) == oracle.isOpen(start), "\(context)")
                    if let expected = oracle.adding(minutes: minutes, to: start) {
                        let due = calendar.adding(.minutes(Int64(minutes)), to: start)
                        #expect(due == expected, "\(context)")
                    }
                    let end = start + .minutes(Int64(Int.random(in: 0...(13 * 1440), using: &random)))
                    #expect(calendar.openTime(from: start, to: end).seconds == Int64(oracle.openMinutes(from: start, to: end)) * 60,
                            "\(context) end=\(end)")
                    if let expected = oracle.nextOpening(atOrAfter: start) {
                        #expect(calendar.nextOpening(atOrAfter: start) == expected, "\(context)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked >= 360)
    }
}
