import Crypto
import Foundation
import GatehouseCore
import GatehouseStore

/// A message that is not an email: a text message, the contact form, or a phone call the
/// owner notes down. Its raw form, kept like an email's, is the JSON of these fields.
public struct PlainMessage: Sendable, Equatable, Codable {
    public var channel: String
    public var senderName: String?
    /// The sender's email address, when they gave one (the contact form, a phone note).
    public var email: String?
    /// The sender's phone number, when that is how they reach the business.
    public var phone: String?
    public var subject: String?
    public var text: String
    /// The sending system's id for it (Twilio's MessageSid), so a retried webhook is not taken twice.
    public var externalID: String?
    /// When it was written (a phone note may be recorded after the call), seconds since 1970.
    public var sentAt: Int64?
    /// Whether the sender is sent an acknowledgement; not for a call the owner already took.
    public var acknowledge: Bool

    public init(channel: Channel, senderName: String? = nil, email: String? = nil, phone: String? = nil,
                subject: String? = nil, text: String, externalID: String? = nil, sentAt: Int64? = nil,
                acknowledge: Bool = true) {
        self.channel = channel.rawValue
        self.senderName = senderName
        self.email = email
        self.phone = phone
        self.subject = subject
        self.text = text
        self.externalID = externalID
        self.sentAt = sentAt
        self.acknowledge = acknowledge
    }

    enum CodingKeys: String, CodingKey {
        case channel, email, phone, subject, text, acknowledge
        case senderName = "sender_name"
        case externalID = "external_id"
        case sentAt = "sent_at"
    }

    /// The bytes kept as the raw message.
    var raw: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// The message kept as `raw`, or nil when those bytes are not one.
    static func decode(_ raw: Data) -> PlainMessage? {
        try? JSONDecoder().decode(PlainMessage.self, from: raw)
    }

    /// The sender's contact point: their phone for text messages, else their email, else their phone.
    var contact: (kind: String, value: String)? {
        let email = email.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        let phone = phone.map(Self.normalisedPhone).flatMap { $0.isEmpty ? nil : $0 }
        if channel == Channel.sms.rawValue, let phone { return ("phone", phone) }
        if let email { return ("email", email) }
        if let phone { return ("phone", phone) }
        return nil
    }

    /// The phone number given beside an email address (on the contact form), normalised.
    var otherPhone: String? {
        guard let phone = phone.map(Self.normalisedPhone), phone.filter(\.isNumber).count >= 5 else { return nil }
        return phone
    }

    /// "+1 (312) 555-0142" → "+13125550142": the same number written two ways is one contact point.
    static func normalisedPhone(_ text: String) -> String {
        let kept = text.filter { $0.isNumber || $0 == "+" }
        return kept.hasPrefix("+") ? "+" + kept.dropFirst().filter(\.isNumber) : kept
    }

    var arrival: Arrival {
        let raw = raw
        var arrival = Arrival(raw: raw, channel: channel, headerMessageID: externalID.map { "\(channel):\($0)" },
                              contentHash: Hex.string(SHA256.hash(data: raw)), sender: contact?.value, subject: subject)
        if contact == nil { arrival.quarantineReason = "no way to reach the sender: neither an email address nor a phone number" }
        return arrival
    }

    func reading(messageID: String, receivedAt: Int64) -> MessageReading? {
        guard let contact else { return nil }
        let subject = subject.flatMap { $0.isEmpty ? nil : $0 } ?? Self.subject(from: text, channel: channel)
        return MessageReading(
            messageID: messageID, channel: channel, contactKind: contact.kind, contactValue: contact.value,
            senderName: senderName, subject: subject, subjectKey: SubjectKey.make(subject),
            sentAt: sentAt ?? receivedAt, headerMessageID: nil, references: [], textBody: text, newText: text,
            problems: nil, automaticReason: nil, attachments: [], acknowledge: acknowledge)
    }

    /// A subject for a message that has none: its first words.
    static func subject(from text: String, channel: String) -> String {
        let words = text.split(whereSeparator: \.isWhitespace).prefix(8).joined(separator: " ")
        let label = Channel(rawValue: channel)?.displayName ?? channel
        return words.isEmpty ? "(\(label))" : words.count > 60 ? String(words.prefix(60)) + "…" : words
    }
}
