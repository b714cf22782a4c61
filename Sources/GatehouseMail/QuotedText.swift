import Foundation

/// A run of lines in a text body that is one kind of thing, so a UI can show new
/// text and fold away quoted history and signatures.
public struct TextSegment: Sendable, Hashable, Codable {
    /// What a segment holds.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Text the sender wrote in this message.
        case text
        /// Earlier messages being answered: `>` lines, and everything after an
        /// attribution such as "On … wrote:" or "-----Original Message-----".
        case quoted
        /// The sender's signature: after a "-- " line, or a "Sent from my iPhone" line.
        case signature
    }

    /// What the lines are.
    public var kind: Kind
    /// The lines, joined with line feeds.
    public var text: String

    /// A segment of `kind` holding `text`.
    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }
}

/// Tells new text from quoted history and signatures in a plain-text body, using
/// the conventions of the common mail clients (Gmail, Outlook, Apple Mail,
/// Thunderbird, mobile apps) in English, German, French, Spanish and Dutch.
enum QuotedText {
    /// The body split into segments; empty when the body is empty.
    static func segments(of body: String) -> [TextSegment] {
        guard !body.isEmpty else { return [] }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        var kinds = [TextSegment.Kind](repeating: .text, count: lines.count)
        var mode = TextSegment.Kind.text
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if mode != .quoted, startsQuoteHistory(lines, at: index) {
                // An attribution line: the rest of the message is the history being answered.
                mode = .quoted
            } else if mode == .text, isSignatureStart(line) {
                mode = .signature
            }
            if mode == .quoted {
                kinds[index] = .quoted
            } else if line.utf8.first == UInt8(ascii: ">") {
                kinds[index] = .quoted
            } else if mode == .signature {
                kinds[index] = .signature
            } else if line.allSatisfy(\.isWhitespace), index > 0, kinds[index - 1] == .quoted, nextNonBlankIsQuoted(lines, kinds: kinds, after: index) {
                // A blank line inside a block of quoted lines belongs to the quote.
                kinds[index] = .quoted
            }
            index += 1
        }
        var segments: [TextSegment] = []
        var start = 0
        for i in 1...lines.count where i == lines.count || kinds[i] != kinds[start] {
            segments.append(TextSegment(kind: kinds[start], text: lines[start..<i].joined(separator: "\n")))
            start = i
        }
        return segments
    }

    /// The new text: the `.text` segments joined and trimmed.
    static func newText(from segments: [TextSegment]) -> String {
        segments.filter { $0.kind == .text }.map(\.text).joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func nextNonBlankIsQuoted(_ lines: [Substring], kinds: [TextSegment.Kind], after index: Int) -> Bool {
        var i = index + 1
        while i < lines.count, lines[i].allSatisfy(\.isWhitespace) { i += 1 }
        return i < lines.count && lines[i].utf8.first == UInt8(ascii: ">")
    }

    /// A line exactly "-- " or "--" (the RFC 3676 separator and its common damaged
    /// form), or a mobile client's "Sent from my iPhone".
    static func isSignatureStart(_ line: Substring) -> Bool {
        if line == "-- " || line == "--" || line == "-- \r" { return true }
        guard let first = line.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }),
              [UInt8(ascii: "S"), UInt8(ascii: "G"), UInt8(ascii: "V"), UInt8(ascii: "E"), UInt8(ascii: "O")].contains(first),
              line.utf8.count < 100 else { return false }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        return mobileSignatures.contains { lower.hasPrefix($0) }
    }

    private static let mobileSignatures = [
        "sent from my iphone", "sent from my ipad", "sent from my android", "sent from my samsung", "sent from my galaxy",
        "sent from my blackberry", "sent from my mobile", "sent from my phone", "sent from my smartphone",
        "sent from my huawei", "sent from my pixel", "sent from mail for windows", "sent from outlook",
        "sent from yahoo mail", "sent from proton mail", "sent from protonmail", "sent from the all new aol app",
        "sent with proton mail", "get outlook for ios", "get outlook for android", "sent via the samsung",
        "von meinem iphone gesendet", "von meinem ipad gesendet", "von meinem smartphone gesendet",
        "gesendet von meinem", "envoyé de mon iphone", "envoyé de mon ipad", "enviado desde mi iphone",
        "enviado de meu iphone", "verzonden vanaf mijn iphone", "outlook for ios", "sent from samsung",
    ]

    /// True when the line at `index` opens quoted history: "On … wrote:" (possibly
    /// wrapped over three lines), "Am … schrieb …:", "Le … a écrit :", "El … escribió:",
    /// "Op … schreef …:", "-----Original Message-----", or an Outlook header block
    /// ("From: …" followed by "Sent: …" or "Date: …").
    static func startsQuoteHistory(_ lines: [Substring], at index: Int) -> Bool {
        // Most lines start with a letter that opens no attribution; decide on the first byte cheaply.
        guard let first = lines[index].utf8.first(where: { $0 != 0x20 && $0 != 0x09 }),
              [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "F"), UInt8(ascii: "V"), UInt8(ascii: "D"), UInt8(ascii: "*"),
               UInt8(ascii: "O"), UInt8(ascii: "A"), UInt8(ascii: "L"), UInt8(ascii: "E")].contains(first) else { return false }
        let line = lines[index].trimmingCharacters(in: .whitespaces)
        switch first {
        case UInt8(ascii: "-"):
            let inner = line.trimmingCharacters(in: CharacterSet(charactersIn: "- ")).lowercased()
            return line.hasPrefix("---") && ["original message", "ursprüngliche nachricht", "message d'origine", "mensaje original", "oorspronkelijk bericht", "forwarded message", "weitergeleitete nachricht"].contains(inner)
        case UInt8(ascii: "_"):
            // Outlook on the web: a rule of underscores, then the header block.
            return line.utf8.count >= 20 && line.utf8.allSatisfy { $0 == UInt8(ascii: "_") } && outlookHeader(lines, at: index + 1, within: 2)
        case UInt8(ascii: "F"), UInt8(ascii: "V"), UInt8(ascii: "D"), UInt8(ascii: "*"):
            return outlookHeader(lines, at: index, within: 0)
        case UInt8(ascii: "O"), UInt8(ascii: "A"), UInt8(ascii: "L"), UInt8(ascii: "E"):
            let prefixes = ["On ", "Am ", "Le ", "El ", "Op "]
            guard prefixes.contains(where: { line.hasPrefix($0) }) else { return false }
            // The attribution may be wrapped; look at this line and the next two together.
            var joined = line
            for next in lines.dropFirst(index + 1).prefix(2) {
                if attribution(joined) { return true }
                if next.trimmingCharacters(in: .whitespaces).isEmpty { break }
                joined += " " + next.trimmingCharacters(in: .whitespaces)
            }
            return attribution(joined)
        default:
            return false
        }
    }

    private static func attribution(_ text: String) -> Bool {
        guard text.count < 300 else { return false }
        let endings = ["wrote:", "writes:", "schrieb:", "a écrit :", "a écrit:", "escribió:", "schreef:", "geschreven:"]
        if endings.contains(where: { text.hasSuffix($0) }) { return true }
        // German and Dutch put the verb before the name: "Am … schrieb Ann <ann@…>:".
        return text.hasSuffix(":") && (text.hasPrefix("Am ") && text.contains(" schrieb ") || text.hasPrefix("Op ") && text.contains(" schreef "))
    }

    /// True when lines from `index` (or up to `within` lines later) form an Outlook
    /// header block: a From line followed within four lines by a Sent or Date line.
    private static func outlookHeader(_ lines: [Substring], at index: Int, within: Int) -> Bool {
        for start in index..<min(lines.count, index + within + 1) {
            let line = stripStars(lines[start])
            guard line.hasPrefix("From:") || line.hasPrefix("Von:") || line.hasPrefix("De :") || line.hasPrefix("De:") else { continue }
            for next in lines.dropFirst(start + 1).prefix(4) {
                let n = stripStars(next)
                if n.hasPrefix("Sent:") || n.hasPrefix("Date:") || n.hasPrefix("Gesendet:") || n.hasPrefix("Datum:")
                    || n.hasPrefix("Envoyé :") || n.hasPrefix("Enviado:") || n.hasPrefix("Verzonden:") {
                    return true
                }
            }
        }
        return false
    }

    // Outlook's plain text of a bold header block reads "*From:* Ann".
    private static func stripStars(_ line: Substring) -> String {
        line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "*", with: "")
    }
}
