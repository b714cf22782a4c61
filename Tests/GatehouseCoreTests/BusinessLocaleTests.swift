import GatehouseCore
import Testing

@Suite("One voice for dates, times and money: the business's locale")
struct BusinessLocaleTests {
    /// A business in `zone` writing in `locale`, answering at 10:30 and 16:15 on weekdays.
    static func policy(locale: String?, currency: String, zone: String) throws -> Policy {
        try Policy.read(yaml: """
            business:
              name: Corner Workshop
              timezone: \(zone)
              currency: \(currency)
            \(locale.map { "  locale: \($0)" } ?? "")
            hours:
              mon-fri: 08:00-17:00
            response_windows:
              at: ["10:30", "16:15"]
              length: 15m
            plans:
              - id: standard
                fee: 49/month
            """)
    }

    /// The acknowledgement a message on Tuesday 1 December 2026 at 09:40 local time gets.
    static func acknowledgement(_ policy: Policy, offset: String) throws -> Acknowledgement {
        let received = try ISO8601.parse("2026-12-01T09:40:00\(offset)")
        let facts = AcknowledgementFacts(
            channel: .email, received: received, sent: received, automaticReason: nil, isOwnMessage: false,
            lastAcknowledgedAt: nil, urgent: nil, outOfScope: nil, plan: policy.defaultPlan,
            customerName: "Dana Whitfield", customerEmail: "dana@example.org", subject: "Dripping tap",
            statusLink: "https://desk.example/status/abc")
        return Acknowledgement.decide(facts, policy: policy, calendar: BusinessCalendar(policy: policy), interval: .hours(1))
    }

    @Test("the same promise, in an acknowledgement, reads as each locale writes it",
          arguments: [
              ("en-US", "USD", "America/New_York", "-05:00", "Tuesday, December 1 at 10:45 AM"),
              ("en-GB", "GBP", "Europe/London", "+00:00", "Tuesday 1 December at 10:45"),
              ("de-DE", "EUR", "Europe/Berlin", "+01:00", "Dienstag, 1. Dezember um 10:45"),
              ("en-AU", "AUD", "Australia/Sydney", "+11:00", "Tuesday 1 December at 10:45 am"),
          ])
    func promiseInEachLocale(locale: String, currency: String, zone: String, offset: String, promise: String) throws {
        let policy = try Self.policy(locale: locale, currency: currency, zone: zone)
        let ack = try Self.acknowledgement(policy, offset: offset)
        #expect(ack.isSent)
        #expect(ack.text.contains(promise), "\(locale): \(ack.text)")
        #expect(ack.reasons.contains("promise: \(promise)"))
    }

    @Test("prices and amounts carry the currency the locale's way, whole prices without cents")
    func money() {
        #expect(BusinessLocale("en-US").price(cents: 4_900, currency: "USD") == "$49")
        #expect(BusinessLocale("en-GB").price(cents: 4_900, currency: "GBP") == "£49")
        #expect(BusinessLocale("en-AU").price(cents: 4_950, currency: "AUD") == "$49.50")
        #expect(BusinessLocale("de-DE").price(cents: 4_900, currency: "EUR") == "49 €")
        #expect(BusinessLocale("de-DE").money(cents: 123_450, currency: "EUR") == "1.234,50 €")
        #expect(BusinessLocale("en-US").money(cents: -2_500, currency: "USD") == "-$25.00")
        // A currency with no sign of its own in that locale keeps its code, set apart from the number.
        #expect(BusinessLocale("en-AU").money(cents: 4_900, currency: "USD") == "USD 49.00")
    }

    @Test("the reply times as a sentence lists them, in the locale's clock and words")
    func replyTimes() {
        let us = BusinessLocale("en-US"), de = BusinessLocale("de-DE")
        #expect(us.list([630, 930].map(us.time)) == "10:30 AM and 3:30 PM")
        #expect(de.list([540, 720, 960].map(de.time)) == "09:00, 12:00 und 16:00" || de.list([540, 720, 960].map(de.time)) == "9:00, 12:00 und 16:00")
        #expect(us.list(["noon"]) == "noon")
        #expect(us.list([]) == "")
    }

    @Test("times follow the locale's clock; dates its order of day and month")
    func clocks() {
        let us = BusinessLocale("en-US"), gb = BusinessLocale("en-GB")
        #expect(us.time(0) == "12:00 AM" && us.time(12 * 60) == "12:00 PM" && us.time(9 * 60 + 5) == "9:05 AM")
        #expect(gb.time(9 * 60 + 5) == "09:05" && gb.time(1440) == "24:00")
        #expect(us.timeRange(8 * 60, 12 * 60) == "8:00 AM – 12:00 PM")
        #expect(gb.timeRange(8 * 60, 12 * 60) == "08:00–12:00")
        #expect(us.hourMark(15 * 60) == "3 PM" && gb.hourMark(15 * 60) == "15:00")
        let day = CivilDate(year: 2026, month: 12, day: 1)
        #expect(us.date(day) == "Tuesday, December 1, 2026")
        #expect(gb.date(day) == "Tuesday, 1 December 2026")
        #expect(BusinessLocale("de-DE").date(day) == "Dienstag, 1. Dezember 2026")
        #expect(us.shortDay(day) == "Dec 1" && gb.shortDay(day) == "1 Dec")
    }

    @Test("a policy names its locale; without one the currency's usual style is used; an unknown one is refused at its line")
    func policyLocale() throws {
        #expect(try Self.policy(locale: "en-gb", currency: "GBP", zone: "Europe/London").business.locale.identifier == "en-GB")
        #expect(try Self.policy(locale: nil, currency: "GBP", zone: "Europe/London").business.locale.identifier == "en-GB")
        #expect(try Self.policy(locale: nil, currency: "USD", zone: "America/Chicago").business.locale.identifier == "en-US")
        #expect(try Self.policy(locale: nil, currency: "EUR", zone: "Europe/Dublin").business.price(.amount(cents: 4_900, per: "month"))
                == "€49/month")
        #expect(throws: PolicyError.self) { try Self.policy(locale: "xx-QQ", currency: "USD", zone: "America/Chicago") }
        do {
            _ = try Policy.read(yaml: """
                business:
                  name: Corner Workshop
                  timezone: America/Chicago
                  locale: english
                hours:
                  mon-fri: 08:00-17:00
                """)
            Issue.record("an unknown locale was accepted")
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains("unknown locale 'english'") && $0.line == 4 })
        }
    }
}
