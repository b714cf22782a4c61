/// Comments in structured header fields: `(like this (nested) with \) quoted pairs)`.
/// They carry no meaning except where a name hides in one (`a@b (Ann)`), so readers
/// of structured fields drop them first; text inside quoted strings is left alone.
enum Comments {
    /// The bytes with every comment replaced by one space.
    static func removed(from bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard firstIndex(of: UInt8(ascii: "("), in: bytes, from: bytes.startIndex) != nil else { return bytes }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var depth = 0
        var inQuotes = false
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), (inQuotes || depth > 0), i + 1 < bytes.endIndex {
                if depth == 0 { out.append(b); out.append(bytes[i + 1]) }
                i += 2
                continue
            }
            if depth > 0 {
                if b == UInt8(ascii: "(") { depth += 1 } else if b == UInt8(ascii: ")") {
                    depth -= 1
                    if depth == 0 { out.append(0x20) }
                }
            } else if inQuotes {
                if b == UInt8(ascii: "\"") { inQuotes = false }
                out.append(b)
            } else if b == UInt8(ascii: "\"") {
                inQuotes = true
                out.append(b)
            } else if b == UInt8(ascii: "(") {
                depth = 1
            } else {
                out.append(b)
            }
            i += 1
        }
        return out[...]
    }
}
