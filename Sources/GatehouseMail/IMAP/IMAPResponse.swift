import Foundation

/// One response of an IMAP server: a line, with the literals it carries (`{123}` and then 123
/// bytes) kept whole and apart from its text.
public struct IMAPResponse: Sendable, Equatable {
    /// The line's bytes without CRLF; each literal stands in it as one NUL byte (IMAP forbids NUL
    /// in text, so it cannot be confused with the server's words).
    public var bytes: [UInt8]
    /// The literals, in the order their NUL bytes appear.
    public var literals: [Data]

    public init(bytes: [UInt8], literals: [Data] = []) {
        self.bytes = bytes
        self.literals = literals
    }

    /// The line as text (literals shown as `{n}`), for error messages.
    public var text: String {
        var out = ""
        var next = 0
        for byte in bytes {
            if byte == 0, next < literals.count {
                out += "{\(literals[next].count)}"
                next += 1
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }

    /// `*`, `+` or the tag of the command this ends.
    public var tag: String {
        String(decoding: bytes.prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self)
    }

    /// For a tagged or status response (`A1 OK …`, `* NO …`): OK, NO, BAD, BYE or PREAUTH, upper-cased.
    public var status: String? {
        let words = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard words.count >= 2 else { return nil }
        let word = words[1].uppercased()
        return ["OK", "NO", "BAD", "BYE", "PREAUTH"].contains(word) ? word : nil
    }

    /// The response code in brackets after the status (`[UIDVALIDITY 3857529045]`), if any.
    public var code: String? {
        let text = self.text
        guard status != nil, let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") else { return nil }
        let before = text[..<open].split(separator: " ")
        guard before.count == 2 else { return nil }
        return String(text[text.index(after: open)..<close])
    }

    /// The human words after the status and its code.
    public var humanText: String {
        let text = self.text
        var rest = Substring(text)
        for _ in 0..<2 {
            guard let space = rest.firstIndex(of: " ") else { return "" }
            rest = rest[rest.index(after: space)...]
        }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            rest = rest[rest.index(after: close)...]
        }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    /// The values after `* ` (an untagged response's data), parsed.
    public func values() throws(IMAPError) -> [IMAPValue] {
        var reader = IMAPValueReader(response: self)
        return try reader.all(from: min(bytes.count, 2))
    }
}

/// A value in an IMAP response: an atom or number, a string (quoted or literal), NIL or a list.
public indirect enum IMAPValue: Sendable, Equatable {
    case atom(String)
    case string(Data)
    case list([IMAPValue])
    case nothing

    /// The text of an atom or string.
    public var text: String? {
        switch self {
        case .atom(let atom): atom
        case .string(let data): String(decoding: data, as: UTF8.self)
        default: nil
        }
    }

    /// A number written as an atom.
    public var number: UInt64? { if case .atom(let atom) = self { UInt64(atom) } else { nil } }
}

/// Reads the values of one response, left to right.
struct IMAPValueReader {
    let response: IMAPResponse
    var index = 0
    var literal = 0
    /// How many lists are open around the value being read.
    var depth = 0
    /// Lists nested deeper than this are refused: no answer a mail server gives needs more than a
    /// handful (a BODYSTRUCTURE goes a few levels deep), and each level is a call on a thread's
    /// stack — a line of 60,000 `(` (found by the fuzzer) overflowed it and crashed the desk.
    static let deepestList = 64

    init(response: IMAPResponse) { self.response = response }

    mutating func all(from start: Int) throws(IMAPError) -> [IMAPValue] {
        index = start
        var values: [IMAPValue] = []
        while let value = try next() { values.append(value) }
        return values
    }

    private mutating func next() throws(IMAPError) -> IMAPValue? {
        let bytes = response.bytes
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: ")"):
            return nil
        case UInt8(ascii: "("):
            guard depth < Self.deepestList else {
                throw IMAPError(.protocolViolation, "the server's answer nests lists more than \(Self.deepestList) deep: "
                    + "\(response.text.prefix(120))")
            }
            index += 1
            depth += 1
            defer { depth -= 1 }
            var items: [IMAPValue] = []
            while let item = try next() { items.append(item) }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ")") else {
                throw IMAPError(.protocolViolation, "the server's answer has a list without its closing bracket: \(response.text.prefix(120))")
            }
            index += 1
            return .list(items)
        case UInt8(ascii: "\""):
            index += 1
            var text: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                text.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else {
                throw IMAPError(.protocolViolation, "the server's answer has a quoted string without its end: \(response.text.prefix(120))")
            }
            index += 1
            return .string(Data(text))
        case 0:
            index += 1
            guard literal < response.literals.count else {
                throw IMAPError(.protocolViolation, "the server's answer has a NUL byte where no literal was sent")
            }
            defer { literal += 1 }
            return .string(response.literals[literal])
        default:
            let start = index
            // `BODY[]` and `BODY[]<0>` are one atom; brackets inside it may hold spaces.
            var depth = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "]") { depth = max(0, depth - 1) }
                if depth == 0, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == 0 {
                    break
                }
                index += 1
            }
            let atom = String(decoding: bytes[start..<index], as: UTF8.self)
            return atom.uppercased() == "NIL" ? .nothing : .atom(atom)
        }
    }
}
