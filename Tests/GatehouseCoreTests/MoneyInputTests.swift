import GatehouseCore
import Testing

/// Amounts as owners type them, read one way everywhere: job prices, change orders, charges.
@Suite("Money as the owner types it")
struct MoneyInputTests {
    @Test("whole amounts, decimals, currency signs and thousands separators are read as cents")
    func amounts() {
        #expect(Money.cents(typed: "480") == 48_000)
        #expect(Money.cents(typed: "480.50") == 48_050)
        #expect(Money.cents(typed: "75.5") == 7_550)
        #expect(Money.cents(typed: "$1,250") == 125_000)
        #expect(Money.cents(typed: "€80") == 8_000)
        #expect(Money.cents(typed: " 0 ") == 0)
        #expect(Money.cents(typed: ".5") == 50)
        #expect(Money.cents(typed: "5.") == 500)
    }

    @Test("a sign, letters, three decimals, two points, nothing at all or too many digits are not an amount")
    func notAmounts() {
        for text in ["-5", "+5", "12abc", "1.234", "1.2.3", "", ".", "$", "1234567890123", "٣", "1e3"] {
            #expect(Money.cents(typed: text) == nil, "\(text)")
        }
    }

    @Test("cents are written back as the owner would type them")
    func typedBack() {
        #expect(Money.typed(cents: 48_000) == "480")
        #expect(Money.typed(cents: 12_050) == "120.50")
        #expect(Money.typed(cents: 12_005) == "120.05")
    }
}
