import Crypto
import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// The owner's own replies, read from the mailbox's Sent folder: each one that answers a
/// conversation Gatehouse has marks it answered at the moment it was sent, and holds a Gatehouse
/// reply still waiting for it with the question. Never filed as a customer's message, never acknowledged.
struct SentMail: Sendable {
    let intake: Intake

    /// Takes in the sent messages; how many answered a conversation (for the first time).
    func take(_ messages: [IMAPFetchedMessage], mailbox: StoredMailbox, now: Instant) async throws -> Int {
        let replies = OwnerReplies(database: intake.database, workspaceID: intake.workspace.id)
        let own = Set([intake.policy.business.email, mailbox.username.contains("@") ? mailbox.username : nil]
            .compactMap { $0?.lowercased() })
        var answered = 0
        var held = 0
        for message in messages {
            guard let mail = try? MailReader.read(message.raw) else { continue }
            let named = mail.inReplyTo + mail.references
            let conversationOf = try await replies.conversations(ofMessageIDs: named)
            let sentAt = mail.date.map { Int64($0.timeIntervalSince1970.rounded(.down)) } ?? now.secondsSince1970
            // Some mail apps leave In-Reply-To out: then the customers it was sent to and its subject decide.
            let sameSubject = conversationOf.isEmpty
                ? try await replies.sameSubject(toEmails: (mail.to + mail.cc).map(\.address).filter { !own.contains($0.lowercased()) },
                                                subjectKey: SubjectKey.make(mail.subject ?? ""))
                : []
            let decision = OwnerReply.decide(sender: mail.from.first?.address, ownAddresses: own, inReplyTo: mail.inReplyTo,
                                             references: mail.references, sentAt: sentAt, conversationOf: conversationOf,
                                             promisedAt: try await replies.promises(Array(Set(conversationOf.values) + sameSubject.map(\.conversationID))),
                                             sameSubject: sameSubject)
            guard case .answers(let conversationID, let answeredAt, _, _) = decision else { continue }
            let key = mail.messageID ?? Hex.string(SHA256.hash(data: message.raw))
            let recorded = try await replies.record(conversationID: conversationID, key: key, answeredAt: answeredAt, now: now)
            if let recorded {
                answered += 1
                held += recorded
                await countTime(conversationID: conversationID, sentAt: answeredAt)
            }
        }
        if held > 0 { intake.settings.mailQueued?() }
        return answered
    }

    /// The reply counts in the customer's time: how long it took to write is not known, so it counts
    /// the least a reply counts (ComposingTime.shortest), up to when it was sent, for the owner —
    /// and nothing when time is already recorded then. Never in the way of the reply itself.
    func countTime(conversationID: Conversation.ID, sentAt: Int64) async {
        let database = intake.database, workspace = intake.workspace
        guard let found = try? await Conversations(database: database, workspaceID: workspace.id).get(conversationID) else { return }
        let owner = (try? await Accounts(database: database).members(workspaceID: workspace.id))?.first { $0.role == .owner }?.user.id
        _ = await ReplyTime(database: database, workspace: workspace)
            .record(customerID: found.conversation.customerID, conversationID: conversationID, userID: owner ?? "mail app",
                    shown: sentAt - ComposingTime.shortest.seconds, sent: Instant(secondsSince1970: sentAt))
    }
}
