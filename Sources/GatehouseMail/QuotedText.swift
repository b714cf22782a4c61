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
/// Works on the body's UTF-8 bytes line by line: it runs for every message.
enum QuotedText {
    private typealias Line = ArraySlice<UInt8>

    /// The body split into segments (empty when the body is empty), and the new text:
    /// the `.text` segments joined, runs of blank lines shortened to one, trimmed.
    static func split(_ body: String) -> (segments: [TextSegment], newText: String) {
        guard !body.isEmpty else { return ([], "") }
        let bytes = Array(body.utf8)
        let ranges = lineRanges(bytes)
        let lines = ranges.map { bytes[$0] }
        var kinds = [TextSegment.Kind](repeating: .text, count: lines.count)
        var mode = TextSegment.Kind.text
        var lastNonBlankWasAngle = false
        for index in lines.indices {
            let line = lines[index]
            let first = firstNonBlank(line)
            if mode != .quoted, let first, startsQuoteHistory(lines, at: index, first: first) {
                // An attribution line: the rest of the message is the history being answered.
                mode = .quoted
            } else if mode == .text, let first, isSignatureStart(line, first: first) {
                mode = .signature
            } else if mode == .quoted, lastNonBlankWasAngle, isSeparator(line) {
                // After a '>' quote has ended, a signature separator is the replier's own signature.
                mode = .signature
            }
            if let first { lastNonBlankWasAngle = first == UInt8(ascii: ">") }
            if mode == .quoted || line.first == UInt8(ascii: ">") {
                kinds[index] = .quoted
            } else if mode == .signature {
                kinds[index] = .signature
            } else if first == nil, index > 0, kinds[index - 1] == .quoted, nextNonBlankIsQuoted(lines, after: index) {
                // A blank line inside a block of quoted lines belongs to the quote.
                kinds[index] = .quoted
            }
        }
        var segments: [TextSegment] = []
        var start = 0
        for i in 1...lines.count where i == lines.count || kinds[i] != kinds[start] {
            let text = String(decoding: bytes[ranges[start].lowerBound..<ranges[i - 1].upperBound], as: UTF8.self)
            segments.append(TextSegment(kind: kinds[start], text: text))
            start = i
        }
        // New text: where a quote was cut out, keep one blank line rather than a gap.
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var lastWasBlank = true
        for (index, line) in lines.enumerated() where kinds[index] == .text {
            let blank = firstNonBlank(line) == nil
            if blank && lastWasBlank { continue }
            if !out.isEmpty { out.append(0x0A) }
            if !blank { out.append(contentsOf: line) }
            lastWasBlank = blank
        }
        return (segments, String(decoding: trimmed(out[...]), as: UTF8.self))
    }

    private static func firstNonBlank(_ line: Line) -> UInt8? {
        line.first { !$0.isSpaceOrNewline }
    }

    private static func nextNonBlankIsQuoted(_ lines: [Line], after index: Int) -> Bool {
        var i = index + 1
        while i < lines.count, firstNonBlank(lines[i]) == nil { i += 1 }
        return i < lines.count && lines[i].first == UInt8(ascii: ">")
    }

    /// "-- " (the RFC 3676 separator) or its common damaged form "--".
    private static func isSeparator(_ line: Line) -> Bool {
        equalsIgnoringCase(line, "-- ") || equalsIgnoringCase(line, "--")
    }

    /// A signature separator, or a mobile client's "Sent from my iPhone".
    private static func isSignatureStart(_ line: Line, first: UInt8) -> Bool {
        if isSeparator(line) { return true }
        switch first {
        case UInt8(ascii: "S"), UInt8(ascii: "G"), UInt8(ascii: "V"), UInt8(ascii: "E"), UInt8(ascii: "O"):
            guard line.count < 100 else { return false }
            let text = trimmed(line)
            return mobileSignatures.contains { hasPrefixIgnoringCase(text, $0) }
        default:
            return false
        }
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

    private static let originalMessageMarkers = [
        "original message", "ursprüngliche nachricht", "message d'origine", "mensaje original",
        "oorspronkelijk bericht", "forwarded message", "weitergeleitete nachricht",
    ]

    /// True when the line at `index` opens quoted history: "On … wrote:" (possibly
    /// wrapped over three lines), "Am … schrieb …:", "Le … a écrit :", "El … escribió:",
    /// "Op … schreef …:", "-----Original Message-----", or an Outlook header block
    /// ("From: …" followed by "Sent: …" or "Date: …").
    private static func startsQuoteHistory(_ lines: [Line], at index: Int, first: UInt8) -> Bool {
        switch first {
        case UInt8(ascii: "-"):
            var inner = trimmed(lines[index])
            guard inner.starts(with: [45, 45, 45]) else { return false }
            while let f = inner.first, f == 45 || f == 32 { inner = inner.dropFirst() }
            while let l = inner.last, l == 45 || l == 32 { inner = inner.dropLast() }
            return originalMessageMarkers.contains { equalsIgnoringCase(inner, $0) }
        case UInt8(ascii: "_"):
            // Outlook on the web: a rule of underscores, then the header block.
            let line = trimmed(lines[index])
            return line.count >= 20 && line.allSatisfy { $0 == UInt8(ascii: "_") } && outlookHeader(lines, at: index + 1, within: 2)
        case UInt8(ascii: "F"), UInt8(ascii: "V"), UInt8(ascii: "D"), UInt8(ascii: "*"):
            return outlookHeader(lines, at: index, within: 0)
        case UInt8(ascii: "O"), UInt8(ascii: "A"), UInt8(ascii: "L"), UInt8(ascii: "E"):
            let line = trimmed(lines[index])
            guard ["On ", "Am ", "Le ", "El ", "Op "].contains(where: { line.starts(with: $0.utf8) }) else { return false }
            // The attribution may be wrapped; look at this line and the next two together.
            var joined = Array(line)
            for next in lines.dropFirst(index + 1).prefix(2) {
                if attribution(joined[...]) { return true }
                let more = trimmed(next)
                if more.isEmpty { break }
                joined.append(0x20)
                joined.append(contentsOf: more)
            }
            return attribution(joined[...])
        default:
            return false
        }
    }

    private static let attributionEndings = ["wrote:", "writes:", "schrieb:", "a écrit :", "a écrit:", "escribió:", "schreef:", "geschreven:"]

    private static func attribution(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.count < 400 else { return false }
        if attributionEndings.contains(where: { hasSuffix(text, $0) }) { return true }
        // German and Dutch put the verb before the name: "Am … schrieb Ann <ann@…>:".
        return text.last == UInt8(ascii: ":")
            && (text.starts(with: "Am ".utf8) && containsSequence(text, " schrieb ")
                || text.starts(with: "Op ".utf8) && containsSequence(text, " schreef "))
    }

    private static let outlookFrom = ["From:", "Von:", "De :", "De:"]
    private static let outlookSent = ["Sent:", "Date:", "Gesendet:", "Datum:", "Envoyé :", "Enviado:", "Verzonden:"]

    /// True when lines from `index` (or up to `within` lines later) form an Outlook
    /// header block: a From line followed within four lines by a Sent or Date line.
    private static func outlookHeader(_ lines: [Line], at index: Int, within: Int) -> Bool {
        guard index < lines.count else { return false }
        for start in index..<min(lines.count, index + within + 1) {
            let line = withoutStars(lines[start])
            guard outlookFrom.contains(where: { line.starts(with: $0.utf8) }) else { continue }
            for next in lines.dropFirst(start + 1).prefix(4) {
                let n = withoutStars(next)
                if outlookSent.contains(where: { n.starts(with: $0.utf8) }) { return true }
            }
        }
        return false
    }

    // Outlook's plain text of a bold header block reads "*From:* Ann".
    private static func withoutStars(_ line: Line) -> [UInt8] {
        trimmed(line).filter { $0 != UInt8(ascii: "*") }
    }
}
