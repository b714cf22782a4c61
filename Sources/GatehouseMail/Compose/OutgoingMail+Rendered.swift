import Foundation

extension OutgoingMail {
    /// The message in RFC 5322 / MIME form: CRLF line ends, 7-bit unless an address is not
    /// ASCII, headers folded and encoded per RFC 2047 where they are not plain ASCII; the
    /// body is multipart/alternative (the text and its HTML twin), inside multipart/mixed
    /// when there are attachments. Values that `validate()` would reject never break the
    /// format: line breaks and control characters in them are replaced or dropped.
    public func rendered() -> Data {
        var generator = SystemRandomNumberGenerator()
        return rendered(using: &generator)
    }

    /// `rendered()` with the randomness of the multipart boundaries given, for tests.
    func rendered<Generator: RandomNumberGenerator>(using generator: inout Generator) -> Data {
        var head = HeaderWriter()
        head.add("Date", MailDateFormat.string(seconds: date))
        head.add("From", from.rendered)
        head.addList("To", to.map(\.rendered))
        if let replyTo { head.add("Reply-To", replyTo.rendered) }
        head.add("Subject", EncodedWordWriter.encode(HeaderWriter.singleLine(subject)))
        head.add("Message-ID", "<\(HeaderWriter.bracketable(messageID))>")
        if let inReplyTo { head.add("In-Reply-To", "<\(HeaderWriter.bracketable(inReplyTo))>") }
        if !references.isEmpty {
            head.addList("References", references.map { "<\(HeaderWriter.bracketable($0))>" }, separator: " ")
        }
        if isAutomatic { head.add("Auto-Submitted", "auto-replied") }
        head.add("MIME-Version", "1.0")
        return Data((head.text + body(using: &generator).written).utf8)
    }

    /// The body entity: the text and its HTML twin as alternatives, then the attachments.
    func body<Generator: RandomNumberGenerator>(using generator: inout Generator) -> MIMEEntity {
        let page = html ?? HTMLBody.document(text: text, title: HeaderWriter.singleLine(subject))
        let alternative = MIMEEntity.multipart("alternative", [.flowedText(text), .text(page, subtype: "html")],
                                               using: &generator)
        guard !attachments.isEmpty else { return alternative }
        return .multipart("mixed", [alternative] + attachments.map(\.entity), using: &generator)
    }
}

extension OutgoingMail.Party {
    /// `"Name" <address>` with the name encoded when it is not plain ASCII.
    var rendered: String {
        let address = "<\(HeaderWriter.bracketable(address))>"
        let name = HeaderWriter.singleLine(name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return address }
        if EncodedWordWriter.needsEncoding(name) { return EncodedWordWriter.encode(name) + " " + address }
        let needsQuotes = name.contains { "()<>[]:;@\\,.\"".contains($0) }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return (needsQuotes ? "\"\(escaped)\"" : name) + " " + address
    }
}
