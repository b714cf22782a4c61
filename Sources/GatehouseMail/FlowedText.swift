/// RFC 3676 format=flowed: senders (Thunderbird, Apple Mail) wrap long paragraphs
/// at about 72 columns and mark each wrap with a trailing space. Rejoining those
/// lines gives the paragraphs back, so quotes and new text can be told apart.
enum FlowedText {
    /// The text with soft line breaks removed and space-stuffing undone.
    static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var paragraph = ""
        var paragraphDepth = -1
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            var depth = 0
            while line.first == ">" { depth += 1; line = line.dropFirst() }
            if line.first == " " { line = line.dropFirst() }  // space-stuffing
            // The signature separator is never flowed.
            let soft = line.hasSuffix(" ") && line != "-- "
            if paragraphDepth >= 0, depth != paragraphDepth {
                out += String(repeating: ">", count: paragraphDepth) + (paragraphDepth > 0 ? " " : "") + paragraph + "\n"
                paragraph = ""
                paragraphDepth = -1
            }
            paragraphDepth = depth
            if soft {
                paragraph += deleteSpace ? line.dropLast() : line
            } else {
                paragraph += line
                out += String(repeating: ">", count: depth) + (depth > 0 ? " " : "") + paragraph + "\n"
                paragraph = ""
                paragraphDepth = -1
            }
        }
        if paragraphDepth >= 0 {
            out += String(repeating: ">", count: paragraphDepth) + (paragraphDepth > 0 ? " " : "") + paragraph
        } else if out.hasSuffix("\n"), !text.hasSuffix("\n") {
            out.removeLast()
        }
        return out
    }
}
