import Foundation

/// Walks a message's MIME tree and decides what is the body and what is an
/// attachment, the way mail clients show it:
/// - multipart/alternative: the text/plain part is the text, the richest HTML
///   branch is the HTML; other representations (a calendar) are attachments;
/// - multipart/related: the root (the `start` part or the first) is the body,
///   the rest (inline images) are attachments;
/// - multipart/signed, /report: the first part is the body, the rest (signature,
///   delivery status, returned message) are attachments;
/// - multipart/mixed and unknown multiparts: the first readable part is the body,
///   later inline text without a filename is added to the text (Apple Mail splits
///   text around inline images), everything else is an attachment.
/// Nothing is dropped silently: every part is body, an alternative rendering of
/// the body, or an attachment.
struct BodyParts {
    var text: HeaderText
    var depth: Int
    var plainTexts: [String] = []
    var html: String?
    var attachments: [MailAttachment] = []

    /// Whether text/plain leaves count as body (false in the HTML branch of an alternative
    /// that already has its plain text).
    private enum Mode { case full, htmlOnly }

    mutating func collect(_ root: MIMEPart, problems: inout ProblemList) {
        walk(root, asBody: true, mode: .full, problems: &problems)
    }

    private mutating func walk(_ part: MIMEPart, asBody: Bool, mode: Mode, problems: inout ProblemList) {
        guard part.contentType.isMultipart, !part.children.isEmpty else {
            leaf(part, asBody: asBody, mode: mode, problems: &problems)
            return
        }
        let children = part.children
        guard asBody else {
            for child in children { walk(child, asBody: false, mode: mode, problems: &problems) }
            return
        }
        switch part.contentType.subtype {
        case "alternative":
            let plain = mode == .full ? children.firstIndex { $0.isBodyText && $0.contentType.subtype == "plain" } : nil
            // Alternatives come in increasing order of richness: the last HTML or multipart branch is the best.
            let rich = children.lastIndex { ($0.isBodyText && $0.contentType.subtype == "html") || $0.contentType.isMultipart }
            if let plain { leaf(children[plain], asBody: true, mode: mode, problems: &problems) }
            if let rich { walk(children[rich], asBody: true, mode: plain == nil ? mode : .htmlOnly, problems: &problems) }
            if plain == nil, rich == nil, let first = children.first {
                walk(first, asBody: true, mode: mode, problems: &problems)
            }
            for (index, child) in children.enumerated() where index != plain && index != rich {
                // Other renderings of the same text are not attachments; anything else is.
                if child.isBodyText || (plain == nil && rich == nil && index == 0) { continue }
                walk(child, asBody: false, mode: mode, problems: &problems)
            }
        case "related":
            var root = 0
            if let start = part.contentType.parameters["start"].map(Self.bareID),
               let index = children.firstIndex(where: { $0.field("content-id").map { Self.bareID(String(decoding: $0.value, as: UTF8.self)) } == start }) {
                root = index
            }
            walk(children[root], asBody: true, mode: mode, problems: &problems)
            for (index, child) in children.enumerated() where index != root {
                walk(child, asBody: false, mode: mode, problems: &problems)
            }
        case "signed", "report":
            walk(children[0], asBody: true, mode: mode, problems: &problems)
            for child in children.dropFirst() { walk(child, asBody: false, mode: mode, problems: &problems) }
        case "encrypted":
            for child in children { walk(child, asBody: false, mode: mode, problems: &problems) }
        default:
            var tookBody = false
            for child in children {
                if !tookBody, child.isBodyText || child.contentType.isMultipart {
                    walk(child, asBody: true, mode: mode, problems: &problems)
                    tookBody = true
                } else if tookBody, mode == .full, child.isBodyText, child.contentType.subtype == "plain", child.disposition != "attachment" {
                    plainTexts.append(bodyText(child, problems: &problems))
                } else {
                    walk(child, asBody: false, mode: mode, problems: &problems)
                }
            }
        }
    }

    private mutating func leaf(_ part: MIMEPart, asBody: Bool, mode: Mode, problems: inout ProblemList) {
        if asBody, part.isBodyText {
            if part.contentType.subtype == "plain" {
                if mode == .full { plainTexts.append(bodyText(part, problems: &problems)) }
                return
            }
            if html == nil {
                html = bodyText(part, problems: &problems)
                return
            }
        }
        attach(part, problems: &problems)
    }

    /// A text part decoded to a String: transfer encoding undone, line endings made LF,
    /// charset applied, format=flowed lines rejoined.
    func bodyText(_ part: MIMEPart, problems: inout ProblemList) -> String {
        let decoded = TransferEncoding.decode(part.body, encoding: part.transferEncoding)
        if let trouble = decoded.trouble { problems.add(trouble.code, "\(part.label): \(trouble.detail)") }
        let charset = part.contentType.charset
        let label = Charsets.normalizedLabel(charset)
        // Base64 and quoted-printable bodies carry their own CRLFs; UTF-16 must not be touched.
        let bytes = label.hasPrefix("utf-16") || label.hasPrefix("utf-32") || label.hasPrefix("ucs")
            ? decoded.bytes : LineEndings(normalizing: decoded.bytes).bytes
        let (string, trouble) = Charsets.decode(bytes[...], charset: charset)
        if let trouble { problems.add(trouble.code, "\(part.label): \(trouble.detail)") }
        if part.contentType.subtype == "plain", let format = part.contentType.parameters["format"], equalsIgnoringCase(format.utf8, "flowed") {
            let delsp = part.contentType.parameters["delsp"].map { equalsIgnoringCase($0.utf8, "yes") } ?? false
            return FlowedText.unflow(string, deleteSpace: delsp)
        }
        return string
    }

    private mutating func attach(_ part: MIMEPart, problems: inout ProblemList) {
        let decoded = TransferEncoding.decode(part.body, encoding: part.transferEncoding)
        if let trouble = decoded.trouble { problems.add(trouble.code, "\(part.label): \(trouble.detail)") }
        let type = part.contentType.mimeType
        var message: ParsedMail?
        if part.contentType.type == "message", part.contentType.subtype == "rfc822" || part.contentType.subtype == "global" {
            message = MailReader.embedded(decoded.bytes, depth: depth + 1)
            if message == nil {
                problems.add("bad-attached-message", "\(part.label): the attached message has no header lines; kept as a file")
            }
        }
        var name = part.filename.map(Self.safeFilename)
        if name == nil || name == "", let message {
            let subject = Self.safeFilename(message.subject ?? "")
            name = (subject.isEmpty ? "message" : subject) + ".eml"
        }
        let madeUp = name == nil || name == ""
        if madeUp {
            name = "attachment-\(attachments.count + 1).\(Self.fileExtension(for: type))"
        }
        let contentID = part.field("content-id").map { Self.bareID(String(decoding: $0.value, as: UTF8.self)) }
        attachments.append(MailAttachment(
            filename: name!, hasMadeUpName: madeUp, contentType: type,
            contentID: contentID?.isEmpty == false ? contentID : nil,
            isInline: part.disposition == "inline", data: Data(decoded.bytes), message: message))
    }

    /// An id without surrounding whitespace and angle brackets.
    static func bareID(_ raw: String) -> String {
        raw.trimmingCharacters(in: CharacterSet(charactersIn: " \t\n<>\""))
    }

    /// A filename without folders, control characters or surrounding whitespace, so it can be saved as is.
    static func safeFilename(_ raw: String) -> String {
        var name = raw
        if let slash = name.lastIndex(where: { $0 == "/" || $0 == "\\" }) { name = String(name[name.index(after: slash)...]) }
        name = String(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name == "." || name == ".." { return "" }
        if name.count > 200 { name = String(name.prefix(200)) }
        return name
    }

    /// A likely file extension for a made-up attachment name.
    static func fileExtension(for type: String) -> String {
        switch type {
        case "text/plain", "message/delivery-status", "message/disposition-notification", "text/rfc822-headers": return "txt"
        case "text/html": return "html"
        case "text/calendar", "application/ics": return "ics"
        case "text/csv": return "csv"
        case "text/vcard", "text/x-vcard": return "vcf"
        case "message/rfc822", "message/global": return "eml"
        case "image/jpeg", "image/jpg", "image/pjpeg": return "jpg"
        case "image/png": return "png"
        case "image/gif": return "gif"
        case "image/webp": return "webp"
        case "image/heic": return "heic"
        case "image/svg+xml": return "svg"
        case "application/pdf": return "pdf"
        case "application/zip", "application/x-zip-compressed": return "zip"
        case "application/json": return "json"
        case "application/pgp-signature": return "asc"
        case "application/pkcs7-signature", "application/x-pkcs7-signature": return "p7s"
        case "application/msword": return "doc"
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": return "docx"
        case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": return "xlsx"
        case "application/ms-tnef", "application/vnd.ms-tnef": return "dat"
        case "audio/mpeg": return "mp3"
        case "video/mp4": return "mp4"
        default: return "bin"
        }
    }
}
