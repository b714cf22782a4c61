import Foundation

/// An email Gatehouse writes: an acknowledgement, a reply, an alert to the owner.
public struct OutgoingMail: Sendable, Equatable {
    /// A person or role with an address: `Rivera Plumbing <office@rivera.example>`.
    public struct Party: Sendable, Equatable {
        public var name: String?
        public var address: String

        public init(name: String? = nil, address: String) {
            self.name = name
            self.address = address
        }
    }

    public var from: Party
    public var to: [Party]
    public var replyTo: Party?
    public var subject: String
    /// The plain-text body; line ends are normalised to CRLF when written.
    public var text: String
    /// The Message-ID without angle brackets.
    public var messageID: String
    /// The message this answers, and the thread before it (Message-IDs without brackets).
    public var inReplyTo: String?
    public var references: [String]
    /// Written by Gatehouse on its own (an acknowledgement): marked `Auto-Submitted: auto-replied`
    /// so that other robots do not answer it (RFC 3834).
    public var isAutomatic: Bool
    /// When it is written, seconds since 1970.
    public var date: Int64

    public init(from: Party, to: [Party], replyTo: Party? = nil, subject: String, text: String, messageID: String,
                inReplyTo: String? = nil, references: [String] = [], isAutomatic: Bool, date: Int64) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.isAutomatic = isAutomatic
        self.date = date
    }

    /// A new Message-ID under `domain`, unguessable, marked as Gatehouse's own so that a
    /// copy coming back is recognised.
    public static func makeMessageID(domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(generator.next(), radix: 36) }.joined()
        return "gatehouse.\(token)@\(domain)"
    }

    /// Whether a Message-ID is one Gatehouse made (see `makeMessageID`).
    public static func isGatehouseMessageID(_ id: String) -> Bool {
        id.hasPrefix("gatehouse.")
    }

    /// The message in RFC 5322 form: CRLF line ends, headers folded and encoded per RFC 2047
    /// where they are not plain ASCII, the body in UTF-8 quoted-printable when it needs to be.
    public func rendered() -> Data {
        var head = HeaderWriter()
        head.add("Date", MailDateFormat.string(seconds: date))
        head.add("From", from.rendered)
        head.addList("To", to.map(\.rendered))
        if let replyTo { head.add("Reply-To", replyTo.rendered) }
        head.add("Subject", EncodedWordWriter.encode(subject))
        head.add("Message-ID", "<\(messageID)>")
        if let inReplyTo { head.add("In-Reply-To", "<\(inReplyTo)>") }
        if !references.isEmpty { head.addList("References", references.map { "<\($0)>" }, separator: " ") }
        if isAutomatic { head.add("Auto-Submitted", "auto-replied") }
        head.add("MIME-Version", "1.0")
        let body = BodyEncoding.forText(text)
        head.add("Content-Type", "text/plain; charset=utf-8")
        head.add("Content-Transfer-Encoding", body.encodingName)
        var out = head.text
        out += "\r\n"
        out += body.encoded
        return Data(out.utf8)
    }
}

extension OutgoingMail.Party {
    /// `"Name" <address>` with the name encoded when it is not plain ASCII.
    var rendered: String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        if name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 }) {
            let needsQuotes = name.contains { "()<>[]:;@\\,.\"".contains($0) }
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return (needsQuotes ? "\"\(escaped)\"" : name) + " <\(address)>"
        }
        return EncodedWordWriter.encode(name) + " <\(address)>"
    }
}
