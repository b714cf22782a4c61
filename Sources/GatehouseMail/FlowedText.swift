/// RFC 3676 format=flowed: senders (Thunderbird, Apple Mail) wrap long paragraphs
/// at about 72 columns and mark each wrap with a trailing space. Rejoining those
/// lines gives the paragraphs back, so quotes and new text can be told apart.
enum FlowedText {
    /// The text with soft line breaks removed and space-stuffing undone.
    static func unflow(_ text: String, deleteSpace: Bool) -> String {
        let bytes = Array(text.utf8)
        var ranges = lineRanges(bytes)
        if bytes.last == 0x0A { ranges.removeLast() }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var paragraph: [UInt8] = []
        var paragraphDepth = -1

        func emit(_ depth: Int) {
            for _ in 0..<depth { out.append(UInt8(ascii: ">")) }
            if depth > 0, !paragraph.isEmpty { out.append(0x20) }
            out.append(contentsOf: paragraph)
            out.append(0x0A)
            paragraph.removeAll(keepingCapacity: true)
            paragraphDepth = -1
        }

        for range in ranges {
            var line = bytes[range]
            var depth = 0
            while line.first == UInt8(ascii: ">") { depth += 1; line = line.dropFirst() }
            if line.first == 0x20 { line = line.dropFirst() }  // space-stuffing
            // The signature separator is never flowed.
            let soft = line.last == 0x20 && !line.elementsEqual("-- ".utf8)
            if paragraphDepth >= 0, depth != paragraphDepth { emit(paragraphDepth) }
            paragraphDepth = depth
            paragraph.append(contentsOf: soft && deleteSpace ? line.dropLast() : line)
            if !soft { emit(depth) }
        }
        if paragraphDepth >= 0 { emit(paragraphDepth) }
        if out.last == 0x0A, bytes.last != 0x0A { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}
