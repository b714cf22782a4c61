#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Small byte-level helpers shared by the readers. Mail is bytes, not text, until a
// part's charset says otherwise, so every reader works on `ArraySlice<UInt8>` with
// the slice's own (absolute) indices.

extension UInt8 {
    /// Space or horizontal tab: the whitespace that folds header lines.
    @inline(__always) var isWSP: Bool { self == 0x20 || self == 0x09 }
    /// Space, tab, CR or LF.
    @inline(__always) var isSpaceOrNewline: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
    @inline(__always) var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
    @inline(__always) var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    @inline(__always) var asciiLowercased: UInt8 { (self >= 0x41 && self <= 0x5A) ? self | 0x20 : self }
    /// The value of a hexadecimal digit, or nil.
    @inline(__always) var hexValue: UInt8? {
        switch self {
        case 0x30...0x39: return self - 0x30
        case 0x41...0x46: return self - 0x41 + 10
        case 0x61...0x66: return self - 0x61 + 10
        default: return nil
        }
    }
}

/// The index of the first `byte` in `bytes[from...]`, found with memchr.
@inline(__always)
func firstIndex(of byte: UInt8, in bytes: ArraySlice<UInt8>, from: Int) -> Int? {
    guard from < bytes.endIndex else { return nil }
    return bytes.withUnsafeBufferPointer { buffer -> Int? in
        let offset = from - bytes.startIndex
        guard let base = buffer.baseAddress,
              let hit = memchr(base + offset, Int32(byte), buffer.count - offset) else { return nil }
        return bytes.startIndex + UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
    }
}

/// The end of the line starting at `from`: the index of its LF, or the slice's end.
@inline(__always)
func lineEnd(in bytes: ArraySlice<UInt8>, from: Int) -> Int {
    firstIndex(of: 0x0A, in: bytes, from: from) ?? bytes.endIndex
}

/// The slice without leading and trailing spaces, tabs, CRs and LFs.
func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var start = bytes.startIndex, end = bytes.endIndex
    while start < end, bytes[start].isSpaceOrNewline { start += 1 }
    while end > start, bytes[end - 1].isSpaceOrNewline { end -= 1 }
    return bytes[start..<end]
}

/// A lower-case String from bytes that are expected to be ASCII (names, tokens).
func lowercasedASCIIString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    // Writing into the String's own buffer avoids the slow generic decoding path.
    let count = bytes.count
    guard count > 0 else { return "" }
    let ascii = String(unsafeUninitializedCapacity: count) { buffer in
        var i = 0
        for b in bytes {
            if b >= 0x80 { return 0 }
            buffer[i] = b.asciiLowercased
            i += 1
        }
        return i
    }
    if ascii.utf8.count == count { return ascii }
    // Not ASCII after all: lower-case what is ASCII and keep the rest as (repaired) UTF-8.
    return String(decoding: Array(bytes).map { $0.asciiLowercased }, as: UTF8.self)
}

/// True when the bytes equal the ASCII `literal`, ignoring case.
func equalsIgnoringCase<C: Collection>(_ bytes: C, _ literal: String) -> Bool where C.Element == UInt8 {
    var it = literal.utf8.makeIterator()
    for b in bytes {
        guard let l = it.next(), b.asciiLowercased == l.asciiLowercased else { return false }
    }
    return it.next() == nil
}

/// True when the bytes start with the ASCII `literal`, ignoring case.
func hasPrefixIgnoringCase(_ bytes: ArraySlice<UInt8>, _ literal: String) -> Bool {
    var i = bytes.startIndex
    for l in literal.utf8 {
        guard i < bytes.endIndex, bytes[i].asciiLowercased == l.asciiLowercased else { return false }
        i += 1
    }
    return true
}

/// True when any byte is 0x80 or above.
func containsNonASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
    bytes.withUnsafeBufferPointer { buffer in
        // Eight bytes at a time: mail is mostly ASCII, so this check is on the hot path.
        var i = 0
        let n = buffer.count
        if let base = buffer.baseAddress {
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { return true }
                i += 8
            }
        }
        while i < n {
            if buffer[i] >= 0x80 { return true }
            i += 1
        }
        return false
    }
}

/// True when the bytes contain the ASCII sequence `needle`.
func contains(_ bytes: ArraySlice<UInt8>, _ first: UInt8, _ second: UInt8) -> Bool {
    var from = bytes.startIndex
    while let i = firstIndex(of: first, in: bytes, from: from) {
        if i + 1 < bytes.endIndex, bytes[i + 1] == second { return true }
        from = i + 1
    }
    return false
}

/// The string without leading and trailing ASCII whitespace, found on its UTF-8 bytes
/// (Foundation's trimming walks Characters and is far slower on the hot path).
func trimmedASCIIWhitespace(_ text: String) -> String {
    let utf8 = text.utf8
    guard let first = utf8.firstIndex(where: { !$0.isSpaceOrNewline }) else { return "" }
    let last = utf8.lastIndex(where: { !$0.isSpaceOrNewline })!
    if first == utf8.startIndex, utf8.index(after: last) == utf8.endIndex { return text }
    return String(text[first...last])
}

/// True when the bytes end with the UTF-8 of `literal`.
func hasSuffix(_ bytes: ArraySlice<UInt8>, _ literal: String) -> Bool {
    let tail = literal.utf8
    guard bytes.count >= tail.count else { return false }
    return bytes.suffix(tail.count).elementsEqual(tail)
}

/// True when `needle` occurs in the bytes.
func containsSequence(_ bytes: ArraySlice<UInt8>, _ literal: String) -> Bool {
    let needle = Array(literal.utf8)
    guard let first = needle.first, bytes.count >= needle.count else { return false }
    var from = bytes.startIndex
    while let i = firstIndex(of: first, in: bytes, from: from), i + needle.count <= bytes.endIndex {
        if bytes[i..<(i + needle.count)].elementsEqual(needle) { return true }
        from = i + 1
    }
    return false
}

/// The ranges of the LF-separated lines of `bytes`, without their LFs.
func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    let all = bytes[...]
    var start = 0
    while true {
        let end = lineEnd(in: all, from: start)
        ranges.append(start..<end)
        if end >= bytes.count { break }
        start = end + 1
    }
    return ranges
}
