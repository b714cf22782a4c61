/// RFC 2047 encoded words (`=?charset?B?…?=` and `=?charset?Q?…?=`) in header text,
/// and the reading of raw 8-bit header bytes that some senders put there instead.
struct HeaderText {
    /// The charset to try for raw 8-bit header bytes that are not UTF-8: the message's
    /// own body charset, since the sending program most likely used it everywhere.
    var fallbackCharset: String?

    /// Raw header bytes as text: ASCII or UTF-8 as is, anything else in the fallback charset.
    func raw(_ bytes: ArraySlice<UInt8>, where place: String, problems: inout ProblemList) -> String {
        if !containsNonASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let label = Charsets.normalizedLabel(fallbackCharset)
        if !label.isEmpty, label != "utf-8", label != "us-ascii", Charsets.reading(for: label) != nil {
            let (text, trouble) = Charsets.decode(bytes, charset: label)
            if trouble == nil {
                problems.add("8bit-header", "\(place) contains raw 8-bit bytes, read as \(label) like the message body")
                return text
            }
        }
        problems.add("8bit-header", "\(place) contains raw 8-bit bytes that are not UTF-8, read as Windows-1252")
        return Charsets.windows1252(bytes)
    }

    /// Header text with its encoded words decoded. Whitespace between two adjacent
    /// encoded words is dropped, as RFC 2047 says; words in one charset are joined
    /// before decoding so a character split across two words survives.
    func decode(_ bytes: ArraySlice<UInt8>, where place: String, problems: inout ProblemList) -> String {
        guard contains(bytes, UInt8(ascii: "="), UInt8(ascii: "?")) else {
            return raw(bytes, where: place, problems: &problems)
        }
        var result = ""
        var pendingCharset = ""
        var pendingBytes: [UInt8] = []
        var hasPending = false
        var textStart = bytes.startIndex
        var search = bytes.startIndex

        func flush(_ problems: inout ProblemList) {
            guard hasPending else { return }
            let (text, trouble) = Charsets.decode(pendingBytes[...], charset: pendingCharset)
            if let trouble { problems.add(trouble.code, "\(place): \(trouble.detail)") }
            result += text
            pendingBytes.removeAll(keepingCapacity: true)
            hasPending = false
        }

        // No encoded word can end after the last "?=": stop looking there, so hostile
        // input full of "=?" openers stays linear.
        var lastTerminator = bytes.endIndex - 1
        while lastTerminator > bytes.startIndex, !(bytes[lastTerminator - 1] == UInt8(ascii: "?") && bytes[lastTerminator] == UInt8(ascii: "=")) {
            lastTerminator -= 1
        }
        while let at = firstIndex(of: UInt8(ascii: "="), in: bytes, from: search), at < lastTerminator - 1 {
            guard let word = EncodedWord(bytes, at: at) else {
                search = at + 1
                continue
            }
            let between = bytes[textStart..<at]
            if !(hasPending && between.allSatisfy({ $0.isSpaceOrNewline })) {
                flush(&problems)
                if !between.isEmpty { result += raw(between, where: place, problems: &problems) }
            }
            let payload = word.decodedBytes(bytes)
            if hasPending, pendingCharset != word.charset { flush(&problems) }
            pendingCharset = word.charset
            pendingBytes.append(contentsOf: payload.bytes)
            hasPending = true
            if payload.broken { problems.add("bad-encoded-word", "\(place) has an encoded word whose base64 is broken") }
            textStart = word.end
            search = word.end
        }
        flush(&problems)
        if textStart < bytes.endIndex { result += raw(bytes[textStart...], where: place, problems: &problems) }
        return result
    }
}

/// One `=?charset?encoding?text?=` found in header bytes.
private struct EncodedWord {
    var charset: String
    var isBase64: Bool
    var text: Range<Int>
    /// Index just after the closing `?=`.
    var end: Int

    /// The encoded word starting at `start` (which holds `=`), or nil if there is none.
    init?(_ bytes: ArraySlice<UInt8>, at start: Int) {
        let end = bytes.endIndex
        guard start + 1 < end, bytes[start + 1] == UInt8(ascii: "?") else { return nil }
        var i = start + 2
        let charsetStart = i
        while i < end, bytes[i] != UInt8(ascii: "?"), !bytes[i].isSpaceOrNewline, i - charsetStart < 60 { i += 1 }
        guard i < end, bytes[i] == UInt8(ascii: "?"), i > charsetStart else { return nil }
        let charsetEnd = i
        guard i + 2 < end, bytes[i + 2] == UInt8(ascii: "?") else { return nil }
        switch bytes[i + 1] {
        case UInt8(ascii: "B"), UInt8(ascii: "b"): isBase64 = true
        case UInt8(ascii: "Q"), UInt8(ascii: "q"): isBase64 = false
        default: return nil
        }
        let textStart = i + 3
        // The text runs to the next "?="; some senders leave spaces in it, which is read leniently.
        var j = textStart
        while j + 1 < end {
            if bytes[j] == 0x0A { return nil }
            if bytes[j] == UInt8(ascii: "?"), bytes[j + 1] == UInt8(ascii: "=") { break }
            j += 1
        }
        guard j + 1 < end else { return nil }
        charset = lowercasedASCIIString(bytes[charsetStart..<charsetEnd])
        text = textStart..<j
        self.end = j + 2
    }

    func decodedBytes(_ bytes: ArraySlice<UInt8>) -> (bytes: [UInt8], broken: Bool) {
        let payload = bytes[text]
        if isBase64 {
            let decoded = TransferEncoding.base64(payload)
            return (decoded.bytes, decoded.trouble != nil)
        }
        var out = [UInt8]()
        out.reserveCapacity(payload.count)
        var i = payload.startIndex
        while i < payload.endIndex {
            let b = payload[i]
            if b == UInt8(ascii: "_") {
                out.append(0x20)
            } else if b == UInt8(ascii: "="), i + 2 < payload.endIndex,
                      let high = payload[i + 1].hexValue, let low = payload[i + 2].hexValue {
                out.append(high << 4 | low)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return (out, false)
    }
}
