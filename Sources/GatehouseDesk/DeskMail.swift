import Crypto
import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// The desk's own mail for one workspace: who it is from, the domain its Message-IDs are made
/// under, how a reply's subject is written, and how a written email becomes a draft for the
/// outbox. Acknowledgements, replies, alerts to the owner and test emails all use it.
public struct DeskMail: Sendable {
    /// Who the desk's mail is from: the business by name, at its address.
    public let from: OutgoingMail.Party
    /// The domain Gatehouse's own Message-IDs are made under: the business's email domain, else
    /// one of the workspace's that cannot be mistaken for a real one.
    public let domain: String
    /// The business's own address, when the policy gives one.
    let businessEmail: String?

    public init(policy: Policy, workspace: Workspace) {
        businessEmail = policy.business.email
        if let email = policy.business.email, let at = email.lastIndex(of: "@") {
            domain = String(email[email.index(after: at)...])
        } else {
            domain = "\(workspace.slug).gatehouse.invalid"
        }
        from = OutgoingMail.Party(name: policy.business.name, address: policy.business.email ?? "desk@\(domain)")
    }

    /// A new Message-ID for a mail the desk writes.
    public func newMessageID() -> String { OutgoingMail.makeMessageID(domain: domain) }

    /// Whether `address` (normalised) is the business's own.
    public func isOwnAddress(_ address: String) -> Bool {
        guard let own = businessEmail?.lowercased() else { return false }
        return address == own
    }

    /// The subject of an answer to a message with `subject`: "Re: " once, never twice.
    public static func replySubject(_ subject: String) -> String {
        subject.lowercased().hasPrefix("re:") ? subject : "Re: " + subject
    }

    /// What an answer's subject is about: the subject without its "Re: ".
    public static func topic(ofReply subject: String) -> String {
        subject.lowercased().hasPrefix("re: ") ? String(subject.dropFirst(4)) : subject
    }

    /// The SHA-256 of a rendered email, as its content hash.
    public static func contentHash(_ raw: Data) -> String { Hex.string(SHA256.hash(data: raw)) }

    /// `mail` as a draft for the outbox, for `purpose`, to leave at `sendAt`.
    public static func draft(_ mail: OutgoingMail, purpose: MailPurpose, sendAt: Instant) -> OutboundDraft {
        OutboundDraft(render: { let raw = mail.rendered(); return .init(raw: raw, contentHash: contentHash(raw)) },
                      headerMessageID: mail.messageID, recipient: mail.to.first?.address ?? "", subject: mail.subject,
                      textBody: mail.text, purpose: purpose, sendAt: sendAt.secondsSince1970, sender: mail.from.address)
    }
}
