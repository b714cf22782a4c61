import Foundation

/// An email Gatehouse writes: an acknowledgement, a reply, an alert to the owner.
///
/// It is sent as plain text with an HTML twin made from the same words (or given in
/// `html`), plus any attachments. `validate()` says what is wrong with it in words the
/// owner can act on; `rendered()` writes it as RFC 5322 / MIME.
public struct OutgoingMail: Sendable, Equatable {
    /// A person or role with an address: `Rivera Plumbing <office@rivera.example>`.
    public struct Party: Sendable, Equatable {
        /// The name shown beside the address; nil or empty for none.
        public var name: String?
        /// The email address, e.g. `office@rivera.example`.
        public var address: String

        /// A party with an optional display name.
        public init(name: String? = nil, address: String) {
            self.name = name
            self.address = address
        }
    }

    /// A file sent with the message: a quote, an invoice, a photo.
    public struct Attachment: Sendable, Equatable {
        /// The name the recipient sees and saves it under, e.g. `Quote 2026-14.pdf`; any script.
        public var filename: String
        /// The media type, e.g. `application/pdf` or `image/jpeg`.
        public var contentType: String
        /// The file's bytes.
        public var data: Data

        /// A file to attach.
        public init(filename: String, contentType: String, data: Data) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    /// Who the message is from.
    public var from: Party
    /// Who receives it; also the SMTP envelope recipients.
    public var to: [Party]
    /// Where answers should go, when not to `from`.
    public var replyTo: Party?
    /// The subject line, in any script.
    public var subject: String
    /// The plain-text body; line ends are normalised to CRLF when written.
    public var text: String
    /// The Message-ID without angle brackets.
    public var messageID: String
    /// The message this answers, and the thread before it (Message-IDs without brackets).
    public var inReplyTo: String?
    /// The Message-IDs of the conversation so far, oldest first, without brackets.
    public var references: [String]
    /// Written by Gatehouse on its own (an acknowledgement): marked `Auto-Submitted: auto-replied`
    /// so that other robots do not answer it (RFC 3834).
    public var isAutomatic: Bool
    /// When it is written, seconds since 1970.
    public var date: Int64
    /// The HTML body; nil to make it from `text` (escaped, paragraphs kept, links made clickable).
    public var html: String?
    /// Files sent with the message, in order.
    public var attachments: [Attachment]

    /// A message to send; `html` and `attachments` are optional.
    public init(from: Party, to: [Party], replyTo: Party? = nil, subject: String, text: String, messageID: String,
                inReplyTo: String? = nil, references: [String] = [], isAutomatic: Bool, date: Int64,
                html: String? = nil, attachments: [Attachment] = []) {
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
        self.html = html
        self.attachments = attachments
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
}

// What the SMTP client needs to know to hand the message over.
extension OutgoingMail {
    /// The addresses to give the SMTP server as recipients (`RCPT TO`): the To addresses,
    /// exactly as they are written in the message.
    public var envelopeRecipients: [String] {
        to.map { HeaderWriter.bracketable($0.address) }
    }

    /// True when an address (From, To or Reply-To) is not plain ASCII, so the server must
    /// offer SMTPUTF8 (RFC 6531) to take the message.
    public var needsSMTPUTF8: Bool {
        ([from] + to + (replyTo.map { [$0] } ?? [])).contains { !$0.address.utf8.allSatisfy { $0 < 128 } }
    }

    /// True when rendered message bytes contain 8-bit bytes, so the server must offer
    /// 8BITMIME. Gatehouse encodes every body, so only non-ASCII addresses cause it.
    public static func needs8BitMIME(_ data: Data) -> Bool {
        data.contains { $0 >= 128 }
    }
}
