import GatehouseCore
import Testing

@Suite("Time against the plan's allowance")
struct AllowanceUseTests {
    static let policy = try! Policy.read(yaml: """
        business:
          name: Rivera Plumbing
          timezone: America/Chicago
        hours:
          mon-fri: 08:00-17:00
        plans:
          - id: standard
          - id: care
            fee: 49/month
            allowance: 2h/month
        """)
    static let care = policy.plan(id: "care")!
    static let standard = policy.plan(id: "standard")!

    @Test("a Care-plan customer who used 1h50 of a 2h allowance and books a 20-minute call is warned before the call")
    func warnedBeforeTheCall() {
        let use = AllowanceUse.of(used: .minutes(110), plan: Self.care)
        #expect(use.level == .nearing)
        #expect(use.words(plan: Self.care) == "1 hour 50 minutes of the Care plan's 2 hours this month (92%): nearly used")
        #expect(use.warning(adding: .minutes(20), plan: Self.care) == "20 minutes more would make it 2 hours 10 minutes of the "
            + "Care plan's 2 hours this month, 10 minutes past the allowance: consider asking about an additional charge first")
    }

    @Test("under 80% there is no warning; at 80% a quiet one; past 100% it says by how much")
    func levels() {
        #expect(AllowanceUse.of(used: .minutes(60), plan: Self.care).level == .fine)
        #expect(AllowanceUse.of(used: .minutes(60), plan: Self.care).warning(adding: .minutes(20), plan: Self.care) == nil)
        #expect(AllowanceUse.of(used: .minutes(76), plan: Self.care).warning(adding: .minutes(20), plan: Self.care)
            == "20 minutes more would make it 1 hour 36 minutes of the Care plan's 2 hours this month (80%)")
        let over = AllowanceUse.of(used: .minutes(135), plan: Self.care)
        #expect(over.level == .reached)
        #expect(over.words(plan: Self.care).hasSuffix("(113%): 15 minutes past the allowance"))
        #expect(AllowanceUse.of(used: .minutes(120), plan: Self.care).words(plan: Self.care).hasSuffix(": used up"))
    }

    @Test("a plan without an allowance counts time but never warns")
    func noAllowance() {
        let use = AllowanceUse.of(used: .minutes(300), plan: Self.standard)
        #expect(use.level == .none)
        #expect(use.warning(adding: .hours(3), plan: Self.standard) == nil)
        #expect(use.words(plan: Self.standard) == "5 hours this month (the Standard plan has no allowance)")
    }

    @Test("a month in Chicago begins at local midnight, also across the daylight-saving change")
    func months() throws {
        let calendar = BusinessCalendar(policy: Self.policy)
        let november = calendar.month(of: try ISO8601.parse("2026-11-15T12:00:00-06:00"))
        #expect(november.start == (try ISO8601.parse("2026-11-01T00:00:00-05:00")), "daylight time until 1 November 02:00")
        #expect(november.end == (try ISO8601.parse("2026-12-01T00:00:00-06:00")))
        #expect(calendar.instant(of: CivilDate(year: 2026, month: 3, day: 8), minute: 150) == nil, "02:30 is skipped in spring")
    }
}
