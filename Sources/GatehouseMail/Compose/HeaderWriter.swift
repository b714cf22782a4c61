import Foundation
import GatehouseCore

/// Writes header fields folded to stay within RFC 5322's 78-character lines.
struct HeaderWriter {
    private(set) var text = ""

    /// Adds `Name: value`, folding at spaces when the line would grow past 78 characters.
    mutating func add(_ name: String, _ value: String) {
        var line = name + ":"
        var out = ""
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if line.utf8.count + 1 + word.utf8.count > 78, line.utf8.count > name.utf8.count + 1 {
                out += line + "\r\n"
                line = ""
            }
            line += " " + word
        }
        out += line + "\r\n"
        text += out
    }

    /// Adds a list field such as `To` or `References`, items separated by `separator`.
    mutating func addList(_ name: String, _ items: [String], separator: String = ", ") {
        add(name, items.joined(separator: separator))
    }
}

/// RFC 2047 encoded words for header text that is not plain ASCII.
enum EncodedWordWriter {
    /// The text as is when it is printable ASCII; otherwise UTF-8 "B" encoded words, each
    /// short enough for a header line and never splitting a character.
    static func encode(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value < 127 }) { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        // 45 bytes of UTF-8 become 60 characters of base64: with "=?utf-8?B?" and "?=", 72.
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
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

/// How a text body travels: as is when it is short-lined ASCII, else quoted-printable UTF-8.
struct BodyEncoding {
    var encodingName: String
    var encoded: String

    static func forText(_ text: String) -> BodyEncoding {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let plain = lines.allSatisfy { line in
            line.utf8.count <= 76 && line.utf8.allSatisfy { $0 < 127 && ($0 >= 32 || $0 == 9) }
                && !line.hasPrefix("From ") && !line.hasSuffix(" ")
        }
        if plain { return BodyEncoding(encodingName: "7bit", encoded: lines.joined(separator: "\r\n") + "\r\n") }
        return BodyEncoding(encodingName: "quoted-printable",
                            encoded: lines.map { quotedPrintable(Array($0.utf8)) }.joined(separator: "\r\n") + "\r\n")
    }

    /// One line in quoted-printable, soft-broken so no encoded line passes 76 characters.
    static func quotedPrintable(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        var width = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            var piece: [UInt8]
            if (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast) {
                piece = [byte]
            } else {
                piece = [61, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
            // "From " at a line start is escaped so mbox writers do not mangle it.
            if width == 0, byte == 70, bytes.count >= index + 5, Array(bytes[index..<index + 5]) == Array("From ".utf8) {
                piece = [61, 52, 54]
            }
            if width + piece.count > 75 {
                out += [61, 13, 10]
                width = 0
            }
            out += piece
            width += piece.count
        }
        return String(decoding: out, as: UTF8.self)
    }
}
