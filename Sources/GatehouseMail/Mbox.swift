import Foundation

/// An mbox file: messages one after another, each starting with a `From ` line.
public enum Mbox {
    /// The messages in an mbox file, without their `From ` separator lines, with mboxrd
    /// quoting undone (`>From ` back to `From `). Works with LF and CRLF files.
    public static func messages(in data: Data) -> [Data] {
        let bytes = [UInt8](data)
        var messages: [Data] = []
        var start: Int?
        var lineStart = 0
        var previousLineBlank = true
        var current: [UInt8] = []
        func finish() {
            guard start != nil else { return }
            // The blank line before the next separator belongs to the file format, not the message.
            if current.last == 0x0a { current.removeLast(); if current.last == 0x0d { current.removeLast() } }
            if !current.isEmpty { messages.append(Data(current)) }
            current.removeAll(keepingCapacity: true)
        }
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0a { lineEnd += 1 }
            let next = min(lineEnd + 1, bytes.count)
            let line = bytes[lineStart..<next]
            if previousLineBlank, isSeparator(line) {
                finish()
                start = next
            } else if start != nil {
                current.append(contentsOf: unquoted(line))
            } else if lineStart == 0 {
                // No separator at the top: the whole file is one message.
                start = 0
                current.append(contentsOf: line)
            }
            let content = line.prefix { $0 != 0x0d && $0 != 0x0a }
            previousLineBlank = content.isEmpty
            lineStart = next
        }
        finish()
        return messages
    }

    static let fromSpace: [UInt8] = Array("From ".utf8)

    static func isSeparator(_ line: ArraySlice<UInt8>) -> Bool {
        line.starts(with: fromSpace)
    }

    /// `>From ` (and `>>From `, …) loses one `>`.
    static func unquoted(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard line.first == UInt8(ascii: ">") else { return line }
        let rest = line.drop { $0 == UInt8(ascii: ">") }
        return rest.starts(with: fromSpace) ? line.dropFirst() : line
    }

    /// Messages written as one mbox file (mboxrd): each after a `From ` line with its sender and
    /// date, every line that starts with `From ` (after any `>`) quoted with one more `>`, and a
    /// blank line after each, so that `messages(in:)` and other readers give back the same bytes.
    public static func write(_ messages: [(raw: Data, sender: String?, date: Date)]) -> Data {
        var out: [UInt8] = []
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "EEE MMM dd HH:mm:ss yyyy"
        for message in messages {
            let sender = message.sender.map { $0.filter { !$0.isWhitespace } }.flatMap { $0.isEmpty ? nil : $0 } ?? "MAILER-DAEMON"
            out += Array("From \(sender) \(format.string(from: message.date))\n".utf8)
            let bytes = [UInt8](message.raw)
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0a { lineEnd += 1 }
                let next = min(lineEnd + 1, bytes.count)
                var quotes = lineStart
                while quotes < next, bytes[quotes] == UInt8(ascii: ">") { quotes += 1 }
                if next - quotes >= 5, Array(bytes[quotes..<quotes + 5]) == Array("From ".utf8) { out.append(UInt8(ascii: ">")) }
                out += bytes[lineStart..<next]
                lineStart = next
            }
            if out.last != 0x0a { out.append(0x0a) }
            out.append(0x0a)
        }
        return Data(out)
    }
}
