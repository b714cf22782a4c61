import Foundation

/// Reads raw mail messages (RFC 5322 with MIME) as real mail clients and mailing
/// systems send them.
///
/// `read(_:)` throws `MailReadError` only when the input has no message structure
/// at all — it is empty, or it does not start with header lines (binary junk, a
/// stray file). Such input belongs in quarantine with the error's message as the
/// reason. Anything that looks like a message is read as well as possible and
/// never throws; its flaws are listed in `ParsedMail.problems`.
public enum MailReader {
    /// Reads one message from its raw bytes (any line endings; a leading mbox
    /// "From " line is skipped).
    public static func read(_ bytes: [UInt8]) throws(MailReadError) -> ParsedMail {
        var problems = ProblemList()
        let input = LineEndings(normalizing: bytes)
        if input.sawCRLF && input.sawBareLF {
            problems.add("bare-lf", "the message mixes CRLF and bare LF line endings")
        }
        if input.sawBareCR {
            problems.add("bare-cr", "the message has lines ending in a bare CR")
        }
        let all = input.bytes[...]
        var start = headerStart(all)
        guard start < all.endIndex else { throw .empty }
        var block = HeaderReader.read(all[start...])
        // Archives put lines above a message's own headers — `Forwarded:` stamps, then the mbox
        // "From " line — as mail clients know: the message starts after them.
        var setAside = 0
        while block.endedAtNonHeaderLine, setAside < 64, block.bodyStart < all.endIndex,
              !block.fields.contains(where: { mailHeaderNames.contains($0.lowerName) }),
              isMboxFromLine(all[block.bodyStart...]) {
            setAside += block.fields.count + 1
            start = min(lineEnd(in: all, from: block.bodyStart) + 1, all.endIndex)
            block = HeaderReader.read(all[start...])
        }
        if setAside > 0 {
            problems.add("lines-before-headers", "\(setAside) \(setAside == 1 ? "line" : "lines") above the message's headers "
                         + "(an archive's stamps and its mbox From line) were set aside")
        }
        guard !block.firstLineIsNotHeader, !block.fields.isEmpty else {
            throw MailReadError(code: "no-headers", message: "the input does not start with header lines: the first line is '\(preview(all[start...]))'")
        }
        guard block.fields.contains(where: { mailHeaderNames.contains($0.lowerName) }) else {
            throw MailReadError(code: "no-headers", message: "none of the header fields a mail message has (From, To, Subject, Date, Message-ID, Received, …) were found")
        }
        return assemble(block, body: all[block.bodyStart...], depth: 0, problems: &problems)
    }

    /// Reads one message from its raw bytes; see `read(_: [UInt8])`.
    public static func read(_ data: Data) throws(MailReadError) -> ParsedMail {
        try read([UInt8](data))
    }

    /// An attached message (already LF-normalised as part of its parent), or nil when it has no headers.
    static func embedded(_ bytes: [UInt8], depth: Int) -> ParsedMail? {
        guard depth <= 8 else { return nil }
        var problems = ProblemList()
        let all = LineEndings(normalizing: bytes).bytes[...]
        let start = headerStart(all)
        guard start < all.endIndex else { return nil }
        let block = HeaderReader.read(all[start...])
        guard !block.firstLineIsNotHeader, !block.fields.isEmpty else { return nil }
        return assemble(block, body: all[block.bodyStart...], depth: depth, problems: &problems)
    }

    /// Header names that only a mail message has; input without any of them is not mail.
    private static let mailHeaderNames: Set<String> = [
        "from", "to", "cc", "subject", "date", "message-id", "received", "return-path", "mime-version",
        "content-type", "sender", "reply-to", "delivered-to", "in-reply-to", "references", "x-mailer",
        "user-agent", "dkim-signature", "arc-seal", "authentication-results", "x-original-to", "envelope-to",
    ]

    /// Where the headers begin: after leading blank lines, spaces before the first header (a
    /// header line never starts with one: it would be a fold of nothing), and an mbox "From " line.
    private static func headerStart(_ bytes: ArraySlice<UInt8>) -> Int {
        var start = bytes.startIndex
        while start < bytes.endIndex, bytes[start].isSpaceOrNewline { start += 1 }
        if isMboxFromLine(bytes[start...]) {
            start = min(lineEnd(in: bytes, from: start) + 1, bytes.endIndex)
        }
        return start
    }

    /// Whether `bytes` begin with an mbox separator line ("From sender date"), not a From: field.
    private static func isMboxFromLine(_ bytes: ArraySlice<UInt8>) -> Bool {
        hasPrefixIgnoringCase(bytes, "From ") && !hasPrefixIgnoringCase(bytes, "From: ")
    }

    private static func preview(_ bytes: ArraySlice<UInt8>) -> String {
        let line = bytes[bytes.startIndex..<lineEnd(in: bytes, from: bytes.startIndex)].prefix(40)
        return String(line.map { ($0 >= 0x20 && $0 < 0x7F) ? Character(Unicode.Scalar($0)) : "?" })
    }

    /// Builds a ParsedMail from its header block and body.
    private static func assemble(_ block: HeaderReader.Block, body: ArraySlice<UInt8>, depth: Int, problems: inout ProblemList) -> ParsedMail {
        let fields = block.fields
        if block.endedAtNonHeaderLine {
            problems.add("missing-blank-line", "the header ends at a line that is not a header field, without an empty line; the rest is read as the body")
        }
        // The body charset is the best guess for raw 8-bit bytes in headers, so find it first.
        var scratch = ProblemList()
        let plainText = HeaderText(fallbackCharset: nil)
        let topType = fields.first { $0.lowerName == "content-type" }
            .flatMap { ContentType.parse($0.value, text: plainText, where: "message", problems: &scratch) }
        let text = HeaderText(fallbackCharset: topType?.charset)

        var headers: [MailHeader] = []
        headers.reserveCapacity(fields.count)
        for field in fields {
            let place = "header \(field.name)"
            let raw = text.raw(field.value, where: place, problems: &problems)
            let decoded = contains(field.value, UInt8(ascii: "="), UInt8(ascii: "?"))
                ? text.decode(field.value, where: place, problems: &problems) : raw
            headers.append(MailHeader(name: field.name, rawValue: raw, value: decoded))
        }
        func first(_ name: String) -> HeaderField? { fields.first { $0.lowerName == name } }
        func addresses(_ name: String, all: Bool = true) -> [MailAddress] {
            var result: [MailAddress] = []
            for field in fields where field.lowerName == name {
                result += AddressList.parse(field.value, text: text, where: "header \(field.name)", problems: &problems)
                if !all { break }
            }
            return result
        }

        let from = addresses("from", all: false)
        if first("from") == nil {
            problems.add("no-from", "the message has no From header")
        } else if from.isEmpty {
            problems.add("no-from", "the From header holds no address")
        }
        var date: Date?
        if let field = first("date") {
            date = MailDate.parse(Comments.removed(from: field.value))
            if date == nil {
                problems.add("bad-date", "the Date header '\(text.raw(field.value.prefix(80), where: "header Date", problems: &problems))' cannot be read as a date")
            }
        } else {
            problems.add("missing-date", "the message has no Date header")
        }
        var messageID: String?
        if let field = first("message-id") {
            messageID = MessageIDs.parse(field.value).first
            if messageID == nil { problems.add("bad-message-id", "the Message-ID header holds no id") }
        } else {
            problems.add("missing-message-id", "the message has no Message-ID header")
        }
        let subject = first("subject").map {
            trimmedASCIIWhitespace(text.decode($0.value, where: "header Subject", problems: &problems))
        }

        let root = MultipartReader.part(fields: fields, body: body, label: "message", defaultType: .defaultText,
                                        text: text, depth: 0, problems: &problems)
        var parts = BodyParts(text: text, depth: depth)
        parts.collect(root, problems: &problems)
        var textBody = parts.plainTexts.joined(separator: "\n")
        if parts.plainTexts.isEmpty, let html = parts.html {
            textBody = HTMLText.plainText(fromHTML: html)
        }
        let (segments, newText) = QuotedText.split(textBody)
        let sender = addresses("sender", all: false)
        let automatic = AutomaticMail.detect(fields: fields, from: from, sender: sender, contentType: root.contentType,
                                             subject: subject)

        return ParsedMail(
            messageID: messageID,
            date: date,
            from: from,
            sender: sender,
            to: addresses("to"),
            cc: addresses("cc"),
            bcc: addresses("bcc"),
            replyTo: addresses("reply-to", all: false),
            subject: subject,
            inReplyTo: first("in-reply-to").map { MessageIDs.parse($0.value) } ?? [],
            references: first("references").map { MessageIDs.parse($0.value) } ?? [],
            headers: headers,
            textBody: textBody,
            textSegments: segments,
            newText: newText,
            htmlBody: parts.html,
            attachments: parts.attachments,
            automatic: automatic,
            problems: problems.items)
    }
}
