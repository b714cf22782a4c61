/// Small rules that let a sentence follow the words filled into it: a plural takes "aren't",
/// a subject is quoted as the customer wrote it, a job is "what I propose" until agreed.
public enum Grammar {
    /// Whether a noun phrase reads as plural: its last word ends in "s" but not in the
    /// endings of singular words ("glass", "status", "analysis", "bus").
    /// "gutters", "water heaters", "roofs" are plural; "roof", "glass", "gas" are not.
    public static func isPlural(_ phrase: String) -> Bool {
        guard let last = phrase.split(whereSeparator: { $0 == " " || $0 == "-" }).last?.lowercased() else { return false }
        let singularEndings = ["ss", "us", "is", "ics", "gas", "news", "series", "species"]
        if last.count <= 3 || singularEndings.contains(where: { last.hasSuffix($0) }) { return false }
        return last.hasSuffix("s")
    }

    /// "isn't" or "aren't", as the phrase before it needs.
    public static func isNot(_ phrase: String) -> String { isPlural(phrase) ? "aren't" : "isn't" }

    /// "is" or "are".
    public static func be(_ phrase: String) -> String { isPlural(phrase) ? "are" : "is" }

    /// The phrase with its first letter in capitals, to open a sentence: "gutters" → "Gutters".
    public static func capitalized(_ phrase: String) -> String {
        phrase.prefix(1).uppercased() + phrase.dropFirst()
    }

    /// A customer's subject as it is quoted in a sentence: in curly quotes, exactly as they
    /// wrote it ("“Invoice”"), without a reply's "Re:" prefixes, or "your request" when
    /// there is none.
    public static func quotedSubject(_ subject: String, fallback: String = "your request") -> String {
        var text = subject.trimmingSpaces
        while let prefix = ["re:", "fwd:", "fw:", "aw:", "wg:", "sv:"].first(where: { text.lowercased().hasPrefix($0) }) {
            text = String(text.dropFirst(prefix.count)).trimmingSpaces
        }
        return text.isEmpty ? fallback : "“" + text + "”"
    }

    /// How a job summary speaks of its terms: "what I propose" until the customer agrees,
    /// "what we agreed" after.
    public static func jobTerms(agreed: Bool) -> String { agreed ? "what we agreed" : "what I propose" }
}
