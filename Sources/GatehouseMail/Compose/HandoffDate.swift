import Foundation

/// The `Date:` of an email is the moment it is handed to the mail server, not the moment it
/// was written: a reply written at 00:40 for the 10:30 window must read "sent 10:30". The
/// stored message is rewritten only in that header; its Message-ID stays the same across
/// retries, so a resend is still recognised as the same email.
public enum HandoffDate {
    /// `raw` with its first `Date:` header (and any folded continuation) replaced by `seconds`,
    /// or with one added at the top when it has none. The body is never touched.
    public static func stamped(_ raw: Data, at seconds: Int64) -> Data {
        let bytes = [UInt8](raw)
        let line = Array("Date: \(MailDateFormat.string(seconds: seconds))\r\n".utf8)
        let headerEnd = endOfHeader(bytes)
        var start = 0
        while start < headerEnd {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            end = min(end + 1, bytes.count)
            if isDate(bytes, at: start) {
                // Take folded continuation lines with it.
                while end < headerEnd, bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") {
                    while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                    end = min(end + 1, bytes.count)
                }
                return Data(bytes[..<start] + line + bytes[end...])
            }
            start = end
        }
        return Data(line + bytes)
    }

    /// Where the header block ends: the offset of the empty line that separates it from the body.
    static func endOfHeader(_ bytes: [UInt8]) -> Int {
        var index = 0
        var lineStart = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                let length = index - lineStart
                if length == 0 || (length == 1 && bytes[lineStart] == UInt8(ascii: "\r")) { return lineStart }
                lineStart = index + 1
            }
            index += 1
        }
        return bytes.count
    }

    static func isDate(_ bytes: [UInt8], at offset: Int) -> Bool {
        let name = Array("date:".utf8)
        guard offset + name.count <= bytes.count else { return false }
        for (index, expected) in name.enumerated() where bytes[offset + index] | 0x20 != expected {
            if expected == UInt8(ascii: ":"), bytes[offset + index] == expected { continue }
            return false
        }
        return true
    }
}
