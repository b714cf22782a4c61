import Foundation

/// A mailbox from an address header: the display name (decoded, nil when the sender
/// gave none) and the address. The domain is lower-cased; the local part is kept
/// exactly as written, because some servers treat it case-sensitively.
public struct MailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The display name, e.g. `Ann Smith`, decoded from any RFC 2047 encoding.
    public var name: String?
    /// The address, e.g. `ann@example.com`.
    public var address: String

    /// A mailbox with an optional display name.
    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    /// The local part: everything before the last `@`.
    public var localPart: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[..<at])
    }

    public var description: String { name.map { "\($0) <\(address)>" } ?? address }
}

/// Reads RFC 5322 address lists: `"Name, Jr." <a@b>`, `a@b (Comment)`, groups such
/// as `undisclosed-recipients:;`, bare addresses and the obsolete forms (routes,
/// unquoted commas in names) that old software still sends.
enum AddressList {
    private enum Kind: Equatable { case atom, quoted, comment, special(UInt8) }
    private struct Token {
        var kind: Kind
        var bytes: ArraySlice<UInt8>
        var spaceBefore: Bool
    }

    /// The mailboxes in an address header value. Entries that hold no address are
    /// reported as `bad-address` problems (the raw header is still kept).
    static func parse(_ value: ArraySlice<UInt8>, text: HeaderText, where place: String, problems: inout ProblemList) -> [MailAddress] {
        let tokens = tokenize(value)
        var result: [MailAddress] = []
        var entry: [Token] = []
        var angle: [Token] = []
        var comments: [ArraySlice<UInt8>] = []
        var hasAngle = false
        var inAngle = false
        var pendingName: String?
        // How many entry tokens came before the last `>`: where a next name would begin.
        var closedAt = 0

        func flush(_ problems: inout ProblemList) {
            defer { entry.removeAll(); angle.removeAll(); comments.removeAll(); hasAngle = false; inAngle = false }
            let commentName = comments.isEmpty ? nil : phrase(comments.map { Token(kind: .atom, bytes: $0, spaceBefore: true) }, text: text, place: place, problems: &problems)
            if hasAngle {
                let address = addressSpec(angle, text: text, place: place, problems: &problems)
                var name = phrase(entry, text: text, place: place, problems: &problems) ?? commentName
                if let pending = pendingName { name = name.map { "\(pending), \($0)" } ?? pending; pendingName = nil }
                guard !address.isEmpty else {
                    if let name { problems.add("bad-address", "\(place): '\(name)' has an empty address") }
                    return
                }
                guard isWritable(address) else {
                    problems.add("bad-address", "\(place): '\(address)' is not an address mail can be sent to; it is kept as text only")
                    return
                }
                result.append(MailAddress(name: name == address ? nil : name, address: address))
            } else if entry.contains(where: { $0.kind == .special(UInt8(ascii: "@")) }) {
                if let pending = pendingName {
                    problems.add("bad-address", "\(place): '\(pending)' is not an address")
                    pendingName = nil
                }
                let address = addressSpec(entry, text: text, place: place, problems: &problems)
                guard isWritable(address) else {
                    problems.add("bad-address", "\(place): '\(address)' is not an address mail can be sent to; it is kept as text only")
                    return
                }
                result.append(MailAddress(name: commentName, address: address))
            } else if let words = phrase(entry, text: text, place: place, problems: &problems) {
                // Possibly half of an unquoted "Smith, John <john@…>"; the next entry decides.
                if let pending = pendingName { problems.add("bad-address", "\(place): '\(pending)' is not an address") }
                pendingName = words
            }
        }

        for token in tokens {
            switch token.kind {
            case .comment:
                comments.append(token.bytes)
            case .special(UInt8(ascii: "<")) where !inAngle:
                if hasAngle {
                    // "Bob <bob@x> Bobby <bobby@x>": the comma between them was left out. Two
                    // addresses, never one invented from both ("bob@xbobby@x").
                    let next = Array(entry[min(closedAt, entry.count)...])
                    entry.removeSubrange(min(closedAt, entry.count)...)
                    flush(&problems)
                    entry = next
                    problems.add("missing-comma", "\(place): a comma is missing between two addresses; they are read as two")
                }
                inAngle = true
                hasAngle = true
            case .special(UInt8(ascii: ">")) where inAngle:
                inAngle = false
                closedAt = entry.count
            case .special(UInt8(ascii: ":")):
                if inAngle {
                    // Obsolete source route <@relay:ann@b>: the route is dropped.
                    angle.removeAll()
                } else if !hasAngle {
                    // A group name: "Team: a@b, c@d;". The name itself is no address.
                    entry.removeAll()
                    comments.removeAll()
                    pendingName = nil
                }
            case .special(UInt8(ascii: ",")) where inAngle:
                continue
            case .special(UInt8(ascii: ",")), .special(UInt8(ascii: ";")):
                flush(&problems)
            default:
                if inAngle { angle.append(token) } else { entry.append(token) }
            }
        }
        flush(&problems)
        if let pending = pendingName {
            problems.add("bad-address", "\(place): '\(pending)' is not an address")
        }
        return result
    }

    /// Whether `address` could be someone's: a local part (dot-atom, or quoted) and a domain
    /// (a name, or a [literal]) with nothing in either that no address holds — a space, a quote
    /// or an angle bracket that a broken header ran into it. One without an @ (a local name such
    /// as `postmaster`) must be one plain word.
    static func isWritable(_ address: String) -> Bool {
        let specials: Set<Character> = ["\"", "<", ">", "(", ")", "[", "]", ",", ";", ":", "\\", "@"]
        func plain(_ part: Substring) -> Bool { !part.contains { $0.isWhitespace || specials.contains($0) || $0.asciiValue.map { $0 < 0x20 } == true } }
        guard let at = address.lastIndex(of: "@") else { return plain(address[...]) }
        let local = address[..<at], domain = address[address.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        let localOK = local.count >= 2 && local.first == "\"" && local.last == "\"" ? true : plain(local)
        let domainOK = domain.first == "[" && domain.last == "]" ? !domain.contains(where: \.isWhitespace) : plain(domain)
        return localOK && domainOK
    }

    /// The display name from phrase tokens, with encoded words decoded; nil when empty.
    private static func phrase(_ tokens: [Token], text: HeaderText, place: String, problems: inout ProblemList) -> String? {
        guard !tokens.isEmpty else { return nil }
        var bytes = [UInt8]()
        for token in tokens {
            if token.spaceBefore, !bytes.isEmpty { bytes.append(0x20) }
            if case .special(let b) = token.kind { bytes.append(b) } else { bytes.append(contentsOf: token.bytes) }
        }
        let name = trimmedASCIIWhitespace(text.decode(bytes[...], where: place, problems: &problems))
        return name.isEmpty ? nil : name
    }

    /// The address from addr-spec tokens: local part as written, domain lower-cased.
    private static func addressSpec(_ tokens: [Token], text: HeaderText, place: String, problems: inout ProblemList) -> String {
        var bytes = [UInt8]()
        var previousWasWord = false
        for token in tokens {
            // Two words side by side ("exa mple.com") are no address: the space stays, so it is not taken for one.
            let isWord: Bool
            switch token.kind {
            case .special: isWord = false
            default: isWord = true
            }
            if isWord, previousWasWord, token.spaceBefore { bytes.append(0x20) }
            previousWasWord = isWord
            switch token.kind {
            case .quoted:
                bytes.append(UInt8(ascii: "\""))
                bytes.append(contentsOf: token.bytes)
                bytes.append(UInt8(ascii: "\""))
            case .special(let b):
                bytes.append(b)
            default:
                bytes.append(contentsOf: token.bytes)
            }
        }
        let address = text.raw(bytes[...], where: place, problems: &problems)
        guard let at = address.lastIndex(of: "@") else { return address }
        return address[..<at] + address[at...].lowercased()
    }

    private static func tokenize(_ value: ArraySlice<UInt8>) -> [Token] {
        var tokens: [Token] = []
        var i = value.startIndex
        let end = value.endIndex
        var space = false
        while i < end {
            let b = value[i]
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D:
                space = true
                i += 1
                continue
            case UInt8(ascii: "\""):
                var content = [UInt8]()
                i += 1
                while i < end, value[i] != UInt8(ascii: "\"") {
                    if value[i] == UInt8(ascii: "\\"), i + 1 < end { i += 1 }
                    content.append(value[i])
                    i += 1
                }
                i += 1
                tokens.append(Token(kind: .quoted, bytes: content[...], spaceBefore: space))
            case UInt8(ascii: "("):
                var content = [UInt8]()
                var depth = 1
                i += 1
                while i < end, depth > 0 {
                    let c = value[i]
                    if c == UInt8(ascii: "\\"), i + 1 < end {
                        content.append(value[i + 1])
                        i += 2
                        continue
                    }
                    if c == UInt8(ascii: "(") { depth += 1 } else if c == UInt8(ascii: ")") { depth -= 1 }
                    if depth > 0 { content.append(c) }
                    i += 1
                }
                tokens.append(Token(kind: .comment, bytes: content[...], spaceBefore: space))
            case UInt8(ascii: "["):
                let start = i
                while i < end, value[i] != UInt8(ascii: "]") { i += 1 }
                if i < end { i += 1 }
                tokens.append(Token(kind: .atom, bytes: value[start..<i], spaceBefore: space))
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: ";"),
                 UInt8(ascii: "@"), UInt8(ascii: "."):
                tokens.append(Token(kind: .special(b), bytes: value[i..<(i + 1)], spaceBefore: space))
                i += 1
            default:
                let start = i
                while i < end {
                    let c = value[i]
                    if c.isSpaceOrNewline || c == UInt8(ascii: "\"") || c == UInt8(ascii: "(") || c == UInt8(ascii: "<")
                        || c == UInt8(ascii: ">") || c == UInt8(ascii: ",") || c == UInt8(ascii: ":") || c == UInt8(ascii: ";")
                        || c == UInt8(ascii: "@") || c == UInt8(ascii: ".") || c == UInt8(ascii: "[") { break }
                    i += 1
                }
                tokens.append(Token(kind: .atom, bytes: value[start..<i], spaceBefore: space))
            }
            space = false
        }
        return tokens
    }
}
