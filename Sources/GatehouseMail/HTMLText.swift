import Foundation

/// Readable plain text from an HTML mail body, for messages that come as HTML only.
/// Scripts, styles and the head are dropped; block elements become line breaks,
/// paragraphs blank lines, list items "- " lines, blockquotes "> " lines (so quoted
/// history is still recognised); links keep their text and show their URL when it
/// differs; character references (named and numeric) are decoded.
enum HTMLText {
    /// The text a reader of `html` would see.
    static func plainText(fromHTML html: String) -> String {
        var writer = Writer()
        let bytes = Array(html.utf8)
        let end = bytes.count
        var i = 0
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "<") {
                i = tag(bytes, at: i, writer: &writer)
            } else if b == UInt8(ascii: "&") {
                if let (scalars, next) = entity(bytes, at: i) {
                    for scalar in scalars { writer.text(scalar) }
                    i = next
                } else {
                    writer.byte(b)
                    i += 1
                }
            } else {
                writer.byte(b)
                i += 1
            }
        }
        return writer.finish()
    }

    /// Reads the tag (or comment, or declaration) at `start`; returns the index after it.
    private static func tag(_ bytes: [UInt8], at start: Int, writer: inout Writer) -> Int {
        let end = bytes.count
        var i = start + 1
        guard i < end else { writer.byte(UInt8(ascii: "<")); return end }
        if bytes[i] == UInt8(ascii: "!") {
            if i + 2 < end, bytes[i + 1] == UInt8(ascii: "-"), bytes[i + 2] == UInt8(ascii: "-") {
                return find([UInt8]("-->".utf8), in: bytes, from: i + 3).map { $0 + 3 } ?? end
            }
            return (bytes[i...].firstIndex(of: UInt8(ascii: ">")) ?? end - 1) + 1
        }
        if bytes[i] == UInt8(ascii: "?") {
            return (bytes[i...].firstIndex(of: UInt8(ascii: ">")) ?? end - 1) + 1
        }
        let closing = bytes[i] == UInt8(ascii: "/")
        if closing { i += 1 }
        let nameStart = i
        while i < end, bytes[i].isASCIILetter || (i > nameStart && bytes[i].isASCIIDigit) { i += 1 }
        guard i > nameStart else {
            // "a < b" in text, not a tag.
            writer.byte(UInt8(ascii: "<"))
            return start + 1
        }
        let name = lowercasedASCIIString(bytes[nameStart..<i])
        // Attributes run to the closing '>', which may not appear inside quotes.
        var attributes: [String: String] = [:]
        var quote: UInt8 = 0
        let attributesStart = i
        while i < end {
            let c = bytes[i]
            if quote != 0 { if c == quote { quote = 0 } } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { quote = c } else if c == UInt8(ascii: ">") { break }
            i += 1
        }
        let after = min(i + 1, end)
        if !closing, name == "a" || name == "img" {
            attributes = parseAttributes(bytes[attributesStart..<i])
        }
        switch name {
        case "script", "style", "head", "title", "noscript", "template", "xml":
            guard !closing else { return after }
            // Skip to the matching end tag; a head without one only loses the tag itself.
            let endTag = [UInt8]("</\(name)".utf8)
            // Once an end tag is known to be missing, do not search for it again (hostile input).
            if !writer.missingEndTags.contains(name), let close = findIgnoringCase(endTag, in: bytes, from: after) {
                return (bytes[close...].firstIndex(of: UInt8(ascii: ">")) ?? end - 1) + 1
            }
            writer.missingEndTags.insert(name)
            return name == "head" || name == "title" ? after : end
        case "br":
            writer.lineBreak()
        case "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "pre", "hr", "dl":
            writer.block(2)
            if name == "pre" { writer.preformatted += closing ? -1 : 1 }
        case "blockquote":
            writer.block(2)
            writer.quoteDepth = max(0, writer.quoteDepth + (closing ? -1 : 1))
        case "div", "tr", "ul", "ol", "dt", "dd", "section", "article", "header", "footer", "address", "center",
             "form", "fieldset", "figure", "nav", "aside", "main", "tbody", "thead", "caption", "body", "html":
            writer.block(1)
        case "li":
            writer.block(1)
            if !closing { writer.marker("- ") }
        case "td", "th":
            if !closing { writer.space() }
        case "a":
            if closing {
                writer.endLink()
            } else {
                writer.startLink(attributes["href"] ?? "")
            }
        case "img":
            if let alt = attributes["alt"], !alt.isEmpty {
                for scalar in alt.unicodeScalars { writer.text(scalar) }
            }
        default:
            break
        }
        return after
    }

    private static func parseAttributes(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var result: [String: String] = [:]
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            while i < end, bytes[i].isSpaceOrNewline || bytes[i] == UInt8(ascii: "/") { i += 1 }
            let nameStart = i
            while i < end, !bytes[i].isSpaceOrNewline, bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: "/") { i += 1 }
            let name = lowercasedASCIIString(bytes[nameStart..<i])
            while i < end, bytes[i].isSpaceOrNewline { i += 1 }
            guard i < end, bytes[i] == UInt8(ascii: "=") else {
                if i == nameStart { i += 1 }
                continue
            }
            i += 1
            while i < end, bytes[i].isSpaceOrNewline { i += 1 }
            var value: ArraySlice<UInt8>
            if i < end, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") {
                let q = bytes[i]
                let valueStart = i + 1
                i = valueStart
                while i < end, bytes[i] != q { i += 1 }
                value = bytes[valueStart..<i]
                if i < end { i += 1 }
            } else {
                let valueStart = i
                while i < end, !bytes[i].isSpaceOrNewline { i += 1 }
                value = bytes[valueStart..<i]
            }
            if !name.isEmpty { result[name] = decodeEntities(value) }
        }
        return result
    }

    private static func decodeEntities(_ bytes: ArraySlice<UInt8>) -> String {
        var out = String.UnicodeScalarView()
        let array = Array(bytes)
        var i = 0
        while i < array.count {
            if array[i] == UInt8(ascii: "&"), let (scalars, next) = entity(array, at: i) {
                out.append(contentsOf: scalars)
                i = next
            } else {
                // Attribute values are UTF-8; decode the run up to the next '&'.
                let runEnd = array[i...].dropFirst().firstIndex(of: UInt8(ascii: "&")) ?? array.count
                out.append(contentsOf: String(decoding: array[i..<runEnd], as: UTF8.self).unicodeScalars)
                i = runEnd
            }
        }
        return String(out)
    }

    /// The character reference at `start` (`&amp;`, `&#233;`, `&#x1F600;`) and the index after it.
    private static func entity(_ bytes: [UInt8], at start: Int) -> ([Unicode.Scalar], Int)? {
        var i = start + 1
        let limit = min(bytes.count, start + 34)
        while i < limit, bytes[i] != UInt8(ascii: ";"), bytes[i].isASCIILetter || bytes[i].isASCIIDigit || bytes[i] == UInt8(ascii: "#") { i += 1 }
        guard i < limit, bytes[i] == UInt8(ascii: ";"), i > start + 1 else { return nil }
        let body = bytes[(start + 1)..<i]
        if body.first == UInt8(ascii: "#") {
            var value: UInt32 = 0
            var digits = body.dropFirst()
            let hex = digits.first.map { $0 | 0x20 } == UInt8(ascii: "x")
            if hex { digits = digits.dropFirst() }
            guard !digits.isEmpty, digits.count <= 8 else { return nil }
            for d in digits {
                guard let v = hex ? d.hexValue : (d.isASCIIDigit ? d - 48 : nil) else { return nil }
                value = value * (hex ? 16 : 10) + UInt32(v)
            }
            if value == 0xA0 { value = 0x20 }
            guard let scalar = Unicode.Scalar(value), value != 0 else { return ([Unicode.Scalar(0xFFFD)!], i + 1) }
            return ([scalar], i + 1)
        }
        guard let value = namedEntities[String(decoding: body, as: UTF8.self)] else { return nil }
        return (value.unicodeScalars.map { $0 }, i + 1)
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, from < bytes.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private static func findIgnoringCase(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, from < bytes.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle, by: { $0.asciiLowercased == $1 }) { return i }
            i += 1
        }
        return nil
    }

    // The named references mail actually uses; nbsp becomes a plain space.
    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“",
        "rdquo": "”", "sbquo": "‚", "bdquo": "„", "bull": "•", "middot": "·", "euro": "€", "pound": "£",
        "yen": "¥", "cent": "¢", "sect": "§", "deg": "°", "plusmn": "±", "times": "×", "divide": "÷",
        "laquo": "«", "raquo": "»", "iexcl": "¡", "iquest": "¿", "shy": "", "zwnj": "", "zwj": "",
        "thinsp": " ", "ensp": " ", "emsp": " ", "para": "¶", "micro": "µ", "frac12": "½", "frac14": "¼",
        "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß",
        "eacute": "é", "egrave": "è", "ecirc": "ê", "euml": "ë", "Eacute": "É", "Egrave": "È",
        "aacute": "á", "agrave": "à", "acirc": "â", "atilde": "ã", "aring": "å", "aelig": "æ", "Aring": "Å",
        "ccedil": "ç", "Ccedil": "Ç", "iacute": "í", "igrave": "ì", "icirc": "î", "iuml": "ï",
        "oacute": "ó", "ograve": "ò", "ocirc": "ô", "otilde": "õ", "oslash": "ø", "Oslash": "Ø",
        "uacute": "ú", "ugrave": "ù", "ucirc": "û", "ntilde": "ñ", "Ntilde": "Ñ", "yacute": "ý", "yuml": "ÿ",
        "rarr": "→", "larr": "←", "check": "✓", "hearts": "♥", "star": "☆", "minus": "−",
    ]

    /// Collects the visible text, turning HTML's structure into line breaks and prefixes.
    private struct Writer {
        var out: [UInt8] = []
        var pendingBreaks = 0
        var pendingSpace = false
        var atLineStart = true
        var quoteDepth = 0
        var preformatted = 0
        var links: [(href: String, start: Int)] = []
        var missingEndTags: Set<String> = []

        mutating func byte(_ b: UInt8) {
            if preformatted <= 0, b.isSpaceOrNewline || b == 0x0C {
                if !atLineStart { pendingSpace = true }
                return
            }
            if preformatted > 0, b == 0x0A {
                lineBreak()
                return
            }
            if preformatted > 0, b == 0x0D { return }
            beginText()
            out.append(b)
        }

        mutating func text(_ scalar: Unicode.Scalar) {
            if scalar == " " { byte(0x20); return }
            beginText()
            UTF8.encode(scalar) { out.append($0) }
        }

        mutating func space() { if !atLineStart { pendingSpace = true } }

        mutating func lineBreak() {
            pendingBreaks = min(pendingBreaks + 1, 2)
            pendingSpace = false
        }

        mutating func block(_ breaks: Int) {
            guard !out.isEmpty else { return }
            if !atLineStart || pendingBreaks > 0 { pendingBreaks = max(pendingBreaks, breaks) }
            pendingSpace = false
        }

        mutating func marker(_ text: String) {
            beginText()
            out.append(contentsOf: text.utf8)
            pendingSpace = false
        }

        mutating func startLink(_ href: String) { links.append((href, out.count)) }

        mutating func endLink() {
            guard let link = links.popLast() else { return }
            var href = link.href.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !href.isEmpty, !href.hasPrefix("#"), !href.lowercased().hasPrefix("javascript:") else { return }
            let shown = link.start <= out.count ? String(decoding: out[link.start...], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
            if href.lowercased().hasPrefix("mailto:") { href = String(href.dropFirst(7)) }
            guard !shown.isEmpty else { return }
            if shown == href || shown == link.href || "http://" + shown == href || "https://" + shown == href { return }
            if href.hasSuffix("/"), shown == String(href.dropLast()) || "https://" + shown == String(href.dropLast()) { return }
            out.append(contentsOf: " (\(href))".utf8)
            atLineStart = false
        }

        /// Writes pending line breaks, the quote prefix of a new line, or a pending space.
        private mutating func beginText() {
            if pendingBreaks > 0, !out.isEmpty {
                for _ in 0..<pendingBreaks {
                    while out.last == 0x20 { out.removeLast() }
                    out.append(0x0A)
                }
                atLineStart = true
            }
            pendingBreaks = 0
            if atLineStart {
                for _ in 0..<quoteDepth { out.append(UInt8(ascii: ">")); out.append(0x20) }
                atLineStart = false
                pendingSpace = false
            } else if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
        }

        func finish() -> String {
            // Lines lose trailing spaces; the text loses surrounding blank lines.
            var result: [UInt8] = []
            result.reserveCapacity(out.count)
            for b in out {
                if b == 0x0A { while result.last == 0x20 { result.removeLast() } }
                result.append(b)
            }
            return String(decoding: trimmed(result[...]), as: UTF8.self)
        }
    }
}
