import Foundation

/// How a body travels: text as is when it is short-lined ASCII, else quoted-printable UTF-8;
/// files in base64. Every encoded body ends in CRLF, and no line passes 76 characters.
struct BodyEncoding {
    var encodingName: String
    var encoded: String

    /// Text (any line ends) as 7bit when every line is short printable ASCII, else quoted-printable.
    static func forText(_ text: String) -> BodyEncoding {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        let plain = lines.allSatisfy { line in
            line.utf8.count <= 76 && line.utf8.allSatisfy { $0 < 127 && ($0 >= 32 || $0 == 9) }
                && !line.hasPrefix("From ") && !line.hasSuffix(" ") && !line.hasSuffix("\t")
        }
        if plain { return BodyEncoding(encodingName: "7bit", encoded: lines.joined(separator: "\r\n") + "\r\n") }
        return BodyEncoding(encodingName: "quoted-printable",
                            encoded: lines.map { quotedPrintable(Array($0.utf8)) }.joined(separator: "\r\n") + "\r\n")
    }

    /// Bytes in base64, 76 characters a line.
    static func forFile(_ data: Data) -> BodyEncoding {
        let base64 = Array(data.base64EncodedString().utf8)
        let lines = stride(from: 0, to: base64.count, by: 76).map {
            String(decoding: base64[$0..<min($0 + 76, base64.count)], as: UTF8.self)
        }
        return BodyEncoding(encodingName: "base64", encoded: lines.joined(separator: "\r\n") + "\r\n")
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
            if width + piece.count > 75 {
                out += [61, 13, 10]
                width = 0
            }
            // "From " at a line start (also after a soft break) is escaped so mbox writers do not mangle it.
            if width == 0, byte == 70, bytes.count >= index + 5, Array(bytes[index..<index + 5]) == Array("From ".utf8) {
                piece = [61, 52, 54]
            }
            out += piece
            width += piece.count
        }
        return String(decoding: out, as: UTF8.self)
    }
}
