/// What an email address Gatehouse sends to may look like: `local@domain`, one line,
/// no spaces or brackets, the local part of RFC 5322 atoms (dots allowed) and the domain
/// of letters, digits and hyphens (or an `[address literal]`); any script is allowed
/// (RFC 6531). Quoted local parts are not accepted: nobody hands them out in practice.
enum AddressSyntax {
    /// Why `address` cannot be sent to, as a sentence; nil when it is well-formed.
    static func problem(in address: String) -> String? {
        let shown = "The address '\(ShownText.visible(address))'"
        let example = "an email address looks like name@example.org"
        if address.isEmpty { return "The address is empty; \(example)." }
        if let trouble = ShownText.lineTrouble(address) { return "\(shown) contains \(trouble); an address is one line without spaces." }
        if address.unicodeScalars.contains(where: \.properties.isWhitespace) { return "\(shown) contains a space; an address has none." }
        if address.contains("<") || address.contains(">") {
            return "\(shown) contains < or >; give the bare address, like name@example.org, and the name separately."
        }
        let halves = address.split(separator: "@", omittingEmptySubsequences: false)
        if halves.count == 1 { return "\(shown) has no @; \(example)." }
        if halves.count > 2 { return "\(shown) has more than one @; \(example)." }
        let (local, domain) = (halves[0], halves[1])
        if local.isEmpty { return "\(shown) has nothing before the @; \(example)." }
        if domain.isEmpty { return "\(shown) has no domain after the @; \(example)." }
        if address.utf8.count > 254 { return "\(shown) is longer than the 254 characters an address may have." }
        if let bad = local.unicodeScalars.first(where: { $0.isASCII && !isAtom($0) && $0 != "." }) {
            return "\(shown) contains '\(bad)', which an address cannot have before the @."
        }
        if domain.hasPrefix("[") && domain.hasSuffix("]") { return nil }
        if domain.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            return "\(shown) has an empty part in its domain '\(domain)'; \(example)."
        }
        if let bad = domain.unicodeScalars.first(where: { $0.isASCII && !isDomain($0) }) {
            return "\(shown) contains '\(bad)', which a domain cannot have; \(example)."
        }
        return nil
    }

    /// An RFC 5322 `atext` character: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    static func isAtom(_ scalar: Unicode.Scalar) -> Bool {
        isLetterOrDigit(scalar) || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
    }

    private static func isDomain(_ scalar: Unicode.Scalar) -> Bool {
        isLetterOrDigit(scalar) || scalar == "-" || scalar == "."
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
    }
}

/// What a Message-ID (without its angle brackets) may look like: one printable ASCII
/// token, no spaces or brackets, `unique@domain` for the ones Gatehouse makes.
enum MessageIDSyntax {
    /// Why `id` cannot be written as a Message-ID, as a sentence; nil when it is well-formed.
    static func problem(in id: String, needsAt: Bool) -> String? {
        let shown = "The Message-ID '\(ShownText.visible(id))'"
        if id.isEmpty { return "The Message-ID is empty; it looks like unique-part@example.org, without < >." }
        if let trouble = ShownText.lineTrouble(id) { return "\(shown) contains \(trouble); it must be one line." }
        if id.unicodeScalars.contains(where: \.properties.isWhitespace) { return "\(shown) contains a space; it must have none." }
        if id.contains("<") || id.contains(">") { return "\(shown) contains < or >; give it without the angle brackets." }
        if !id.unicodeScalars.allSatisfy(\.isASCII) { return "\(shown) contains characters that are not ASCII." }
        if needsAt, !id.contains("@") { return "\(shown) has no @; it looks like unique-part@example.org." }
        if id.utf8.count > 250 { return "\(shown) is longer than 250 characters." }
        return nil
    }
}

/// Values shown inside problem messages, with their invisible characters made visible.
enum ShownText {
    /// `text` with line breaks and control characters written as `\r`, `\n`, `\t`, `U+0007`.
    static func visible(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: if HeaderWriter.isControl(scalar) { out += codePoint(scalar) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// `U+0007` for a character one cannot see.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// "a line break" or "the control character U+0007" when `text` holds one, else nil.
    static func lineTrouble(_ text: String) -> String? {
        if text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) { return "a line break" }
        return text.unicodeScalars.first(where: HeaderWriter.isControl).map { "the control character " + codePoint($0) }
    }
}
