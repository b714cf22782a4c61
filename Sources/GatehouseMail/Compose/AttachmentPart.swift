import Foundation

extension OutgoingMail.Attachment {
    /// The attachment as a MIME part: its type, `Content-Disposition: attachment` with its
    /// name, and its bytes in base64.
    var entity: MIMEEntity {
        let name = FilenameParameter(filename)
        let encoding = BodyEncoding.forFile(data)
        return MIMEEntity(fields: [("Content-Type", "\(mediaType); name=\(name.quotedFallback)"),
                                   ("Content-Disposition", "attachment; " + name.parameters),
                                   ("Content-Transfer-Encoding", encoding.encodingName)],
                          body: encoding.encoded)
    }

    /// `contentType` lower-cased when it is a well-formed `type/subtype`, with its parameters
    /// when each is a plain `name=value` of tokens (`text/calendar; method=REQUEST`), else
    /// `application/octet-stream`.
    var mediaType: String {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let type = pieces.first, MediaType.isWellFormed(type) else { return "application/octet-stream" }
        let parameters = pieces.dropFirst().filter { parameter in
            let halves = parameter.split(separator: "=", omittingEmptySubsequences: false)
            return halves.count == 2 && halves.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(MediaType.isTokenCharacter) }
        }
        return ([type.lowercased()] + parameters).joined(separator: "; ")
    }
}

/// What a media type such as `application/pdf` may look like (RFC 2045 tokens, no parameters).
enum MediaType {
    static func isWellFormed(_ value: String) -> Bool {
        let halves = value.split(separator: "/", omittingEmptySubsequences: false)
        return halves.count == 2 && halves.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(isTokenCharacter) }
    }

    /// A character allowed in an RFC 2045 token: printable ASCII except space and tspecials.
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 32 && scalar.value < 127 && !"()<>@,;:\\\"/[]?=".unicodeScalars.contains(scalar)
    }
}

/// A filename as Content-Disposition parameters: `filename="…"` when it is short plain
/// ASCII; otherwise an ASCII look-alike in `filename="…"` for old mail programs and the
/// exact name in RFC 2231 form (`filename*=utf-8''…`, split into `filename*0*`, `filename*1*`…
/// sections so that every header line stays within 78 characters).
struct FilenameParameter {
    /// The name as `"…"`, plain ASCII, quotes and backslashes escaped.
    var quotedFallback: String
    /// Everything after `attachment; `.
    var parameters: String

    init(_ filename: String) {
        // The reader's rule for a safe name: no folders, no control characters, trimmed.
        let safe = BodyParts.safeFilename(filename)
        let name = safe.isEmpty ? "attachment" : safe
        let isPlain = name.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 && $0.value < 127 }
            && !name.split(separator: " ").contains { $0.utf8.count > 50 }
        let fallback = isPlain ? name : Self.asciiLookAlike(name)
        quotedFallback = "\"" + fallback.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        parameters = "filename=" + quotedFallback
        guard !isPlain else { return }
        let sections = Self.percentEncodedSections("utf-8''" + Self.percentEncoded(name), longest: 56)
        if sections.count == 1 {
            parameters += "; filename*=" + sections[0]
        } else {
            parameters += sections.enumerated().map { "; filename*\($0.offset)*=" + $0.element }.joined()
        }
    }

    /// The name in ASCII for programs that cannot read RFC 2231: accents dropped, other
    /// characters as `_`, at most 50 characters, extension kept.
    static func asciiLookAlike(_ name: String) -> String {
        var out = ""
        for scalar in name.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.isASCII, scalar.value >= 32, scalar.value < 127 {
                out.unicodeScalars.append(scalar)
            } else if scalar.properties.generalCategory != .nonspacingMark, !out.hasSuffix("_") {
                out += "_"
            }
        }
        let dot = out.lastIndex(of: ".")
        let suffix = dot.map { String(out[$0...]) }.flatMap { $0.count <= 10 ? $0 : nil } ?? ""
        let stem = String(out.dropLast(suffix.count).prefix(50 - suffix.count))
        let meaningful = stem.contains { $0.isLetter || $0.isNumber }
        return (meaningful ? stem : "attachment") + suffix
    }

    /// UTF-8 bytes as RFC 2231 `%XX`, letters, digits and the safe punctuation kept.
    static func percentEncoded(_ text: String) -> String {
        let kept = Set("!#$&+-.^_`|~".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            let isAlphanumeric = (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
            if isAlphanumeric || kept.contains(byte) {
                out.append(byte)
            } else {
                out += [37, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` cut into pieces of at most `longest` characters, never inside a `%XX`.
    static func percentEncodedSections(_ value: String, longest: Int) -> [String] {
        var sections: [String] = []
        var current = ""
        var rest = Substring(value)
        while let first = rest.first {
            let unit = first == "%" ? rest.prefix(3) : rest.prefix(1)
            if current.count + unit.count > longest {
                sections.append(current)
                current = ""
            }
            current += unit
            rest = rest.dropFirst(unit.count)
        }
        sections.append(current)
        return sections
    }
}
