import GatehouseCore
import Testing

@Suite("The day plan: focus, response windows, appointments and the emergency buffer")
struct DayPlanTests {
    static let yaml = """
        business:
          name: Rivera Plumbing
          timezone: America/Chicago
        hours:
          mon-thu: 08:00-12:00, 13:00-17:30
          fri: 08:00-15:00
        closures:
          2026-12-25..2026-12-26: Christmas
        response_windows:
          at: [10:30, 15:30]
          length: 45m
          min_reply_delay: 2h
        day:
          emergency_buffer: 60m
          focus: [08:00-10:30]
        plans:
          - id: standard
        """

    static func plan(_ date: CivilDate, appointments: [DayBlock] = []) throws -> (DayPlan, BusinessCalendar) {
        let policy = try Policy.read(yaml: yaml)
        let calendar = BusinessCalendar(policy: policy)
        return (DayPlan.make(policy: policy, calendar: calendar, date: date, appointments: appointments), calendar)
    }

    static func at(_ text: String) throws -> Instant { try ISO8601.parse(text) }

    static func lines(_ plan: DayPlan, _ calendar: BusinessCalendar) -> [String] {
        plan.blocks.map {
            "\($0.kind.rawValue) \(ClockTime.text(calendar.localTime(of: $0.start).minuteOfDay))-"
                + ClockTime.text(calendar.localTime(of: $0.end).minuteOfDay)
        }
    }

    @Test("a Monday: focus until 10:30, answering at 10:30 and 15:30, the buffer in the last free hour, 3.5 hours free")
    func monday() throws {
        let (plan, calendar) = try Self.plan(CivilDate(year: 2026, month: 11, day: 23))
        #expect(Self.lines(plan, calendar) == [
            "focus 08:00-10:30", "response-window 10:30-11:15", "response-window 15:30-16:15", "buffer 16:30-17:30",
        ])
        #expect(plan.open.count == 2)
        #expect(plan.free == TimeSpan.minutes(210))
        #expect(plan.bufferLeft == TimeSpan.minutes(60))
        #expect(plan.start == (try Self.at("2026-11-23T08:00:00-06:00")))
        #expect(plan.end == (try Self.at("2026-11-23T17:30:00-06:00")))
        #expect(plan.reasons.contains("emergency buffer: 1 hour kept free in the latest free stretch of the day"))
    }

    @Test("a late call moves the buffer to the afternoon's free stretch before it, and the time box counts to the call")
    func appointmentMovesBuffer() throws {
        let call = DayBlock(kind: .appointment, start: try Self.at("2026-11-23T16:15:00-06:00"),
                            end: try Self.at("2026-11-23T17:30:00-06:00"), label: "Site visit: Lopez")
        let (plan, calendar) = try Self.plan(CivilDate(year: 2026, month: 11, day: 23), appointments: [call])
        #expect(Self.lines(plan, calendar) == [
            "focus 08:00-10:30", "response-window 10:30-11:15", "buffer 14:30-15:30", "response-window 15:30-16:15",
            "appointment 16:15-17:30",
        ])
        #expect(plan.minutesBeforeNextAppointment(from: try Self.at("2026-11-23T15:55:00-06:00")) == 20)
        #expect(plan.minutesBeforeNextAppointment(from: try Self.at("2026-11-23T17:00:00-06:00")) == nil)
    }

    @Test("a day too full for the buffer keeps what is free and says so")
    func fullDay() throws {
        let calls = [("13:00", "15:30"), ("16:15", "17:10"), ("11:15", "12:00")].map { from, to in
            DayBlock(kind: .appointment, start: try! Self.at("2026-11-23T\(from):00-06:00"),
                     end: try! Self.at("2026-11-23T\(to):00-06:00"), label: "Call")
        }
        let (plan, calendar) = try Self.plan(CivilDate(year: 2026, month: 11, day: 23), appointments: calls)
        #expect(Self.lines(plan, calendar).contains("buffer 17:10-17:30"))
        #expect(plan.reasons.contains("emergency buffer: only 20 minutes of the 1 hour the policy reserves is free today"))
        #expect(plan.free == TimeSpan(seconds: 0))
    }

    @Test("Saturday and Christmas are closed: no focus, no windows, no buffer, and the reason")
    func closedDays() throws {
        let (saturday, _) = try Self.plan(CivilDate(year: 2026, month: 11, day: 28))
        #expect(saturday.open.isEmpty && saturday.blocks.isEmpty)
        #expect(saturday.reasons == ["closed today: the weekly hours have no opening on Saturday"])
        #expect(saturday.bufferReserved == TimeSpan(seconds: 0))
        let (christmas, _) = try Self.plan(CivilDate(year: 2026, month: 12, day: 25))
        #expect(christmas.blocks.isEmpty)
        #expect(christmas.reasons == ["closed today: Christmas"])
    }
}
