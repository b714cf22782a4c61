/// One header field as it appears in the message: the name as written and the
/// value unfolded (line breaks that fold it removed), still as bytes.
struct HeaderField {
    var name: String
    var lowerName: String
    var value: ArraySlice<UInt8>
}

/// Reads a header block: the fields up to the first empty line, and where the body
/// starts. Folded lines (a line break followed by a space or tab) are joined; a line
/// that is neither a field nor a fold ends the header block early, and that line
/// belongs to the body.
enum HeaderReader {
    struct Block {
        var fields: [HeaderField] = []
        /// Index of the first body byte.
        var bodyStart: Int
        /// True when the block ended at a line that is not a header field instead of an empty line.
        var endedAtNonHeaderLine = false
        /// True when a line that should have been a header field was not one.
        var firstLineIsNotHeader = false
    }

    /// Reads the header block at the start of `bytes` (LF line endings).
    static func read(_ bytes: ArraySlice<UInt8>) -> Block {
        var block = Block(bodyStart: bytes.endIndex)
        var pos = bytes.startIndex
        let end = bytes.endIndex
        // Folded value bytes are gathered here; most fields are one line and never use it.
        var folded: [UInt8] = []
        var current: (name: ArraySlice<UInt8>, value: ArraySlice<UInt8>, isFolded: Bool)?

        func finish() {
            guard let field = current else { return }
            let value = field.isFolded ? trimmed(folded[...]) : trimmed(field.value)
            // Folded values are copied into their own array so their slice stands alone.
            let stored = field.isFolded ? ArraySlice(Array(value)) : value
            block.fields.append(HeaderField(
                name: String(decoding: field.name, as: UTF8.self),
                lowerName: lowercasedASCIIString(field.name),
                value: stored))
            current = nil
        }

        while pos < end {
            let eol = lineEnd(in: bytes, from: pos)
            let line = bytes[pos..<eol]
            let next = eol < end ? eol + 1 : end
            if line.allSatisfy({ $0.isWSP }) {
                // The empty line (or one of only spaces) that separates header and body.
                finish()
                block.bodyStart = next
                return block
            }
            if line.first!.isWSP {
                if current != nil {
                    if !current!.isFolded {
                        folded.removeAll(keepingCapacity: true)
                        folded.append(contentsOf: current!.value)
                        current!.isFolded = true
                    }
                    folded.append(contentsOf: line)
                    pos = next
                    continue
                }
                // A continuation with nothing to continue: not a header block.
                block.firstLineIsNotHeader = true
                block.endedAtNonHeaderLine = true
                block.bodyStart = pos
                return block
            }
            guard let colon = fieldNameEnd(line) else {
                finish()
                if block.fields.isEmpty { block.firstLineIsNotHeader = true }
                block.endedAtNonHeaderLine = true
                block.bodyStart = pos
                return block
            }
            finish()
            var nameEnd = colon
            while nameEnd > line.startIndex, bytes[nameEnd - 1].isWSP { nameEnd -= 1 }
            current = (bytes[line.startIndex..<nameEnd], bytes[(colon + 1)..<eol], false)
            pos = next
        }
        finish()
        block.bodyStart = end
        return block
    }

    /// The index of the colon ending a field name, or nil when the line is not a field.
    /// Names are printable ASCII without spaces; obsolete syntax allows spaces before the colon.
    private static func fieldNameEnd(_ line: ArraySlice<UInt8>) -> Int? {
        var i = line.startIndex
        while i < line.endIndex {
            let b = line[i]
            if b == UInt8(ascii: ":") { break }
            if b.isWSP {
                var j = i
                while j < line.endIndex, line[j].isWSP { j += 1 }
                guard j < line.endIndex, line[j] == UInt8(ascii: ":") else { return nil }
                i = j
                break
            }
            guard b > 32, b < 127 else { return nil }
            i += 1
        }
        guard i < line.endIndex, i > line.startIndex else { return nil }
        return i
    }
}
