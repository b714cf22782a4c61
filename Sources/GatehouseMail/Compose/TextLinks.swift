/// Finds what a reader would click in a line of plain text: `http://` and `https://`
/// addresses, and email addresses (linked as `mailto:`). Punctuation that ends a
/// sentence is not part of a link: in "see https://rivera.example/faq." the dot is text.
enum TextLinks {
    enum Segment: Equatable {
        case text(String)
        /// What is shown, and where it leads.
        case link(text: String, target: String)
    }

    /// The line as text and links, in order; joined, the shown texts are the line.
    static func segments(of line: Substring) -> [Segment] {
        // Most lines hold no link at all: every address has an "@", every web address a "://".
        if !line.utf8.contains(UInt8(ascii: "@")), !Self.hasSchemeSeparator(line.utf8) {
            return line.isEmpty ? [] : [.text(String(line))]
        }
        let characters = Array(line)
        var segments: [Segment] = []
        var plainStart = 0
        var index = 0
        while index < characters.count {
            if let (end, target) = webAddress(in: characters, at: index) ?? emailAddress(in: characters, at: index) {
                if plainStart < index { segments.append(.text(String(characters[plainStart..<index]))) }
                segments.append(.link(text: String(characters[index..<end]), target: target))
                index = end
                plainStart = end
            } else {
                index += 1
            }
        }
        if plainStart < characters.count { segments.append(.text(String(characters[plainStart...]))) }
        return segments
    }

    private static func hasSchemeSeparator(_ bytes: Substring.UTF8View) -> Bool {
        var colon = false, slashes = 0
        for byte in bytes {
            if byte == UInt8(ascii: ":") { colon = true; slashes = 0 } else if colon, byte == UInt8(ascii: "/") {
                slashes += 1
                if slashes == 2 { return true }
            } else { colon = false; slashes = 0 }
        }
        return false
    }

    /// A web address starting at `start` (at a word start): where it ends, and its target.
    private static func webAddress(in characters: [Character], at start: Int) -> (Int, String)? {
        guard characters[start] == "h" || characters[start] == "H",
              start == 0 || !(characters[start - 1].isLetter || characters[start - 1].isNumber) else { return nil }
        let head = String(characters[start..<min(start + 8, characters.count)]).lowercased()
        let scheme = head.hasPrefix("https://") ? 8 : head.hasPrefix("http://") ? 7 : 0
        guard scheme > 0 else { return nil }
        var end = start + scheme
        while end < characters.count, !characters[end].isWhitespace, !"<>\"".contains(characters[end]) { end += 1 }
        // Closing punctuation ends the sentence, not the address; a ")" stays when the address opened one.
        while end > start + scheme {
            let last = characters[end - 1]
            let opens = characters[start..<end].filter { $0 == "(" }.count
            let closes = characters[start..<end].filter { $0 == ")" }.count
            guard ".,;:!?'".contains(last) || (last == ")" && closes > opens) else { break }
            end -= 1
        }
        guard end > start + scheme else { return nil }
        let text = String(characters[start..<end])
        return (end, text)
    }

    /// An email address whose local part starts at `start`: where it ends, and `mailto:` it.
    private static func emailAddress(in characters: [Character], at start: Int) -> (Int, String)? {
        func isLocal(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || "._%+-".contains(c)) }
        func isDomain(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || ".-".contains(c)) }
        guard isLocal(characters[start]), characters[start] != ".",
              start == 0 || !isLocal(characters[start - 1]) else { return nil }
        var at = start
        while at < characters.count, isLocal(characters[at]) { at += 1 }
        guard at < characters.count, characters[at] == "@" else { return nil }
        var end = at + 1
        while end < characters.count, isDomain(characters[end]) { end += 1 }
        while end > at + 1, ".-".contains(characters[end - 1]) { end -= 1 }
        let domain = characters[(at + 1)..<end].split(separator: ".", omittingEmptySubsequences: false)
        guard domain.count >= 2, domain.allSatisfy({ !$0.isEmpty }) else { return nil }
        let address = String(characters[start..<end])
        return (end, "mailto:" + address)
    }
}
