import Crypto
import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// Turning a raw email into what the store keeps and files.
enum EmailReading {
    /// The arrival to store: always the raw bytes; for mail that cannot be read at all, the
    /// reason it goes to quarantine.
    static func arrival(raw: Data, parsed: Result<ParsedMail, MailReadError>) -> Arrival {
        let hash = Hex.string(SHA256.hash(data: raw))
        switch parsed {
        case .success(let mail):
            var arrival = Arrival(raw: raw, channel: Channel.email.rawValue, headerMessageID: mail.messageID,
                                  contentHash: hash, sender: mail.from.first?.address.lowercased(), subject: mail.subject)
            arrival.deliveryKey = deliveryKey(raw: raw, mail: mail)
            if mail.from.first == nil {
                arrival.quarantineReason = noSender
            }
            return arrival
        case .failure(let error):
            var arrival = Arrival(raw: raw, channel: Channel.email.rawValue, headerMessageID: nil, contentHash: hash,
                                  sender: nil, subject: nil)
            arrival.quarantineReason = error.message
            return arrival
        }
    }

    /// What makes an email the same message however it came: SHA-256 (hex) of its Message-ID,
    /// senders, date, subject and body (line ends aside). Servers on the way add header lines
    /// (Received, Return-Path, Delivered-To, authentication results) but change none of these.
    static func deliveryKey(raw: Data, mail: ParsedMail) -> String {
        var hasher = SHA256()
        let date = mail.date.map { String(Int64($0.timeIntervalSince1970.rounded(.down))) } ?? ""
        let fields = [mail.messageID ?? "", mail.from.map { $0.address.lowercased() }.joined(separator: ","), date,
                      mail.subject ?? ""]
        hasher.update(data: Data((fields.joined(separator: "\n") + "\n\n").utf8))
        let bytes = [UInt8](raw)
        var index = 0, bodyStart = bytes.count
        // The body begins after the first empty line.
        while index < bytes.count {
            if bytes[index] == 10 {
                var next = index + 1
                if next < bytes.count, bytes[next] == 13 { next += 1 }
                if next < bytes.count, bytes[next] == 10 { bodyStart = next + 1; break }
            }
            index += 1
        }
        if bodyStart < bytes.count { hasher.update(data: Data(bytes[bodyStart...].filter { $0 != 13 })) }
        return Hex.string(hasher.finalize())
    }

    static let noSender = "no sender address: the message has no usable From header, so there is no one to answer"

    /// What filing needs from a readable email.
    static func reading(messageID: String, mail: ParsedMail, receivedAt: Int64) -> MessageReading? {
        guard let from = mail.from.first else { return nil }
        var references: [String] = []
        for id in mail.inReplyTo + mail.references where !references.contains(id) { references.append(id) }
        let subject = (mail.subject ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let sent = mail.date.map { Int64($0.timeIntervalSince1970.rounded(.down)) } ?? receivedAt
        let problems = mail.problems.isEmpty ? nil : mail.problems.map(\.message).joined(separator: "\n")
        var reading = MessageReading(
            messageID: messageID, channel: Channel.email.rawValue, contactKind: "email",
            contactValue: from.address.lowercased(), senderName: from.name, subject: subject.isEmpty ? "(no subject)" : subject,
            subjectKey: SubjectKey.make(subject), sentAt: sent,
            headerMessageID: mail.messageID, references: references, textBody: mail.textBody,
            newText: mail.newText, problems: problems, automaticReason: mail.automatic?.reason,
            attachments: mail.attachments.map { AttachmentInfo(filename: $0.filename, contentType: $0.contentType,
                                                               size: Int64($0.size)) })
        reading.receivedAt = receivedAt
        return reading
    }
}

/// The part of a subject that stays the same through a thread: no "Re:", "Fwd:",
/// "AW:", list tags or case, so "RE: [Support] Boiler noise" matches "Boiler noise".
public enum SubjectKey {
    static let prefixes: Set<String> = ["re", "fw", "fwd", "aw", "sv", "vs", "antw", "wg", "tr", "rif", "ref", "r", "odp", "vl"]

    /// The matching key of a subject; empty when nothing is left.
    public static func make(_ subject: String) -> String {
        var text = Substring(subject.lowercased())
        var changed = true
        while changed {
            changed = false
            text = text.drop { $0.isWhitespace }
            // A list tag such as "[support]".
            if text.first == "[", let close = text.firstIndex(of: "]") {
                text = text[text.index(after: close)...]
                changed = true
                continue
            }
            // "re:", "fwd:", "re[2]:", "aw:".
            if let colon = text.prefix(12).firstIndex(where: { $0 == ":" || $0 == "：" }) {
                var word = text[..<colon]
                if let bracket = word.firstIndex(where: { $0 == "[" || $0 == "(" }) { word = word[..<bracket] }
                if prefixes.contains(word.trimmingCharacters(in: .whitespaces)) {
                    text = text[text.index(after: colon)...]
                    changed = true
                }
            }
        }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
