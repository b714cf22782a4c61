import GatehouseCore
import Testing

@Suite("The owner's booking week: bookable, booked and held in reserve")
struct BookingWeekTests {
    static let policy = try! Policy.read(yaml: """
        business:
          name: Rivera Plumbing
          timezone: America/Chicago
        hours:
          mon-fri: 08:00-17:00
        response_windows:
          at: [10:30, 15:30]
          length: 30m
        day:
          emergency_buffer: 60m
          focus: [08:00-10:30]
        plans:
          - {id: standard, name: Standard, default: true}
        booking:
          reserve: 2h
          kinds:
            - {id: visit, name: Site visit, length: 60m, buffer_before: 15m, buffer_after: 15m}
        """)
    static let calendar = BusinessCalendar(policy: policy)
    static func at(_ text: String) throws -> Instant { try ISO8601.parse(text) }

    @Test("a Monday of nine open hours, focus until 10:30, two half-hour windows and an hour's buffer leaves 4½ hours free: 2½ bookable and 3 reserved until the reserve's release on Sunday at 4 PM; a visit booked with its travel takes 1½ hours more; after the release the reserve is bookable; weekends are closed")
    func week() throws {
        let monday = CivilDate(year: 2026, month: 11, day: 23)
        let friday = try Self.at("2026-11-20T12:00:00-06:00")
        let empty = BookingWeek.of(monday: monday, policy: Self.policy, calendar: Self.calendar, booked: [], now: friday)
        #expect(empty.days.count == 7 && empty.days.filter(\.isOpen).count == 5)
        #expect(empty.days[0].bookable == .minutes(150) && empty.days[0].reserved == .hours(3) && empty.days[0].booked == .zero)

        let visit = BookedTime(start: try Self.at("2026-11-23T13:30:00-06:00"), end: try Self.at("2026-11-23T14:30:00-06:00"),
                               kindID: "visit", label: "Site visit with Maria")
        let booked = BookingWeek.of(monday: monday, policy: Self.policy, calendar: Self.calendar, booked: [visit], now: friday)
        #expect(booked.days[0].booked == .hours(1) && booked.days[0].bookable == .minutes(60), "\(booked.days[0])")
        #expect(booked.days[1].bookable == .minutes(150), "Tuesday untouched")

        // Sunday 5 PM: Monday's reserve is released, so all its free time is bookable.
        let released = BookingWeek.of(monday: monday, policy: Self.policy, calendar: Self.calendar, booked: [],
                                      now: try Self.at("2026-11-22T17:00:00-06:00"))
        #expect(released.days[0].bookable == .minutes(270) && released.days[0].reserved == .hours(1))
        #expect(released.days[1].reserved == .hours(3), "Tuesday's reserve is held until Monday at 4 PM")
        #expect(empty.words == "12 hours 30 minutes bookable, no time booked, 15 hours held in reserve")
        // Wednesday half a minute past noon: Monday and Tuesday are over, and nothing is counted to the second.
        let midweek = BookingWeek.of(monday: monday, policy: Self.policy, calendar: Self.calendar, booked: [],
                                     now: try Self.at("2026-11-25T12:00:30-06:00"))
        #expect(midweek.days[0].reserved == .zero && midweek.days[0].bookable == .zero)
        #expect(midweek.days[2].bookable.seconds % 60 == 0 && midweek.days[2].bookable < .minutes(270))
    }
}
