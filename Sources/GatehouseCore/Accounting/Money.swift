/// Amounts of money as plain numbers (the business's locale writes them for people, see
/// `BusinessLocale`), and what a plan's fee comes to in one month.
public enum Money {
    /// "1234.50": cents as a plain decimal number, for CSV and JSON readers.
    public static func decimal(cents: Int64) -> String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + "\(magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// A plan's fee for one month, in cents: a monthly fee (`49/month`, or an amount with no unit)
    /// as it is, a yearly one divided by twelve; a fee on quote, or per anything else, counts as
    /// nothing, since there is no monthly amount to report.
    public static func monthlyFeeCents(_ fee: Price) -> Int64 {
        guard case .amount(let cents, let unit) = fee else { return 0 }
        switch unit?.lowercased() {
        case nil, "month", "mo", "monthly": return cents
        case "year", "yr", "yearly", "annum": return cents / 12
        default: return 0
        }
    }

    /// An amount as an owner types it — `480`, `480.50`, `$1,250`, `€80`, `.5` — in cents; nil
    /// when it is not an amount: a sign, letters, more than two decimals or more than 12 digits.
    public static func cents(typed text: String) -> Int64? {
        let cleaned = text.filter { !"$€£, \u{00A0}\u{202F}".contains($0) }
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !(parts.count == 1 && parts[0].isEmpty),
              !(parts.count == 2 && parts[0].isEmpty && parts[1].isEmpty),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[0].count <= 12, let whole = Int64(parts[0].isEmpty ? "0" : parts[0])
        else { return nil }
        guard parts.count == 2 else { return whole * 100 }
        let fraction = parts[1]
        guard fraction.count <= 2, let value = Int64(fraction.isEmpty ? "0" : fraction) else { return nil }
        return whole * 100 + (fraction.count == 1 ? value * 10 : value)
    }

    /// "480", "120.50": cents as an owner types them back into a form.
    public static func typed(cents: Int64) -> String {
        let fraction = cents.magnitude % 100
        return (cents < 0 ? "-" : "") + "\(cents.magnitude / 100)" + (fraction == 0 ? "" : "." + (fraction < 10 ? "0" : "") + "\(fraction)")
    }
}
