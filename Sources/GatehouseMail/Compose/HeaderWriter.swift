import Foundation
import GatehouseCore

/// Writes header fields folded to stay within RFC 5322's 78-character lines.
struct HeaderWriter {
    private(set) var text = ""

    /// Adds `Name: value`, folding at spaces when the line would grow past 78 characters.
    /// A value never ends the field early: line breaks and control characters in it become
    /// spaces (header injection), and a word too long for any line is cut so that no line
    /// passes RFC 5322's hard limit of 998 characters.
    mutating func add(_ name: String, _ value: String) {
        var line = name + ":"
        var out = ""
        for word in Self.singleLine(value).split(separator: " ", omittingEmptySubsequences: false) {
            for piece in Self.pieces(of: word, longest: 900) {
                if line.utf8.count + 1 + piece.utf8.count > 78, line.utf8.count > name.utf8.count + 1 {
                    out += line + "\r\n"
                    line = ""
                }
                line += " " + piece
            }
        }
        out += line + "\r\n"
        text += out
    }

    /// Adds a list field such as `To` or `References`, items separated by `separator`.
    mutating func addList(_ name: String, _ items: [String], separator: String = ", ") {
        add(name, items.joined(separator: separator))
    }

    /// The text on one line: CR, LF and other control characters (C0, DEL, C1) become spaces.
    static func singleLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 }))
    }

    /// An address or Message-ID made safe to write inside `<…>`: whitespace, control
    /// characters, angle brackets, commas and semicolons (which `validate()` rejects) dropped.
    static func bracketable(_ value: String) -> String {
        let dropped = value.unicodeScalars.filter {
            !(isControl($0) || $0.properties.isWhitespace || "<>,;".unicodeScalars.contains($0))
        }
        return String(String.UnicodeScalarView(dropped))
    }

    /// C0 controls (CR, LF, TAB, NUL…), DEL and C1 controls: never part of a header value.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }

    /// `word` cut into pieces of at most `longest` UTF-8 bytes, between Unicode scalars
    /// (even a pathological character made of hundreds of scalars cannot make a long line).
    private static func pieces(of word: Substring, longest: Int) -> [Substring] {
        guard word.utf8.count > longest else { return [word] }
        let scalars = word.unicodeScalars
        var result: [Substring] = []
        var start = scalars.startIndex
        var size = 0
        for index in scalars.indices {
            let length = scalars[index].utf8.count
            if size + length > longest {
                result.append(Substring(scalars[start..<index]))
                start = index
                size = 0
            }
            size += length
        }
        result.append(Substring(scalars[start...]))
        return result
    }
}

/// RFC 2047 encoded words for header text that is not plain ASCII.
enum EncodedWordWriter {
    /// Whether `text` must be encoded: it is not printable ASCII, has a word too long for a
    /// header line, or holds `=?`, which a reader would take for the start of an encoded word.
    static func needsEncoding(_ text: String) -> Bool {
        !text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 && $0.value < 127 }
            || text.contains("=?")
            || text.split(separator: " ").contains { $0.utf8.count > 66 }
    }

    /// The text as is when it needs no encoding; otherwise UTF-8 "B" encoded words, each
    /// short enough for a header line and never splitting a character.
    static func encode(_ text: String) -> String {
        guard needsEncoding(text) else { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        // 42 bytes of UTF-8 become 56 characters of base64: with "=?utf-8?B?" and "?=", 68,
        // which fits after "Reply-To: " within 78.
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 42, !chunk.isEmpty {
                words.append("=?utf-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: " ")
    }
}

/// The date format of RFC 5322 headers.
enum MailDateFormat {
    /// `Sun, 22 Nov 2026 16:05:09 +0000` for an instant given in seconds since 1970.
    static func string(seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let date = CivilDate(dayNumber: days)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date.weekday.name.prefix(3)), \(date.day) \(months[date.month - 1]) \(date.year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) +0000"
    }
}
