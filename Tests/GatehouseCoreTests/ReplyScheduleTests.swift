import Testing
@testable import GatehouseCore

/// A day of replies with the plumber's policy: windows at 10:30 and 15:30, at least 2 hours
/// after the customer's message. 2026-03-02 is a Monday; Chicago is at -06:00 then.
@Suite("When replies go out")
struct ReplyScheduleTests {
    static let calendar = BusinessCalendar(policy: try! Policy.read(yaml: CalendarTests.plumber))

    static func timing(written: String, customerWrote: String?, promise: String? = nil, urgent: Bool = false,
                       sendNow: Bool = false) throws -> (String, String) {
        let timing = ReplySchedule.timing(written: try ISO8601.parse(written), customerWrote: try customerWrote.map(ISO8601.parse),
                                          promise: try promise.map(ISO8601.parse), urgent: urgent, sendNow: sendNow,
                                          calendar: calendar)
        return (calendar.iso8601(timing.sendAt), timing.reason)
    }

    @Test("a reply written at 09:02 to a message from 08:00 leaves in the 10:30 window")
    func morning() throws {
        let (at, why) = try Self.timing(written: "2026-03-02T09:02:00-06:00", customerWrote: "2026-03-02T08:00:00-06:00")
        #expect(at == "2026-03-02T10:30:00-06:00")
        #expect(why == "next response window, 10:30 AM")
    }

    @Test("the customer was promised 11:15 because the plan's deadline outranked the delay: a reply written at 09:40 goes in the 10:30 window that keeps it, not at 15:30")
    func promiseOutranksDelay() throws {
        let (at, why) = try Self.timing(written: "2026-03-02T09:40:00-06:00", customerWrote: "2026-03-02T09:30:00-06:00",
                                        promise: "2026-03-02T11:15:00-06:00")
        #expect(at == "2026-03-02T10:30:00-06:00")
        #expect(why.hasPrefix("response window 10:30 AM: the customer was promised an answer by"))
        #expect(why.hasSuffix("which outranks the minimum reply delay"))
        // Written inside the promised window itself: it goes at once, in time.
        let (now, reason) = try Self.timing(written: "2026-03-02T10:50:00-06:00", customerWrote: "2026-03-02T09:30:00-06:00",
                                            promise: "2026-03-02T11:15:00-06:00")
        #expect(now == "2026-03-02T10:50:00-06:00")
        #expect(reason.hasPrefix("goes out at once"))
        // A promise already broken is not chased: the reply keeps to the windows.
        let (late, _) = try Self.timing(written: "2026-03-02T12:00:00-06:00", customerWrote: "2026-03-02T09:30:00-06:00",
                                        promise: "2026-03-02T11:15:00-06:00")
        #expect(late == "2026-03-02T15:30:00-06:00")
    }

    @Test("a reply written at 15:50, inside the afternoon window, waits for the next working morning")
    func afternoon() throws {
        let (at, why) = try Self.timing(written: "2026-03-02T15:50:00-06:00", customerWrote: "2026-03-02T11:00:00-06:00")
        #expect(at == "2026-03-03T10:30:00-06:00")
        #expect(why == "next response window, tomorrow 10:30 AM")
    }

    @Test("the Friday-evening reply leaves on Monday")
    func fridayEvening() throws {
        let (at, why) = try Self.timing(written: "2026-03-06T18:45:00-06:00", customerWrote: "2026-03-06T16:00:00-06:00")
        #expect(at == "2026-03-09T10:30:00-05:00")
        #expect(why == "next response window, Monday 10:30 AM")
    }

    @Test("a window sooner than the minimum reply delay is skipped, and the reason says so")
    func minimumDelay() throws {
        let (at, why) = try Self.timing(written: "2026-03-02T09:35:00-06:00", customerWrote: "2026-03-02T09:30:00-06:00")
        #expect(at == "2026-03-02T15:30:00-06:00")
        #expect(why == "next response window, 3:30 PM (the 10:30 AM window is sooner than the minimum reply delay of 2 hours allows)")
    }

    @Test("urgent replies and 'send now' go at once, whatever the hour")
    func atOnce() throws {
        let urgent = try Self.timing(written: "2026-03-07T02:10:00-06:00", customerWrote: "2026-03-07T02:05:00-06:00", urgent: true)
        #expect(urgent == ("2026-03-07T02:10:00-06:00", "urgent: goes out at once"))
        let now = try Self.timing(written: "2026-03-02T09:02:00-06:00", customerWrote: "2026-03-02T09:00:00-06:00", sendNow: true)
        #expect(now == ("2026-03-02T09:02:00-06:00", "sent at once, as the owner asked"))
    }

    @Test("a policy with no response windows sends a reply as soon as it is written")
    func noWindows() throws {
        let policy = try Policy.read(yaml: """
            business: {name: Solo, timezone: Europe/London}
            hours: {mon-fri: 09:00-17:00}
            """)
        let calendar = BusinessCalendar(policy: policy)
        let timing = ReplySchedule.timing(written: try ISO8601.parse("2026-03-02T09:10:00Z"),
                                          customerWrote: try ISO8601.parse("2026-03-02T09:00:00Z"),
                                          urgent: false, sendNow: false, calendar: calendar)
        #expect(calendar.iso8601(timing.sendAt) == "2026-03-02T09:10:00+00:00")
        #expect(timing.reason == "the policy has no response windows: goes out at once")
    }
}
