/// The HTML twin of a plain-text body: the same words in a small, readable page, so a
/// mail program that prefers HTML shows exactly what the text says. Everything is
/// escaped; paragraphs (separated by blank lines) become `<p>`, line breaks `<br>`, and
/// web addresses and email addresses become links.
public enum HTMLBody {
    /// A complete HTML document for `text`, titled `title`.
    static func document(text: String, title: String) -> String {
        """
        <!DOCTYPE html>
        <html>
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escaped(title))</title>
        <style>
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial,
               sans-serif; font-size: 15px; line-height: 1.5;
               color: #1f2328; max-width: 40em; }
        p { margin: 0 0 1em; }
        a { color: #0b57d0; }
        </style>
        </head>
        <body>
        \(paragraphs(text))
        </body>
        </html>

        """
    }

    /// The text as `<p>` paragraphs, one source line per text line.
    static func paragraphs(_ text: String) -> String {
        // (Split on every kind of line end at once: replacing them first costs more than the rest.)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        var blocks: [[Substring]] = [[]]
        for line in lines {
            if line.allSatisfy(\.isWhitespace) {
                if !blocks[blocks.count - 1].isEmpty { blocks.append([]) }
            } else {
                blocks[blocks.count - 1].append(line)
            }
        }
        return blocks.filter { !$0.isEmpty }
            .map { "<p>" + $0.map(linked).joined(separator: "<br>\n") + "</p>" }
            .joined(separator: "\n")
    }

    /// One line escaped, its web and email addresses as links.
    static func linked(_ line: Substring) -> String {
        TextLinks.segments(of: line).map { segment in
            switch segment {
            case .text(let text): escaped(text)
            case .link(let text, let target): "<a href=\"\(escaped(target))\">\(escaped(text))</a>"
            }
        }.joined()
    }

    /// `text` safe inside HTML text and attribute values: `& < > " '` as character references.
    public static func escaped<Text: StringProtocol>(_ text: Text) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
