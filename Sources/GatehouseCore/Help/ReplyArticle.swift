import Foundation

/// A draft article started from a reply the owner sent: the reply's words, with
/// what belongs to the customer taken out, so that the owner can make one
/// answer into an answer for everyone.
///
/// Removed: the greeting line that names the customer ("Hi Dana,"), the
/// customer's name wherever else it stands, email addresses and phone numbers
/// (except the business's own, which an article may well give), and every
/// private link or token (a request's status page, an alert, an agreement, a
/// calendar feed, "this solved it"). Each removal is one of the reasons, so the
/// owner sees what was taken out before publishing.
public enum ReplyArticle {
    /// Whose details a reply may carry.
    public struct Details: Sendable, Equatable {
        /// The customer's name as the desk knows it ("Dana Whitfield").
        public var customerName: String
        public var customerEmails: [String]
        public var customerPhones: [String]
        /// Tokens that must never appear in an article (the conversation's status token).
        public var tokens: [String]
        /// The business's own address and phone, which stay.
        public var businessEmail: String?
        public var businessPhone: String?

        public init(customerName: String, customerEmails: [String] = [], customerPhones: [String] = [], tokens: [String] = [],
                    businessEmail: String? = nil, businessPhone: String? = nil) {
            self.customerName = customerName
            self.customerEmails = customerEmails
            self.customerPhones = customerPhones
            self.tokens = tokens
            self.businessEmail = businessEmail
            self.businessPhone = businessPhone
        }
    }

    /// The text with the customer's details removed, and what was removed.
    public struct Scrubbed: Sendable, Equatable {
        public var text: String
        public var reasons: [String]
    }

    /// The draft for a reply of `text` in a conversation about `subject`: a draft (never
    /// published), titled after the subject, the reply as its body; with the reasons.
    public static func draft(reply text: String, subject: String, details: Details) -> (draft: ArticleDraft, reasons: [String]) {
        let body = scrub(text, details: details)
        let heading = scrub(title(from: subject, body: body.text), details: details)
        var reasons = body.reasons
        for reason in heading.reasons where !reasons.contains(reason) { reasons.append(reason) }
        let draft = ArticleDraft(title: heading.text, body: body.text.isEmpty ? "(write the answer here)" : body.text,
                                 isPublished: false)
        return (draft, reasons.isEmpty ? ["nothing of the customer's was found in the reply"] : reasons)
    }

    /// The subject without "Re:" / "Fwd:" prefixes, else the body's first line, cut to 120 characters.
    static func title(from subject: String, body: String) -> String {
        var title = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        while let range = title.range(of: #"^(re|fwd?|aw|sv)\s*:\s*"#, options: [.regularExpression, .caseInsensitive]) {
            title.removeSubrange(range)
        }
        if title.isEmpty {
            title = body.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
        if title.isEmpty { title = "An answer worth keeping" }
        return String(title.prefix(120))
    }

    /// `text` without the customer's details (see the type's description).
    public static func scrub(_ text: String, details: Details) -> Scrubbed {
        var reasons: [String] = []
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        let names = nameParts(details.customerName)

        // A greeting that names the customer says nothing to the next reader: the line goes.
        if let first = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
           isGreeting(lines[first], names: names) {
            lines.remove(at: first)
            while let top = lines.first, top.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
            reasons.append("removed the greeting that names the customer")
        }
        var result = lines.joined(separator: "\n")

        // Private links first: they may hold a token or an address.
        let links = replace(#"https?://[^\s<>()"']*[^\s<>()"'.,;:!?]"#, in: result) { link in
            isPrivateLink(link, tokens: details.tokens) ? "[private link removed]" : nil
        }
        result = links.text
        if links.count > 0 { reasons.append("removed \(count(links.count, "private link")) (status page, alert, agreement or token)") }
        var tokensRemoved = 0
        for token in details.tokens where token.count >= 6 {
            let parts = result.components(separatedBy: token)
            tokensRemoved += parts.count - 1
            result = parts.joined(separator: "[private link removed]")
        }
        if tokensRemoved > 0 { reasons.append("removed the request's private token") }

        // The business's own address stays, unless it is also the customer's (a test from the owner's own mailbox).
        let customerEmails = Set(details.customerEmails.map { $0.lowercased() })
        let business = details.businessEmail?.lowercased()
        let emails = replace(#"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"#, in: result) { email in
            email.lowercased() == business && !customerEmails.contains(email.lowercased()) ? nil : "[email address]"
        }
        result = emails.text
        if emails.count > 0 { reasons.append("removed \(count(emails.count, "email address", plural: "email addresses"))") }

        let customerDigits = Set(details.customerPhones.map(digits))
        let businessDigits = details.customerPhones.map(digits).contains(details.businessPhone.map(digits) ?? "-")
            ? "" : details.businessPhone.map(digits) ?? ""
        let phones = replace(#"\+?\(?[0-9][0-9 ().\-]{5,}[0-9]"#, in: result) { number in
            let numberDigits = digits(number)
            if customerDigits.contains(numberDigits) { return "[phone number]" }
            guard numberDigits.count >= 7 else { return nil }
            // Dates and times ("2026-12-04", "10:30") are not phone numbers.
            if number.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil { return nil }
            if !businessDigits.isEmpty, numberDigits.hasSuffix(businessDigits) || businessDigits.hasSuffix(numberDigits) {
                return nil
            }
            return "[phone number]"
        }
        result = phones.text
        if phones.count > 0 { reasons.append("removed \(count(phones.count, "phone number"))") }

        var named = 0
        // The whole name first, then each part of it ("Dana", "Whitfield"), as whole words only.
        for name in ([details.customerName.trimmingCharacters(in: .whitespaces)] + names).filter({ $0.count >= 2 }) {
            let pattern = #"(?<![\p{L}\p{N}])"# + NSRegularExpression.escapedPattern(for: name) + #"(?![\p{L}\p{N}])"#
            let found = replace(pattern, in: result, caseInsensitive: true) { _ in "[name]" }
            result = found.text
            named += found.count
        }
        if named > 0 { reasons.append("removed the customer's name (\(count(named, "time")))") }

        return Scrubbed(text: result.trimmingCharacters(in: .whitespacesAndNewlines), reasons: reasons)
    }

    /// The parts of a name worth looking for: words of two letters or more.
    static func nameParts(_ name: String) -> [String] {
        name.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
            .filter { $0.count >= 2 && $0.contains(where: \.isLetter) }
    }

    /// "Hi Dana,", "Dear Dana Whitfield", "Hello Dana!": a short first line that greets by name.
    static func isGreeting(_ line: String, names: [String]) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 60 else { return false }
        let words = trimmed.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
        guard let first = words.first, ["hi", "hello", "hey", "dear", "morning", "afternoon", "evening", "good"].contains(first)
        else { return false }
        let lowered = Set(names.map { $0.lowercased() })
        return words.contains { lowered.contains($0) } || words.count <= 2
    }

    /// Paths of the desk's pages that only the customer's own link opens.
    static let privatePaths = ["/status/", "/alerts/", "/agree/", "/change/", "/changes/", "/calendar/", "/reset/", "/solved"]

    static func isPrivateLink(_ link: String, tokens: [String]) -> Bool {
        let lowered = link.lowercased()
        if privatePaths.contains(where: { lowered.contains($0) }) { return true }
        if lowered.contains("token=") || lowered.contains("request=") { return true }
        return tokens.contains { $0.count >= 6 && link.contains($0) }
    }

    static func digits(_ text: String) -> String { String(text.filter(\.isNumber)) }

    static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        n == 1 ? "1 \(noun)" : "\(n) \(plural ?? noun + "s")"
    }

    /// Replaces each match of `pattern` for which `with` gives a replacement; counts the replacements.
    static func replace(_ pattern: String, in text: String, caseInsensitive: Bool = false,
                        with replacement: (String) -> String?) -> (text: String, count: Int) {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : []) else {
            return (text, 0)
        }
        let whole = text as NSString
        var result = ""
        var cursor = 0
        var count = 0
        for match in expression.matches(in: text, range: NSRange(location: 0, length: whole.length)) {
            let found = whole.substring(with: match.range)
            guard let new = replacement(found) else { continue }
            result += whole.substring(with: NSRange(location: cursor, length: match.range.location - cursor)) + new
            cursor = match.range.location + match.range.length
            count += 1
        }
        result += whole.substring(from: cursor)
        return (result, count)
    }
}
