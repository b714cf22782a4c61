import GatehouseCore
import Testing

@Suite("The monthly report: time against what each customer pays")
struct MonthlyReportTests {
    static let policy = try! Policy.read(yaml: """
        business:
          name: Rivera Plumbing
          timezone: America/Chicago
        hours:
          mon-fri: 08:00-17:00
        day:
          emergency_buffer: 60m
        services:
          - id: repair
            name: Repairs
            price: 120/hour
        plans:
          - id: standard
          - id: care
            fee: 49/month
            allowance: 2h/month
          - id: business
            fee: 600/year
        """)
    static let calendar = BusinessCalendar(policy: policy)
    static let november = ReportMonth(year: 2026, month: 11)

    static func report(_ figures: [CustomerMonthFigures]) -> MonthlyReport {
        MonthlyReport.make(month: november, figures: figures, policy: policy)
    }

    @Test("a customer with 40% of the time and 5% of revenue is flagged for a healthy-distance conversation")
    func flagged() {
        let check = HealthyDistance.check(time: .hours(4), totalTime: .hours(10), revenueCents: 5_000, totalRevenueCents: 100_000)
        #expect(check.flagged)
        #expect(check.reason == "40% of your time for 5% of revenue; worth a healthy-distance conversation")
    }

    @Test("18% of the time for 3% of revenue is flagged; 30% of the time for 20% of revenue is in proportion")
    func proportion() {
        #expect(HealthyDistance.check(time: .minutes(180), totalTime: .minutes(1000), revenueCents: 3, totalRevenueCents: 100).flagged
            == true)
        let fair = HealthyDistance.check(time: .hours(3), totalTime: .hours(10), revenueCents: 20, totalRevenueCents: 100)
        #expect(!fair.flagged)
        #expect(fair.reason == "30% of your time for 20% of revenue: in proportion")
    }

    @Test("a customer with 8% of the time and no revenue is not flagged: small customers are left alone")
    func smallShare() {
        let check = HealthyDistance.check(time: .minutes(48), totalTime: .hours(10), revenueCents: 0, totalRevenueCents: 100_000)
        #expect(!check.flagged)
        #expect(check.reason == "8% of your time for 0% of revenue: under 10% of your time, so not flagged")
        #expect(!HealthyDistance.check(time: .zero, totalTime: .zero, revenueCents: 0, totalRevenueCents: 0).flagged)
    }

    @Test("the effective hourly rate is fees plus charges divided by time")
    func hourlyRate() {
        let report = Self.report([
            CustomerMonthFigures(customerID: "c1", name: "Maria Lopez", planID: "care", time: .minutes(90),
                                 chargesCents: 10_100, changeOrderCents: 10_100),
        ])
        let line = report.customers[0]
        #expect(line.feeCents == 4_900)
        #expect(line.revenueCents == 15_000)
        #expect(line.rate.centsPerHour == 10_000)
        #expect(line.rate.words == "$100.00 an hour")
        #expect(report.totalChangeOrderCents == 10_100)
    }

    @Test("with no time recorded there is no hourly rate, and the report says so")
    func noTime() {
        let report = Self.report([CustomerMonthFigures(customerID: "c1", name: "Maria", planID: "care")])
        #expect(report.customers[0].rate.centsPerHour == nil)
        #expect(report.customers[0].rate.words == "no time recorded, so no hourly rate")
        #expect(report.rate.words == "no time recorded, so no hourly rate")
    }

    @Test("a yearly fee counts a twelfth each month; a prospect and a free plan with no time are left out")
    func fees() {
        let report = Self.report([
            CustomerMonthFigures(customerID: "b", name: "Bakery", planID: "business"),
            CustomerMonthFigures(customerID: "p", name: "Prospect", planID: "care", paysFee: false),
            CustomerMonthFigures(customerID: "s", name: "Standard", planID: "standard"),
        ])
        #expect(report.customers.map(\.figures.customerID) == ["b"])
        #expect(report.totalFeesCents == 5_000)
    }

    @Test("a Care-plan customer at 2h10 of a 2h allowance gets a drafted additional-charge note")
    func additionalCharge() {
        let report = Self.report([
            CustomerMonthFigures(customerID: "c1", name: "Maria Lopez", planID: "care", time: .minutes(130)),
            CustomerMonthFigures(customerID: "c2", name: "Tom Reed", planID: "care", time: .minutes(100)),
        ])
        let maria = report.customers.first { $0.figures.customerID == "c1" }!
        let tom = report.customers.first { $0.figures.customerID == "c2" }!
        #expect(maria.additionalChargeDue)
        #expect(maria.overAllowance == .minutes(10))
        #expect(maria.allowance.level == .reached)
        #expect(!tom.additionalChargeDue)
        #expect(tom.allowance.level == .nearing)
        let draft = AdditionalCharge.draft(line: maria, month: Self.november, policy: Self.policy, customerName: "Maria Lopez")
        // 10 minutes over, rounded up to the quarter hour, at the Repairs price of 120/hour.
        #expect(draft.suggestedCents == 3_000)
        #expect(draft.text.contains("Hi Maria,"))
        #expect(draft.text.contains("in November 2026"))
        #expect(draft.text.contains("includes 2 hours of my time each month; we spent 2 hours 10 minutes, which is 10 minutes more"))
        #expect(draft.text.contains("I'll add $30.00 to this month's bill"))
        #expect(draft.text.hasSuffix("Rivera Plumbing"))
    }

    @Test("once an additional charge is recorded for the month, no second note is drafted")
    func chargedOnce() {
        let report = Self.report([CustomerMonthFigures(customerID: "c1", name: "Maria", planID: "care", time: .minutes(130),
                                                       chargesCents: 3_000, additionalCents: 3_000)])
        #expect(!report.customers[0].additionalChargeDue)
    }

    @Test("a month is written YYYY-MM; anything else is refused with what was expected")
    func months() throws {
        #expect(try ReportMonth.parse("2026-11") == ReportMonth(year: 2026, month: 11))
        #expect(ReportMonth(year: 2026, month: 12).next == ReportMonth(year: 2027, month: 1))
        #expect(ReportMonth(year: 2026, month: 1).previous.description == "2025-12")
        #expect(throws: ReportMonth.Problem(message: "expected a month written YYYY-MM, such as 2026-11, not 'november'")) {
            try ReportMonth.parse("november")
        }
        #expect(throws: ReportMonth.Problem.self) { try ReportMonth.parse("2026-13") }
        #expect(throws: ReportMonth.Problem.self) { try ReportMonth.parse("2026-1") }
        let (start, end) = Self.november.bounds(Self.calendar)
        #expect(Self.calendar.iso8601(start) == "2026-11-01T00:00:00-05:00")
        #expect(Self.calendar.iso8601(end) == "2026-12-01T00:00:00-06:00")
    }

    @Test("the ledger's kept and broken promises are counted by the week they fell due; withdrawn, superseded and not yet due ones are not")
    func promises() {
        let (start, _) = Self.november.bounds(Self.calendar)
        let monday = start.secondsSince1970 + 86_400 + 15 * 3600 // Monday 2 November, 15:00 local
        let promises = [
            PromiseRecord(conversationID: "kept", promisedAt: monday, outcome: .kept),
            PromiseRecord(conversationID: "late", promisedAt: monday, outcome: .broken),
            PromiseRecord(conversationID: "lapsed", promisedAt: monday, outcome: .open),
            PromiseRecord(conversationID: "merged", promisedAt: monday, outcome: .withdrawn),
            PromiseRecord(conversationID: "brought forward", promisedAt: monday, outcome: .superseded),
            PromiseRecord(conversationID: "future", promisedAt: monday + 20 * 86_400, outcome: .open),
            PromiseRecord(conversationID: "kept early", promisedAt: monday + 20 * 86_400, outcome: .kept),
        ]
        let weeks = PromisesKept.weeks(promises, month: Self.november, calendar: Self.calendar,
                                       now: Instant(secondsSince1970: monday + 86_400))
        #expect(weeks.first?.monday == CivilDate(year: 2026, month: 10, day: 26))
        let week = weeks.first { $0.monday == CivilDate(year: 2026, month: 11, day: 2) }!
        #expect(week.kept == 1)
        #expect(week.missed == 2)
        #expect(week.words == "Week of 2 Nov: 1 of 3 kept (33%)")
        #expect(weeks.reduce(0) { $0 + $1.total } == 4)
    }

    @Test("urgent time is set against an hour of emergency buffer on each open day of the month")
    func urgent() {
        let use = UrgentTimeUse.of(used: .minutes(330), month: Self.november, policy: Self.policy, calendar: Self.calendar)
        #expect(use.openDays == 21)
        #expect(use.reserved == .hours(21))
        #expect(use.words == "5 hours 30 minutes on urgent matters, of the 21 hours kept free for emergencies "
            + "(1 hour on each of 21 open days): 26%")
    }

    @Test("money reads in the business's locale with its thousands separator and two decimals")
    func money() {
        #expect(BusinessLocale("en-US").money(cents: 123_456_789, currency: "USD") == "$1,234,567.89")
        #expect(BusinessLocale("de-DE").money(cents: 123_456_789, currency: "EUR") == "1.234.567,89 €")
        #expect(BusinessLocale("en-IE").money(cents: 5, currency: "EUR") == "€0.05")
        #expect(Money.decimal(cents: 4_900) == "49.00")
    }
}

@Suite("CSV: RFC 4180 and safe in a spreadsheet")
struct CSVTests {
    @Test("lines end in CRLF; commas, quotes and line breaks are quoted with quotes doubled")
    func quoting() {
        var csv = CSV(header: ["name", "note"])
        csv.append([.text("Lopez, Maria"), .text("said \"hi\"\nthen left")])
        csv.append([.text("plain"), .number("12.50")])
        #expect(csv.text == "name,note\r\n\"Lopez, Maria\",\"said \"\"hi\"\"\nthen left\"\r\nplain,12.50\r\n")
    }

    @Test("a cell a spreadsheet would run as a formula gets a single quote in front")
    func formulas() {
        #expect(CSV.encode(.text("=HYPERLINK(\"http://evil\")")) == "\"'=HYPERLINK(\"\"http://evil\"\")\"")
        #expect(CSV.encode(.text("+1 312 555 0142")) == "'+1 312 555 0142")
        #expect(CSV.encode(.text("-2+3")) == "'-2+3")
        #expect(CSV.encode(.text("@SUM(A1)")) == "'@SUM(A1)")
        #expect(CSV.encode(.text("Maria")) == "Maria")
        #expect(CSV.encode(.number("-1.50")) == "-1.50")
    }
}
