/// Amounts of money as the owner reads them, and what a plan's fee comes to in one month.
public enum Money {
    /// "1,234.50 USD": cents written with a thousands separator, two decimals and the currency code.
    public static func text(cents: Int64, currency: String) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        var whole = String(magnitude / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        let fraction = magnitude % 100
        return sign + whole + grouped + "." + (fraction < 10 ? "0" : "") + "\(fraction) " + currency
    }

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
}
