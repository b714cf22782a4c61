import Foundation

/// One MIME entity: its header fields, its body bytes (still transfer-encoded) and,
/// for a multipart, the parts inside it. `label` names it for problem messages in
/// the words a person would use: "message", "part 2", "part 2.1".
struct MIMEPart {
    var fields: [HeaderField]
    var body: ArraySlice<UInt8>
    var contentType: ContentType
    var disposition: String?
    var dispositionParameters: [String: String]
    var transferEncoding: String
    var children: [MIMEPart] = []
    var label: String

    func field(_ lowerName: String) -> HeaderField? { fields.first { $0.lowerName == lowerName } }

    /// The filename the sender gave: Content-Disposition `filename`, else Content-Type `name`.
    var filename: String? {
        let name = dispositionParameters["filename"] ?? contentType.parameters["name"]
        guard let name, name.utf8.contains(where: { !$0.isSpaceOrNewline }) else { return nil }
        return name
    }

    var isAttachmentDisposition: Bool { disposition == "attachment" }

    /// A text/plain or text/html leaf that is meant to be read, not saved.
    var isBodyText: Bool {
        !contentType.isMultipart && contentType.type == "text"
            && (contentType.subtype == "plain" || contentType.subtype == "html")
            && !isAttachmentDisposition && filename == nil
    }
}

/// Splits multipart bodies at their boundaries and reads each part's headers,
/// recursively. Flawed structure is read as well as possible: a missing closing
/// boundary ends the last part at the end of its parent, a boundary that never
/// appears leaves the body as one text part, and every such flaw is a problem.
enum MultipartReader {
    /// Multiparts nested deeper than this are kept whole as attachments (hostile input).
    static let maxDepth = 24

    /// The MIME entity with header `fields` and `body`, its parts read recursively.
    static func part(fields: [HeaderField], body: ArraySlice<UInt8>, label: String, defaultType: ContentType,
                     text: HeaderText, depth: Int, problems: inout ProblemList) -> MIMEPart {
        var contentType = defaultType
        if let field = fields.first(where: { $0.lowerName == "content-type" }) {
            if let parsed = ContentType.parse(field.value, text: text, where: "\(label) Content-Type", problems: &problems) {
                contentType = parsed
            } else if !trimmed(field.value).isEmpty {
                let shown = text.raw(field.value.prefix(60), where: label, problems: &problems)
                problems.add("bad-content-type", "\(label): Content-Type '\(shown)' cannot be read, read as \(defaultType.mimeType)")
            }
        }
        var disposition: String?
        var dispositionParameters: [String: String] = [:]
        if let field = fields.first(where: { $0.lowerName == "content-disposition" }) {
            let parsed = ContentType.parseDisposition(field.value, text: text, where: "\(label) Content-Disposition", problems: &problems)
            disposition = parsed.kind.isEmpty ? nil : parsed.kind
            dispositionParameters = parsed.parameters
        }
        var encoding = ""
        if let field = fields.first(where: { $0.lowerName == "content-transfer-encoding" }) {
            encoding = lowercasedASCIIString(trimmed(Comments.removed(from: field.value)))
        }
        var part = MIMEPart(fields: fields, body: body, contentType: contentType, disposition: disposition,
                            dispositionParameters: dispositionParameters, transferEncoding: encoding, label: label)
        guard contentType.isMultipart else { return part }
        guard depth < maxDepth else {
            problems.add("too-deep", "\(label): multiparts are nested more than \(maxDepth) deep; the rest is kept as one attachment")
            part.contentType = ContentType(type: "application", subtype: "octet-stream", parameters: [:])
            return part
        }
        guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
            problems.add("missing-boundary", "\(label): \(contentType.mimeType) has no boundary parameter, read as plain text")
            part.contentType = .defaultText
            return part
        }
        guard let (slices, closed) = split(body, boundary: Array(boundary.utf8)) else {
            problems.add("boundary-not-found", "\(label): the boundary '\(boundary)' of \(contentType.mimeType) never appears, read as plain text")
            part.contentType = .defaultText
            return part
        }
        if !closed {
            problems.add("missing-closing-boundary", "\(label): \(contentType.mimeType) has no closing boundary '--\(boundary)--', read to the end")
        }
        if slices.isEmpty {
            problems.add("empty-multipart", "\(label): \(contentType.mimeType) has no parts")
        }
        let childDefault = contentType.subtype == "digest" ? ContentType.defaultMessage : ContentType.defaultText
        for (index, slice) in slices.enumerated() {
            let childLabel = label == "message" ? "part \(index + 1)" : "\(label).\(index + 1)"
            let block = HeaderReader.read(slice)
            part.children.append(self.part(fields: block.fields, body: slice[block.bodyStart...], label: childLabel,
                                           defaultType: childDefault, text: text, depth: depth + 1, problems: &problems))
        }
        return part
    }

    /// The part bodies between `--boundary` lines, and whether the closing `--boundary--`
    /// was found; nil when the boundary does not appear at all. Preamble and epilogue are dropped.
    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> (parts: [ArraySlice<UInt8>], closed: Bool)? {
        let delimiter = [UInt8(ascii: "-"), UInt8(ascii: "-")] + boundary
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var pos = body.startIndex
        let end = body.endIndex
        while pos < end {
            let eol = lineEnd(in: body, from: pos)
            if body[pos] == UInt8(ascii: "-"), eol - pos >= delimiter.count, body[pos..<(pos + delimiter.count)].elementsEqual(delimiter) {
                var k = pos + delimiter.count
                var closing = false
                if k + 1 < eol, body[k] == UInt8(ascii: "-"), body[k + 1] == UInt8(ascii: "-") {
                    closing = true
                    k += 2
                }
                // Only transport padding may follow a boundary; anything else means this
                // line merely starts like one (e.g. a nested part's longer boundary).
                if body[k..<eol].allSatisfy({ $0.isWSP }) {
                    if let start = partStart {
                        // The line break before the boundary belongs to the boundary.
                        parts.append(body[start..<max(start, pos - 1)])
                    }
                    if closing { return (parts, true) }
                    partStart = min(eol + 1, end)
                }
            }
            pos = eol + 1
        }
        guard let start = partStart else { return nil }
        parts.append(body[start..<end])
        return (parts, false)
    }
}
