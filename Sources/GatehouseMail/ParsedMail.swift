import Foundation

/// What Gatehouse reads from one mail message: who sent it to whom, when, about
/// what, its text (with quoted history and signature marked), its attachments,
/// whether a machine sent it, and every flaw found on the way.
public struct ParsedMail: Sendable {
    /// The Message-ID without angle brackets; nil when the message has none.
    public var messageID: String?
    /// When the sender says the message was written; nil when Date is missing or unreadable.
    public var date: Date?
    /// The authors (From).
    public var from: [MailAddress]
    /// The mailbox that actually sent the message on the authors' behalf (Sender), if given.
    public var sender: [MailAddress]
    /// The primary recipients (To).
    public var to: [MailAddress]
    /// The copied recipients (Cc).
    public var cc: [MailAddress]
    /// Blind-copied recipients, when the Bcc header survived delivery.
    public var bcc: [MailAddress]
    /// Where replies should go (Reply-To), if the sender asked.
    public var replyTo: [MailAddress]
    /// The subject, decoded; nil when the message has no Subject header.
    public var subject: String?
    /// The message ids this message answers (In-Reply-To).
    public var inReplyTo: [String]
    /// The message ids of the conversation so far (References), oldest first.
    public var references: [String]
    /// Every header field, in order, repeated fields kept.
    public var headers: [MailHeader]
    /// The best plain-text body: the text/plain part, or readable text made from HTML.
    public var textBody: String
    /// `textBody` split into new text, quoted history and signature, in order.
    public var textSegments: [TextSegment]
    /// The text the sender wrote in this message: `textBody` without quoted history
    /// or signature, trimmed.
    public var newText: String
    /// The HTML body, when the message has one.
    public var htmlBody: String?
    /// Every part that is not the body, in order: files, inline images, attached messages.
    public var attachments: [MailAttachment]
    /// Why the message was sent by a machine (RFC 3834 and common practice); nil for a person's mail.
    public var automatic: AutomaticMail?
    /// Everything odd found while reading, in plain words.
    public var problems: [MailProblem]

    /// True when a machine sent the message (auto-reply, bounce, list mail).
    public var isAutomatic: Bool { automatic != nil }

    /// The header fields called `name` (any case), in order.
    public func headers(named name: String) -> [MailHeader] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The decoded value of the first header field called `name` (any case), or nil.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// One header field as it appeared: its name as written, its unfolded raw value
/// and that value with RFC 2047 encoded words decoded.
public struct MailHeader: Sendable, Hashable {
    /// The field name as written, e.g. `Subject`.
    public var name: String
    /// The value as sent, unfolded, with raw 8-bit bytes read as text.
    public var rawValue: String
    /// The value with encoded words decoded, for showing to a person.
    public var value: String

    /// A header field.
    public init(name: String, rawValue: String, value: String) {
        self.name = name
        self.rawValue = rawValue
        self.value = value
    }
}

/// A part of the message that is not its body: an attached file, an inline image,
/// a signature, a delivery report or an attached message.
public struct MailAttachment: Sendable {
    /// The filename the sender gave, decoded and stripped of any folder path; or a
    /// made-up `attachment-N.ext` (`hasMadeUpName` is then true); attached messages
    /// are named by their subject.
    public var filename: String
    /// True when the sender gave no filename and `filename` was made up.
    public var hasMadeUpName: Bool
    /// The lower-case media type, e.g. `application/pdf`.
    public var contentType: String
    /// The size in bytes of the decoded content.
    public var size: Int { data.count }
    /// The Content-ID without angle brackets, by which HTML refers to inline images.
    public var contentID: String?
    /// True when the sender marked it to be shown inline rather than saved.
    public var isInline: Bool
    /// The decoded content.
    public var data: Data
    /// For an attached message (message/rfc822): that message, read.
    public var message: ParsedMail?
}
