/// Reads Message-ID, In-Reply-To and References: lists of `<id@host>` returned
/// without their angle brackets. Software that forgets the brackets, puts phrases
/// or dates between ids ("<a@b> (Ann's message of …)") or folds inside an id is
/// read leniently.
enum MessageIDs {
    /// The message ids in the value, in order, without duplicates.
    static func parse(_ value: ArraySlice<UInt8>) -> [String] {
        let bytes = Comments.removed(from: value)
        var ids: [String] = []
        var i = bytes.startIndex
        let end = bytes.endIndex
        var sawBracket = false
        while let open = firstIndex(of: UInt8(ascii: "<"), in: bytes, from: i) {
            sawBracket = true
            guard let close = firstIndex(of: UInt8(ascii: ">"), in: bytes, from: open + 1) else {
                // An unclosed id at the end: take what is there.
                append(bytes[(open + 1)..<end], to: &ids)
                i = end
                break
            }
            append(bytes[(open + 1)..<close], to: &ids)
            i = close + 1
        }
        if !sawBracket {
            // No brackets at all: every word that looks like an id (has an '@') is one;
            // a lone word is taken as the id when it is all there is.
            var words: [ArraySlice<UInt8>] = []
            var j = bytes.startIndex
            while j < end {
                while j < end, bytes[j].isSpaceOrNewline || bytes[j] == UInt8(ascii: ",") { j += 1 }
                let start = j
                while j < end, !bytes[j].isSpaceOrNewline, bytes[j] != UInt8(ascii: ",") { j += 1 }
                if j > start { words.append(bytes[start..<j]) }
            }
            let withAt = words.filter { $0.contains(UInt8(ascii: "@")) }
            for word in (withAt.isEmpty && words.count == 1 ? words : withAt) { append(word, to: &ids) }
        }
        // Drop repeats, keeping the first of each.
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    private static func append(_ raw: ArraySlice<UInt8>, to ids: inout [String]) {
        // Whitespace inside an id comes from folding; it is not part of the id.
        let cleaned = raw.filter { !$0.isSpaceOrNewline && $0 != UInt8(ascii: "<") }
        guard !cleaned.isEmpty, cleaned.count <= 998 else { return }
        let id = String(decoding: cleaned, as: UTF8.self)
        ids.append(id)
    }
}
