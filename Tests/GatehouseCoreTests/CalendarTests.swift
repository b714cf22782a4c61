import Foundation
import Testing
@testable import GatehouseCore

/// Business time as an owner would describe it, case by case.
@Suite("Business calendar")
struct CalendarTests {
    static func policy(_ yaml: String) throws -> Policy { try Policy.read(yaml: yaml) }

    static func instant(_ text: String) throws -> Instant { try ISO8601.parse(text) }

    static let plumber = """
        business: {name: Rivera Plumbing, timezone: America/Chicago}
        hours:
          mon-thu: 08:00-12:00, 13:00-17:30
          fri: 08:00-17:00
        closures:
          2026-12-24: 08:00-12:00
          2026-12-25..2026-12-26: Christmas
        response_windows:
          at: [10:30, 15:30]
          length: 45m
          min_reply_delay: 2h
        """

    @Test("a message on Friday 16:50 to a business closing at 17:00, minimum delay 2h, 45-minute windows at 10:30 and 15:30, is promised Monday 11:15")
    func fridayEveningPromise() throws {
        let policy = try Self.policy(Self.plumber)
        let calendar = BusinessCalendar(policy: policy)
        let promise = try #require(calendar.promise(received: Self.instant("2026-03-06T16:50:00-06:00"),
                                                    plan: policy.defaultPlan))
        #expect(calendar.iso8601(promise.due) == "2026-03-09T11:15:00-05:00")
        #expect(promise.window.map { calendar.iso8601($0.start) } == "2026-03-09T10:30:00-05:00")
        #expect(promise.reasons.contains { $0.contains("at least 2 hours") })
    }

    @Test("one hour after 16:00 with a 17:00 close is 17:00, not the next morning")
    func addingStopsAtTheClose() throws {
        let calendar = BusinessCalendar(policy: try Self.policy(Self.plumber))
        let due = try #require(calendar.adding(.hours(1), to: Self.instant("2026-03-06T16:00:00-06:00")))
        #expect(calendar.iso8601(due) == "2026-03-06T17:00:00-06:00")
    }

    @Test("time after closing carries over the weekend and the lunch break")
    func carriesOver() throws {
        let calendar = BusinessCalendar(policy: try Self.policy(Self.plumber))
        let due = try #require(calendar.adding(.hours(5), to: Self.instant("2026-03-06T16:00:00-06:00")))
        // 1h on Friday, then Monday 08:00-12:00 (4h) → Monday 12:00 exactly, not after lunch.
        #expect(calendar.iso8601(due) == "2026-03-09T12:00:00-05:00")
        let later = try #require(calendar.adding(.minutes(301), to: Self.instant("2026-03-06T16:00:00-06:00")))
        #expect(calendar.iso8601(later) == "2026-03-09T13:01:00-05:00")
    }

    @Test("Christmas Eve's special hours and the Christmas closure replace the usual hours")
    func closuresAndSpecialHours() throws {
        let calendar = BusinessCalendar(policy: try Self.policy(Self.plumber))
        #expect(calendar.isOpen(at: try Self.instant("2026-12-24T11:00:00-06:00")))
        #expect(!calendar.isOpen(at: try Self.instant("2026-12-24T14:00:00-06:00")))
        #expect(!calendar.isOpen(at: try Self.instant("2026-12-25T10:00:00-06:00")))
        // Thursday 24th 11:00 + 2h: 1h that morning, then closed until Monday 28th.
        let due = try #require(calendar.adding(.hours(2), to: Self.instant("2026-12-24T11:00:00-06:00")))
        #expect(calendar.iso8601(due) == "2026-12-28T09:00:00-06:00")
    }

    @Test("a whole day open on the spring-forward day is 23 hours, on the fall-back day 25")
    func daylightSavingDays() throws {
        let calendar = BusinessCalendar(policy: try Self.policy("""
            business: {name: Always, timezone: America/Chicago}
            hours: {mon-sun: 00:00-24:00}
            """))
        let spring = calendar.openTime(from: try Self.instant("2026-03-08T00:00:00-06:00"),
                                       to: try Self.instant("2026-03-09T00:00:00-05:00"))
        #expect(spring == .hours(23))
        let fall = calendar.openTime(from: try Self.instant("2026-11-01T00:00:00-05:00"),
                                     to: try Self.instant("2026-11-02T00:00:00-06:00"))
        #expect(fall == .hours(25))
    }

    @Test("on Lord Howe Island the half-hour DST change skips and repeats thirty minutes")
    func lordHowe() throws {
        let calendar = BusinessCalendar(policy: try Self.policy("""
            business: {name: Island, timezone: Australia/Lord_Howe}
            hours: {sun: 01:00-03:00}
            """))
        // 2026-04-05: clocks go back from 02:00 (+11:00) to 01:30 (+10:30): 01:30-02:00 happens twice.
        let april = calendar.openTime(from: try Self.instant("2026-04-04T00:00:00+11:00"),
                                      to: try Self.instant("2026-04-06T00:00:00+10:30"))
        #expect(april == .minutes(150))
        // 2026-10-04: clocks go forward from 02:00 (+10:30) to 02:30 (+11:00): 02:00-02:30 never happens.
        let october = calendar.openTime(from: try Self.instant("2026-10-03T00:00:00+10:30"),
                                        to: try Self.instant("2026-10-05T00:00:00+11:00"))
        #expect(october == .minutes(90))
        #expect(calendar.isOpen(at: try Self.instant("2026-10-04T02:30:00+11:00")))
        #expect(calendar.isOpen(at: try Self.instant("2026-10-04T01:59:00+10:30")))
    }

    @Test("an overnight shift belongs to the day it starts; a closure on the next day leaves it alone")
    func overnight() throws {
        let calendar = BusinessCalendar(policy: try Self.policy("""
            business: {name: On call, timezone: Australia/Sydney}
            hours:
              mon: 22:00-06:00
            closures:
              2026-11-24: closed
              2026-11-30: closed
            """))
        // Monday 23 November 22:00 to Tuesday 06:00, although Tuesday the 24th is closed.
        #expect(calendar.isOpen(at: try Self.instant("2026-11-23T23:00:00+11:00")))
        #expect(calendar.isOpen(at: try Self.instant("2026-11-24T05:59:00+11:00")))
        #expect(!calendar.isOpen(at: try Self.instant("2026-11-24T06:00:00+11:00")))
        // The closure on Monday the 30th removes that night's shift entirely.
        #expect(!calendar.isOpen(at: try Self.instant("2026-11-30T23:00:00+11:00")))
        #expect(!calendar.isOpen(at: try Self.instant("2026-12-01T01:00:00+11:00")))
        let due = try #require(calendar.adding(.hours(9), to: Self.instant("2026-11-23T22:00:00+11:00")))
        // 8h this week; the next shift is on 7 December (30 November is closed).
        #expect(calendar.iso8601(due) == "2026-12-07T23:00:00+11:00")
    }

    @Test("a one-year duration lands where week-by-week counting says")
    func longSpans() throws {
        let calendar = BusinessCalendar(policy: try Self.policy("""
            business: {name: Office, timezone: Europe/Berlin}
            hours: {mon-fri: 09:00-17:00}
            """))
        let start = try Self.instant("2026-01-05T09:00:00+01:00")
        // 52 weeks of 40 hours, with no closures, ends on the Friday of week 52 at 17:00.
        let due = try #require(calendar.adding(.hours(52 * 40), to: start))
        #expect(calendar.iso8601(due) == "2027-01-01T17:00:00+01:00")
        #expect(calendar.openTime(from: start, to: due) == .hours(52 * 40))
    }

    @Test("adding then measuring gives back the same duration", arguments: [0, 1, 59, 600, 2_400, 100_000, 600_000])
    func roundTrip(minutes: Int64) throws {
        let calendar = BusinessCalendar(policy: try Self.policy(Self.plumber))
        var random = SeededRandom(seed: UInt64(minutes))
        for _ in 0..<200 {
            let start = Instant(secondsSince1970: 1_767_225_600 + Int64.random(in: 0..<63_000_000, using: &random))
            let due = try #require(calendar.adding(.minutes(minutes), to: start))
            #expect(calendar.openTime(from: start, to: due) == .minutes(minutes))
            #expect(due >= start)
        }
    }

    @Test("a business that never opens again has no due time")
    func neverOpens() throws {
        let calendar = BusinessCalendar(policy: try Self.policy("""
            business: {name: Retired, timezone: UTC}
            hours: {}
            closures:
              2026-06-01: 09:00-10:00
            """))
        let start = try Self.instant("2026-05-01T00:00:00Z")
        #expect(calendar.adding(.minutes(30), to: start).map(calendar.iso8601) == "2026-06-01T09:30:00+00:00")
        #expect(calendar.adding(.hours(2), to: start) == nil)
        #expect(calendar.nextOpening(atOrAfter: try Self.instant("2026-06-02T00:00:00Z")) == nil)
    }

    @Test("response windows happen only while open")
    func responseWindows() throws {
        let calendar = BusinessCalendar(policy: try Self.policy(Self.plumber))
        // Thursday 24 December closes at 12:00, so its 15:30 window does not happen, nor do Christmas's.
        let window = try #require(calendar.nextResponseWindow(atOrAfter: Self.instant("2026-12-24T12:00:00-06:00")))
        #expect(calendar.iso8601(window.start) == "2026-12-28T10:30:00-06:00")
        #expect(calendar.iso8601(window.end) == "2026-12-28T11:15:00-06:00")
    }
}

@Suite("Promises")
struct PromiseTests {
    static let policy = """
        business: {name: Rivera Plumbing, timezone: America/Chicago}
        hours:
          mon-thu: 08:00-12:00, 13:00-17:30
          fri: 08:00-15:00
        response_windows:
          at: [10:30, 15:30]
          length: 45m
          min_reply_delay: 2h
        plans:
          - id: standard
            first_response: 1 business day
          - id: care
            first_response: 4 business hours
          - id: rush
            first_response: 1 business hour
        """

    @Test("one business day means by the close of the next full business day")
    func businessDay() throws {
        let policy = try Policy.read(yaml: Self.policy)
        let calendar = BusinessCalendar(policy: policy)
        // Monday 09:00, after opening: Monday does not count, so Tuesday's close.
        let monday = try calendar.firstResponseDeadline(received: ISO8601.parse("2026-03-09T09:00:00-05:00"),
                                                        promise: .businessDays(1))
        #expect(monday.map(calendar.iso8601) == "2026-03-10T17:30:00-05:00")
        // Monday 07:00, before opening: all of Monday is still ahead, so Monday's close.
        let early = try calendar.firstResponseDeadline(received: ISO8601.parse("2026-03-09T07:00:00-05:00"),
                                                       promise: .businessDays(1))
        #expect(early.map(calendar.iso8601) == "2026-03-09T17:30:00-05:00")
        // Saturday: Monday is the first full business day.
        let saturday = try calendar.firstResponseDeadline(received: ISO8601.parse("2026-03-07T12:00:00-06:00"),
                                                          promise: .businessDays(2))
        #expect(saturday.map(calendar.iso8601) == "2026-03-10T17:30:00-05:00")
    }

    @Test("a plan promise shorter than the reply delay wins: the earlier window is used")
    func planBeatsDelay() throws {
        let policy = try Policy.read(yaml: Self.policy)
        let calendar = BusinessCalendar(policy: policy)
        // Monday 09:00 on Care: deadline 13:00+1h lunch = 14:00; the 2h delay would mean 15:30,
        // so the 10:30 window (ending 11:15) keeps the plan's promise.
        let care = try #require(policy.plan(id: "care"))
        let promise = try #require(calendar.promise(received: ISO8601.parse("2026-03-09T09:00:00-05:00"), plan: care))
        #expect(calendar.iso8601(promise.deadline) == "2026-03-09T14:00:00-05:00")
        #expect(calendar.iso8601(promise.due) == "2026-03-09T11:15:00-05:00")
    }

    @Test("when no window fits before the plan's deadline, the deadline itself is promised")
    func deadlineItself() throws {
        let policy = try Policy.read(yaml: Self.policy)
        let calendar = BusinessCalendar(policy: policy)
        let rush = try #require(policy.plan(id: "rush"))
        let promise = try #require(calendar.promise(received: ISO8601.parse("2026-03-09T11:30:00-05:00"), plan: rush))
        // 30 minutes before lunch, 30 after: 13:30, and no window ends by then.
        #expect(calendar.iso8601(promise.due) == "2026-03-09T13:30:00-05:00")
        #expect(promise.window == nil)
    }

    @Test("without response windows the promise is the plan's deadline")
    func noWindows() throws {
        let policy = try Policy.read(yaml: """
            business: {name: Simple, timezone: Europe/Berlin}
            hours: {mon-fri: 09:00-17:00}
            """)
        let calendar = BusinessCalendar(policy: policy)
        let promise = try #require(calendar.promise(received: ISO8601.parse("2026-03-13T16:00:00+01:00"),
                                                    plan: policy.defaultPlan))
        #expect(calendar.iso8601(promise.due) == "2026-03-16T17:00:00+01:00")
    }
}

@Suite("ISO 8601 and durations")
struct ISO8601Tests {
    @Test("instants with offsets, Z and no seconds are read; output keeps the zone's offset")
    func parsing() throws {
        #expect(try ISO8601.parse("2026-03-06T16:50:00-06:00").secondsSince1970 == 1_772_837_400)
        #expect(try ISO8601.parse("2026-03-06T22:50Z").secondsSince1970 == 1_772_837_400)
        #expect(try ISO8601.parse("2026-03-06T22:50:00.000+00:00").secondsSince1970 == 1_772_837_400)
        #expect(try ISO8601.parse("2026-03-07T04:20:00+0530").secondsSince1970 == 1_772_837_400)
        // A fraction of a second, as JavaScript writes one, is read and dropped; RFC 3339's lower case too.
        #expect(try ISO8601.parse("2026-03-06T22:50:00.999Z").secondsSince1970 == 1_772_837_400)
        #expect(try ISO8601.parse("2026-03-06t22:50:00.2901z").secondsSince1970 == 1_772_837_400)
        #expect(ISO8601.format(Instant(secondsSince1970: 1_772_837_400), utcOffsetSeconds: -21_600)
                == "2026-03-06T16:50:00-06:00")
        #expect(ISO8601.format(Instant(secondsSince1970: 0), utcOffsetSeconds: 0) == "1970-01-01T00:00:00+00:00")
    }

    @Test("bad instants are refused with the reason", arguments: [
        ("2026-03-06T16:50:00", "no UTC offset"), ("2026-02-30T10:00:00Z", "not a date"),
        ("2026-03-06 16:50:00Z", "'T'"), ("2026-03-06T25:00:00Z", "out of range"),
        ("2026-03-06T16:50:00.Z", "digits after the decimal point"), ("tomorrow", "expected a date"),
    ])
    func badInstants(text: String, reason: String) {
        #expect {
            _ = try ISO8601.parse(text)
        } throws: { error in
            (error as? ISO8601.ParseError)?.message.contains(reason) == true
        }
    }

    @Test("durations are read as owners write them")
    func durations() {
        #expect(DurationText.parse("90m") == .minutes(90))
        #expect(DurationText.parse("4h") == .hours(4))
        #expect(DurationText.parse("1h30m") == .minutes(90))
        #expect(DurationText.parse("1h 30m") == .minutes(90))
        #expect(DurationText.parse("45 minutes") == .minutes(45))
        #expect(DurationText.parse("PT1H30M") == .minutes(90))
        #expect(DurationText.parse("0m") == .zero)
        #expect(DurationText.parse("90") == nil)
        #expect(DurationText.parse("1d") == nil)
        #expect(DurationText.parse("") == nil)
        #expect(DurationText.parse("-5m") == nil)
    }
}
