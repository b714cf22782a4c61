import Foundation

/// Parsers for the small value languages inside a policy file: prices,
/// first-response promises, allowances, yes/no. Each returns the value or a
/// message saying what was expected.
enum PolicyValues {
    static let priceUnits = ["hour", "day", "week", "month", "year", "job", "visit", "item", "call",
                             "project", "session", "page"]

    /// `120/hour`, `$120 per hour`, `450`, `49.50/month`, `quote`. A currency sign or code
    /// must agree with the business's currency, when that is known.
    static func price(_ raw: String, currency: String? = nil) -> Result<Price, Message> {
        let text = raw.trimmingSpaces.lowercased()
        if ["quote", "on quote", "by quote", "ask", "on request"].contains(text) { return .success(.quote) }
        let expected = "expected an amount with an optional unit, like 120/hour, 450/job, 49/month or quote"
        var amountText = Substring(text)
        var unit: String?
        if let slash = text.firstIndex(of: "/") {
            amountText = text[..<slash]
            unit = String(text[text.index(after: slash)...]).trimmingSpaces
        } else if let range = text.range(of: " per ") {
            amountText = text[..<range.lowerBound]
            unit = String(text[range.upperBound...]).trimmingSpaces
        }
        var amount = String(amountText).trimmingSpaces
        let marks: [(String, Set<String>)] = [("a$", ["AUD"]), ("c$", ["CAD"]), ("$", ["USD", "AUD", "CAD", "NZD", "SGD", "HKD", "MXN"]),
                                              ("€", ["EUR"]), ("£", ["GBP"])]
        var written: (String, Set<String>)?
        if let mark = marks.first(where: { amount.hasPrefix($0.0) }) {
            written = mark
        } else if amount.count > 3, amount.prefix(3).allSatisfy({ $0.isLetter && $0.isASCII }),
                  let next = amount.dropFirst(3).first, next.isASCIIDigit || next == " " {
            written = (String(amount.prefix(3)), [amount.prefix(3).uppercased()])
        }
        if let (mark, currencies) = written {
            amount = String(amount.dropFirst(mark.count)).trimmingSpaces
            if let currency, !currencies.contains(currency) {
                return .failure(Message("'\(raw)' is written in another currency; this business's prices are in "
                                        + "\(currency) (set business.currency to change it)"))
            }
        }
        let parts = amount.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 12,
              parts[0].allSatisfy(\.isASCIIDigit),
              parts.count == 1 || ((1...2).contains(parts[1].count) && parts[1].allSatisfy(\.isASCIIDigit))
        else { return .failure(Message("'\(raw)' is not a price; \(expected)")) }
        var cents = Int64(parts[0])! * 100
        if parts.count == 2 { cents += Int64(parts[1].count == 1 ? String(parts[1]) + "0" : String(parts[1]))! }
        if var unit {
            unit = ["hr": "hour", "hrs": "hour", "h": "hour", "mo": "month", "yr": "year", "wk": "week"][unit] ?? unit
            if unit.hasSuffix("s"), priceUnits.contains(String(unit.dropLast())) { unit.removeLast() }
            guard priceUnits.contains(unit) else {
                return .failure(Message("'\(unit)' is not a price unit in '\(raw)'; expected one of "
                    + priceUnits.joined(separator: ", ") + Suggestion.clause(for: unit, among: priceUnits)))
            }
            return .success(.amount(cents: cents, per: unit))
        }
        return .success(.amount(cents: cents, per: nil))
    }

    /// `1 business day`, `2 business days`, `4 business hours`, `4h`, `90m`.
    static func firstResponse(_ raw: String) -> Result<FirstResponse, Message> {
        let words = raw.lowercased().split(separator: " ").filter { !$0.isEmpty }
        let expected = "expected a promise in business time, like '1 business day', '2 business days', "
            + "'4 business hours' or '90m'"
        if words.count == 3, words[1] == "business", let count = Int(words[0]), count > 0 {
            if words[2] == "day" || words[2] == "days" { return .success(.businessDays(count)) }
            if words[2] == "hour" || words[2] == "hours" { return .success(.businessTime(.hours(Int64(count)))) }
            if words[2] == "minute" || words[2] == "minutes" {
                return .success(.businessTime(.minutes(Int64(count))))
            }
        }
        if words.count == 2, let count = Int(words[0]), count > 0, words[1] == "day" || words[1] == "days" {
            return .success(.businessDays(count))
        }
        let withoutBusiness = words.filter { $0 != "business" }.joined(separator: " ")
        if let span = DurationText.parse(Substring(withoutBusiness)), span.seconds > 0 {
            return .success(.businessTime(span))
        }
        return .failure(Message("'\(raw)' is not a first-response promise; \(expected)"))
    }

    /// `2h/month`, `90m per month`, `none`.
    static func allowance(_ raw: String) -> Result<TimeSpan?, Message> {
        let text = raw.trimmingSpaces.lowercased()
        if ["none", "no", "false", "off", "0", "0h", "0m"].contains(text) { return .success(nil) }
        var durationText = Substring(text)
        if let slash = text.firstIndex(of: "/") {
            guard text[text.index(after: slash)...].trimmingSpaces == "month" else {
                return .failure(Message("'\(raw)' is not a monthly allowance; allowances are per month, like 2h/month"))
            }
            durationText = text[..<slash]
        } else if let range = text.range(of: " per month") ?? text.range(of: " a month") {
            durationText = text[..<range.lowerBound]
        }
        guard let span = DurationText.parse(durationText) else {
            return .failure(Message("'\(raw)' is not a monthly allowance; expected a duration per month, like 2h/month"))
        }
        return .success(span.seconds == 0 ? nil : span)
    }

    /// YAML's yes/no words.
    static func bool(_ raw: String) -> Bool? {
        switch raw.lowercased() {
        case "true", "yes", "on", "y": return true
        case "false", "no", "off", "n": return false
        default: return nil
        }
    }

    /// A user-facing message that explains a bad value.
    struct Message: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
