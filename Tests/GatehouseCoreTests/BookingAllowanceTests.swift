import GatehouseCore
import Testing

@Suite("A booking within the plan: past the month's allowance the customer is asked to accept the extra first")
struct BookingAllowanceTests {
    static let policy = try! Policy.read(yaml: """
        business:
          name: Rivera Plumbing
          timezone: America/Chicago
        hours:
          mon-fri: 08:00-17:00
        services:
          - {id: emergency, name: Emergency call-out, price: 180/visit, covers: [flood]}
          - {id: repair, name: Repairs, price: 120/hour, covers: [leaks]}
        plans:
          - {id: standard, name: Standard, default: true}
          - {id: care, name: Care, allowance: 2h/month}
        booking:
          kinds:
            - {id: call, name: 20-minute call, length: 20m}
            - {id: visit, name: Site visit, length: 60m}
        """)
    static let calendar = BusinessCalendar(policy: policy)
    static let december8 = try! ISO8601.parse("2026-12-08T10:00:00-06:00")
    static var care: Plan { policy.plan(id: "care")! }

    static func extra(_ kind: String, used: TimeSpan, booked: TimeSpan = .zero, plan: Plan? = care) -> BookingAllowance.Extra? {
        BookingAllowance.extra(kind: policy.booking.kind(id: kind)!, start: december8, plan: plan, used: used, booked: booked,
                               policy: policy, calendar: calendar)
    }

    @Test("a Care-plan customer who used 1h50 of 2h and books a 20-minute call is asked to accept the extra 10 minutes at $120/hour before it is confirmed")
    func tenMinutesOver() throws {
        let extra = try #require(Self.extra("call", used: .minutes(110)))
        #expect(extra.time == .minutes(10) && extra.centsPerHour == 12_000 && extra.cents == 2_000)
        #expect(extra.month == ReportMonth(year: 2026, month: 12))
        #expect(extra.words == "Your Care plan includes 2 hours of our time each month. In December 2026 you have used "
                + "1 hour 50 minutes, so 10 minutes of this 20-minute call would be extra, at $120.00 an hour: $20.00.")
        #expect(extra.chargeDescription.contains("10 minutes of 20-minute call on Tuesday, December 8 at 10:00 AM"))
        #expect(extra.chargeDescription.hasSuffix("at $120.00 an hour (Repairs)"))
    }

    @Test("within the allowance, on a plan without one, or for a stranger, nothing is asked; bookings still to come count first; past the allowance all of it is extra")
    func fitsOrNot() throws {
        #expect(Self.extra("call", used: .minutes(100)) == nil, "1h40 + 20m is exactly 2h")
        #expect(Self.extra("visit", used: .hours(5), plan: Self.policy.plan(id: "standard")) == nil)
        #expect(Self.extra("visit", used: .hours(5), plan: nil) == nil)
        let booked = try #require(Self.extra("call", used: .minutes(60), booked: .minutes(50)))
        #expect(booked.time == .minutes(10) && booked.words.contains("you have used 1 hour and have 50 minutes more booked"))
        let past = try #require(Self.extra("visit", used: .hours(3)))
        #expect(past.time == .hours(1) && past.cents == 12_000)
    }
}
