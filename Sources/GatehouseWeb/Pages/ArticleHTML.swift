import GatehouseMail
import Ink

/// An article's Markdown as HTML that is safe to put in a page: the owner's
/// text is formatted, never executed.
///
/// Two layers, because either alone has gaps. Before Ink reads the text,
/// every `<` outside code is written as `&lt;`, so HTML typed in the article
/// shows as text instead of passing through (Ink passes raw HTML on as it is).
/// After Ink, the HTML is read tag by tag and only the tags Markdown makes are
/// kept, without any attribute but a link's address, and only addresses that
/// go to the web, mail or a phone: no `javascript:`, no `data:`, nothing
/// hidden behind character references.
enum ArticleHTML {
    /// The article's body as safe HTML.
    static func render(_ markdown: String) -> String {
        sanitised(MarkdownParser().html(from: neutralised(markdown)))
    }

    // MARK: Before Ink: typed HTML becomes text

    /// `markdown` with every `<` outside code spans and fenced code written as `&lt;`.
    static func neutralised(_ markdown: String) -> String {
        var out = ""
        out.reserveCapacity(markdown.utf8.count)
        var inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                out += line + "\n"
                continue
            }
            if inFence {
                out += line + "\n"
                continue
            }
            var inCode = false
            for character in line {
                if character == "`" { inCode.toggle() }
                out += (character == "<" && !inCode) ? "&lt;" : String(character)
            }
            out += "\n"
        }
        return out
    }

    // MARK: After Ink: only Markdown's own tags, only safe addresses

    static let keptTags: Set<String> = ["p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "s", "del",
                                        "code", "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr",
                                        "th", "td"]

    /// `html` with every tag outside `keptTags` shown as text, and every attribute dropped but a
    /// safe `href` on a link.
    static func sanitised(_ html: String) -> String {
        let characters = Array(html)
        var out = ""
        out.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "<" else {
                out += character == ">" ? "&gt;" : String(character)
                index += 1
                continue
            }
            guard let tag = readTag(characters, from: index) else {
                out += "&lt;"
                index += 1
                continue
            }
            if keptTags.contains(tag.name) {
                out += tag.closing ? "</\(tag.name)>" : "<\(tag.name)\(safeHref(tag))>"
            } else {
                out += escaped(String(characters[index..<tag.end]))
            }
            index = tag.end
        }
        return out
    }

    struct Tag {
        var name: String
        var closing: Bool
        var attributes: [String: String]
        /// The index just after the tag's `>`.
        var end: Int
    }

    /// The tag starting at `start` (a `<`), when it is one: a name of letters and digits, its
    /// attributes (quoted or not), up to the `>` outside quotes.
    static func readTag(_ characters: [Character], from start: Int) -> Tag? {
        var index = start + 1
        var closing = false
        if index < characters.count, characters[index] == "/" { closing = true; index += 1 }
        var name = ""
        while index < characters.count, characters[index].isASCII, characters[index].isLetter || characters[index].isNumber {
            name.append(characters[index])
            index += 1
        }
        guard !name.isEmpty, name.first!.isLetter else { return nil }
        var attributes: [String: String] = [:]
        while index < characters.count {
            let character = characters[index]
            if character == ">" { return Tag(name: name.lowercased(), closing: closing, attributes: attributes, end: index + 1) }
            if character == " " || character == "\n" || character == "\t" || character == "/" { index += 1; continue }
            var key = ""
            while index < characters.count, !" \n\t=>/".contains(characters[index]) { key.append(characters[index]); index += 1 }
            var value = ""
            if index < characters.count, characters[index] == "=" {
                index += 1
                if index < characters.count, characters[index] == "\"" || characters[index] == "'" {
                    let quote = characters[index]
                    index += 1
                    while index < characters.count, characters[index] != quote { value.append(characters[index]); index += 1 }
                    guard index < characters.count else { return nil }
                    index += 1
                } else {
                    while index < characters.count, !" \n\t>".contains(characters[index]) { value.append(characters[index]); index += 1 }
                }
            }
            if key.isEmpty { index += 1 } else { attributes[key.lowercased()] = value }
        }
        return nil
    }

    /// ` href="…"` for a link whose address is safe, else nothing.
    static func safeHref(_ tag: Tag) -> String {
        guard tag.name == "a", let raw = tag.attributes["href"], let address = safeAddress(raw) else { return "" }
        return " href=\"\(escaped(address))\" rel=\"nofollow noopener\""
    }

    /// The address as the browser would read it (character references decoded, spaces and
    /// control characters ignored), when it goes to the web, mail, a phone, or this site.
    static func safeAddress(_ raw: String) -> String? {
        let decoded = decodedReferences(raw)
        let squeezed = String(decoded.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }.map(Character.init))
        guard !squeezed.isEmpty else { return nil }
        let lower = squeezed.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") || lower.hasPrefix("tel:") {
            return decoded
        }
        // A relative address: no scheme before the first "/", "?" or "#".
        let schemeEnd = lower.firstIndex(of: ":")
        let pathStart = lower.firstIndex { "/?#".contains($0) }
        if let schemeEnd, pathStart.map({ schemeEnd < $0 }) ?? true { return nil }
        if lower.hasPrefix("//") { return nil }
        return decoded
    }

    /// `text` with `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;` and numeric references decoded.
    static func decodedReferences(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else { out += "&"; rest = after; continue }
            let name = after[..<semicolon]
            var scalar: Unicode.Scalar?
            switch name {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                }
            }
            if let scalar {
                out.unicodeScalars.append(scalar)
                rest = after[after.index(after: semicolon)...]
            } else {
                out += "&"
                rest = after
            }
        }
        out += rest
        return out
    }

    /// `text` with the characters that mean something in HTML escaped.
    static func escaped(_ text: String) -> String { HTMLBody.escaped(text) }
}
