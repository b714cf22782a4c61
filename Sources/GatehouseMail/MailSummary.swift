import Foundation
import GatehouseCore

/// What `gatehouse mail parse FILE --json` prints: the parts of a message the desk
/// uses, with snake_case keys. Absent values are `null`, never left out, so the
/// output always has the same shape.
public struct MailSummary: Sendable, Hashable, Codable {
    /// A name and an address; `name` is null when the sender gave none.
    public struct Address: Sendable, Hashable, Codable {
        public var name: String?
        public var address: String

        public init(name: String?, address: String) {
            self.name = name
            self.address = address
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(address, forKey: .address)
        }
    }

    /// An attachment's filename, media type and decoded size in bytes.
    public struct Attachment: Sendable, Hashable, Codable {
        public var name: String
        public var type: String
        public var size: Int

        public init(name: String, type: String, size: Int) {
            self.name = name
            self.type = type
            self.size = size
        }
    }

    public var messageID: String?
    /// ISO 8601 in UTC, e.g. `2024-03-05T13:02:11Z`.
    public var date: String?
    public var from: [Address]
    public var to: [Address]
    public var cc: [Address]
    public var replyTo: [Address]
    public var subject: String?
    public var inReplyTo: [String]
    public var references: [String]
    public var text: String
    public var newText: String
    public var automatic: Bool
    public var automaticReason: String?
    public var attachments: [Attachment]
    public var problems: [MailProblem]

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id", date, from, to, cc, replyTo = "reply_to", subject
        case inReplyTo = "in_reply_to", references, text, newText = "new_text", automatic
        case automaticReason = "automatic_reason", attachments, problems
    }

    /// The summary of a read message.
    public init(_ mail: ParsedMail) {
        func addresses(_ list: [MailAddress]) -> [Address] { list.map { Address(name: $0.name, address: $0.address) } }
        messageID = mail.messageID
        date = mail.date.map(Self.iso8601)
        from = addresses(mail.from)
        to = addresses(mail.to)
        cc = addresses(mail.cc)
        replyTo = addresses(mail.replyTo)
        subject = mail.subject
        inReplyTo = mail.inReplyTo
        references = mail.references
        text = mail.textBody
        newText = mail.newText
        automatic = mail.isAutomatic
        automaticReason = mail.automatic?.reason
        attachments = mail.attachments.map { Attachment(name: $0.filename, type: $0.contentType, size: $0.size) }
        problems = mail.problems
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(messageID, forKey: .messageID)
        try c.encode(date, forKey: .date)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(cc, forKey: .cc)
        try c.encode(replyTo, forKey: .replyTo)
        try c.encode(subject, forKey: .subject)
        try c.encode(inReplyTo, forKey: .inReplyTo)
        try c.encode(references, forKey: .references)
        try c.encode(text, forKey: .text)
        try c.encode(newText, forKey: .newText)
        try c.encode(automatic, forKey: .automatic)
        try c.encode(automaticReason, forKey: .automaticReason)
        try c.encode(attachments, forKey: .attachments)
        try c.encode(problems, forKey: .problems)
    }

    /// The summary as pretty-printed JSON with sorted keys and unescaped slashes.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and arrays cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    /// The summary as JSON text; see `jsonData()`.
    public func json() -> String {
        String(decoding: jsonData(), as: UTF8.self)
    }

    /// `date` as `yyyy-MM-ddTHH:mm:ssZ` in UTC.
    static func iso8601(_ date: Date) -> String {
        let instant = Instant(secondsSince1970: Int64(date.timeIntervalSince1970.rounded(.down)))
        let text = ISO8601.format(instant, utcOffsetSeconds: 0)
        return text.hasSuffix("+00:00") ? String(text.dropLast(6)) + "Z" : text
    }
}

extension ParsedMail {
    /// The summary `gatehouse mail parse --json` prints.
    public var summary: MailSummary { MailSummary(self) }
}
