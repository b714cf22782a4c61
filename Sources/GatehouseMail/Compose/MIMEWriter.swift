import Foundation
import GatehouseCore

/// One MIME entity ready to write: its content header fields and its transfer-encoded
/// body. The body always ends in CRLF; inside a multipart that last line break belongs
/// to the boundary that follows (RFC 2046), so the content comes back exactly.
struct MIMEEntity {
    var fields: [(name: String, value: String)]
    var body: String

    /// A text part in UTF-8, 7bit or quoted-printable as the text needs.
    static func text(_ text: String, subtype: String) -> MIMEEntity {
        let encoding = BodyEncoding.forText(text)
        return MIMEEntity(fields: [("Content-Type", "text/\(subtype); charset=utf-8"),
                                   ("Content-Transfer-Encoding", encoding.encodingName)],
                          body: encoding.encoded)
    }

    /// Plain text as it is sent: wrapped at about 72 columns in format=flowed (RFC 3676,
    /// DelSp=no), so short screens never see a line broken mid-word and a mail program that
    /// knows the format joins the paragraphs again.
    static func flowedText(_ text: String) -> MIMEEntity {
        let encoding = BodyEncoding.forText(MailWrap.flowed(text))
        return MIMEEntity(fields: [("Content-Type", "text/plain; charset=utf-8; format=flowed; delsp=no"),
                                   ("Content-Transfer-Encoding", encoding.encodingName)],
                          body: encoding.encoded)
    }

    /// A multipart of `parts` under a boundary that occurs nowhere inside them.
    static func multipart<Generator: RandomNumberGenerator>(_ subtype: String, _ parts: [MIMEEntity],
                                                            using generator: inout Generator) -> MIMEEntity {
        let written = parts.map(\.written)
        let boundary = MultipartBoundary.make(avoiding: written, using: &generator)
        var body = ""
        for part in written { body += "--\(boundary)\r\n" + part }
        body += "--\(boundary)--\r\n"
        return MIMEEntity(fields: [("Content-Type", "multipart/\(subtype); boundary=\"\(boundary)\"")], body: body)
    }

    /// The header fields, the empty line, the body.
    var written: String {
        var head = HeaderWriter()
        for field in fields { head.add(field.name, field.value) }
        return head.text + "\r\n" + body
    }
}

/// Multipart boundaries: random, and checked against the content they separate.
enum MultipartBoundary {
    /// `=_gatehouse_` and 32 random hex digits, with a counter added in the (astronomically
    /// unlikely) case the candidate occurs in `contents`. "=_" can never appear in
    /// quoted-printable or base64 text, so only a 7bit part could ever hold one.
    static func make<Generator: RandomNumberGenerator>(avoiding contents: [String], using generator: inout Generator) -> String {
        let random = hex(generator.next()) + hex(generator.next())
        var attempt = 0
        while true {
            let candidate = "=_gatehouse_" + random + (attempt == 0 ? "" : "_\(attempt)")
            let needle = Array(candidate.utf8)
            if !contents.contains(where: { occurs(needle, in: $0) }) { return candidate }
            attempt += 1
        }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Whether `needle` occurs in `text`'s UTF-8 bytes; a plain scan, fast on large base64 bodies.
    static func occurs(_ needle: [UInt8], in text: String) -> Bool {
        var text = text
        return text.withUTF8 { haystack in
            guard let first = needle.first, haystack.count >= needle.count else { return false }
            var index = 0
            while index <= haystack.count - needle.count {
                if haystack[index] == first, needle.indices.allSatisfy({ haystack[index + $0] == needle[$0] }) { return true }
                index += 1
            }
            return false
        }
    }
}
