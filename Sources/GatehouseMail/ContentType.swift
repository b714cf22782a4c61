/// A Content-Type or Content-Disposition value: the main value (`text/plain`,
/// `attachment`) and its parameters, with RFC 2231 continuations and charsets
/// (`filename*0*=utf-8''…`) and RFC 2047 encoded words in parameters decoded.
struct ContentType {
    /// Lower-case main type, e.g. `text`.
    var type: String
    /// Lower-case subtype, e.g. `plain`.
    var subtype: String
    /// Parameters by lower-case name, values decoded.
    var parameters: [String: String]

    var mimeType: String { "\(type)/\(subtype)" }
    var isMultipart: Bool { type == "multipart" }
    var charset: String? { parameters["charset"] }

    static let defaultText = ContentType(type: "text", subtype: "plain", parameters: [:])
    static let defaultMessage = ContentType(type: "message", subtype: "rfc822", parameters: [:])

    /// Reads a Content-Type value; nil when it has no `type/subtype` at all.
    static func parse(_ value: ArraySlice<UInt8>, text: HeaderText, where place: String, problems: inout ProblemList) -> ContentType? {
        let bytes = Comments.removed(from: value)
        var i = bytes.startIndex
        while i < bytes.endIndex, bytes[i].isSpaceOrNewline { i += 1 }
        let typeStart = i
        while i < bytes.endIndex, bytes[i] != UInt8(ascii: "/"), bytes[i] != UInt8(ascii: ";"), !bytes[i].isSpaceOrNewline { i += 1 }
        let type = lowercasedASCIIString(bytes[typeStart..<i])
        while i < bytes.endIndex, bytes[i].isSpaceOrNewline { i += 1 }
        guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "/") else {
            // "Content-Type: text" turns up from very old software; read it as text/plain.
            if type == "text" {
                return ContentType(type: "text", subtype: "plain", parameters: parameters(bytes[i...], text: text, where: place, problems: &problems))
            }
            return nil
        }
        i += 1
        while i < bytes.endIndex, bytes[i].isSpaceOrNewline { i += 1 }
        let subtypeStart = i
        while i < bytes.endIndex, bytes[i] != UInt8(ascii: ";"), !bytes[i].isSpaceOrNewline { i += 1 }
        let subtype = lowercasedASCIIString(bytes[subtypeStart..<i])
        guard !type.isEmpty, !subtype.isEmpty else { return nil }
        return ContentType(type: type, subtype: subtype, parameters: parameters(bytes[i...], text: text, where: place, problems: &problems))
    }

    /// Reads a Content-Disposition value: the disposition (lower-case) and its parameters.
    static func parseDisposition(_ value: ArraySlice<UInt8>, text: HeaderText, where place: String, problems: inout ProblemList) -> (kind: String, parameters: [String: String]) {
        let bytes = Comments.removed(from: value)
        let semicolon = firstIndex(of: UInt8(ascii: ";"), in: bytes, from: bytes.startIndex) ?? bytes.endIndex
        let kind = lowercasedASCIIString(trimmed(bytes[bytes.startIndex..<semicolon]))
        return (kind, parameters(bytes[semicolon...], text: text, where: place, problems: &problems))
    }

    /// Reads `; name=value; name*0*=charset'lang'%XX…` parameters.
    static func parameters(_ bytes: ArraySlice<UInt8>, text: HeaderText, where place: String, problems: inout ProblemList) -> [String: String] {
        struct Section { var number: Int; var extended: Bool; var value: ArraySlice<UInt8> }
        var plain: [String: ArraySlice<UInt8>] = [:]
        var sections: [String: [Section]] = [:]
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            while i < end, bytes[i].isSpaceOrNewline || bytes[i] == UInt8(ascii: ";") { i += 1 }
            let nameStart = i
            while i < end, bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: ";") { i += 1 }
            let rawName = trimmed(bytes[nameStart..<i])
            guard i < end, bytes[i] == UInt8(ascii: "=") else { continue }
            i += 1
            while i < end, bytes[i].isSpaceOrNewline { i += 1 }
            var value: ArraySlice<UInt8>
            if i < end, bytes[i] == UInt8(ascii: "\"") {
                i += 1
                var unquoted = [UInt8]()
                while i < end, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < end { i += 1 }
                    unquoted.append(bytes[i])
                    i += 1
                }
                if i < end { i += 1 }
                value = unquoted[...]
                // Anything between the closing quote and the next ';' is junk; skip it.
                while i < end, bytes[i] != UInt8(ascii: ";") { i += 1 }
            } else {
                let valueStart = i
                while i < end, bytes[i] != UInt8(ascii: ";") { i += 1 }
                value = trimmed(bytes[valueStart..<i])
            }
            guard !rawName.isEmpty else { continue }
            var name = lowercasedASCIIString(rawName)
            var extended = false
            if name.hasSuffix("*") { extended = true; name.removeLast() }
            if let star = name.lastIndex(of: "*"), let number = Int(name[name.index(after: star)...]), number >= 0, number < 1000 {
                let base = String(name[..<star])
                sections[base, default: []].append(Section(number: number, extended: extended, value: value))
            } else if extended {
                sections[name, default: []].append(Section(number: 0, extended: true, value: value))
            } else if plain[name] == nil {
                plain[name] = value
            }
        }
        var result: [String: String] = [:]
        for (name, value) in plain {
            result[name] = text.decode(value, where: "\(place) parameter \(name)", problems: &problems)
        }
        // RFC 2231 values win over plain ones: they are the sender's careful spelling.
        for (name, parts) in sections {
            let ordered = parts.sorted { $0.number < $1.number }
            var collected = [UInt8]()
            var charset: String?
            var anyExtended = false
            for (index, section) in ordered.enumerated() {
                var value = section.value
                if section.extended {
                    anyExtended = true
                    if index == 0, let (label, rest) = splitCharsetPrefix(value) {
                        charset = label
                        value = rest
                    }
                    collected.append(contentsOf: percentDecoded(value))
                } else {
                    collected.append(contentsOf: value)
                }
            }
            if anyExtended {
                let (decoded, trouble) = Charsets.decode(collected[...], charset: charset)
                if let trouble { problems.add(trouble.code, "\(place) parameter \(name): \(trouble.detail)") }
                result[name] = decoded
            } else {
                result[name] = text.decode(collected[...], where: "\(place) parameter \(name)", problems: &problems)
            }
        }
        return result
    }

    /// Splits `charset'language'rest`; nil when the two quotes are missing.
    private static func splitCharsetPrefix(_ value: ArraySlice<UInt8>) -> (String, ArraySlice<UInt8>)? {
        guard let first = firstIndex(of: UInt8(ascii: "'"), in: value, from: value.startIndex),
              let second = firstIndex(of: UInt8(ascii: "'"), in: value, from: first + 1) else { return nil }
        return (lowercasedASCIIString(value[value.startIndex..<first]), value[(second + 1)...])
    }

    private static func percentDecoded(_ value: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(value.count)
        var i = value.startIndex
        while i < value.endIndex {
            if value[i] == UInt8(ascii: "%"), i + 2 < value.endIndex,
               let high = value[i + 1].hexValue, let low = value[i + 2].hexValue {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(value[i])
                i += 1
            }
        }
        return out
    }
}
