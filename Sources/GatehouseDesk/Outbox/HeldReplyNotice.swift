import Crypto
import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// Asks the owner about a reply intake held: the customer wrote again before it left, so it
/// waits until the owner says it still fits (or changes or cancels it).
enum HeldReplyNotice {
    /// Queues one email to the owner for each reply held at `now`; returns how many.
    static func queue(database: Database, workspace: Workspace, policy: Policy, calendar: BusinessCalendar,
                      publicBaseURL: String, now: Instant) async throws -> Int {
        guard let ownerEmail = policy.business.email else { return 0 }
        let outbox = Outbox(database: database, workspaceID: workspace.id)
        let held = try await outbox.held(at: now)
        guard !held.isEmpty else { return 0 }
        let conversations = Conversations(database: database, workspaceID: workspace.id)
        let deskMail = DeskMail(policy: policy, workspace: workspace)
        var queued = 0
        for email in held {
            var reply: StoredMessage?
            if let payload = email.payload { reply = try await conversations.message(payload.messageID) }
            let who = email.recipient ?? "The customer"
            let wasDue = calendar.spoken(Instant(secondsSince1970: email.task.runAt))
            let topic = DeskMail.topic(ofReply: email.subject ?? "no subject")
            let text = policy.template(.heldReplyNotice).render([
                "customer.name": who, "reply.was_due": wasDue,
                "reply.text": (reply?.textBody ?? "").split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "> " + $0 }.joined(separator: "\n"),
                "request.subject": topic, "desk.link": "\(publicBaseURL)/conversations/\(email.conversationID ?? "")",
                "business.name": policy.business.name,
            ])
            let mail = OutgoingMail(from: deskMail.from, to: [.init(name: policy.business.name, address: ownerEmail)],
                                    subject: "Held: your reply to \(who) (\(topic))", text: text,
                                    messageID: deskMail.newMessageID(),
                                    isAutomatic: true, date: now.secondsSince1970)
            let raw = mail.rendered()
            let draft = ReplyDraft(conversationID: email.conversationID ?? "", raw: raw, contentHash: DeskMail.contentHash(raw),
                                   headerMessageID: mail.messageID, recipient: ownerEmail, sender: deskMail.from.address,
                                   subject: mail.subject, text: text, sendAt: now, note: "owner-alert: goes out at once")
            if try await outbox.queueNotice(draft, key: "held:\(email.task.id):\(email.task.updatedAt)", now: now) { queued += 1 }
        }
        return queued
    }
}
