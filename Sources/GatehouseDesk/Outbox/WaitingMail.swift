import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// A safe switch-on: when sending is set up, what was written before waits for the owner, who
/// sees each email with what the desk proposes (send, write again with a fresh promise, drop, or
/// ask) and why, and decides. Nothing leaves unseen, and nothing leaves that has become untrue.
public struct WaitingMail: Sendable {
    let database: Database
    let workspace: Workspace

    public init(database: Database, workspace: Workspace) {
        self.database = database
        self.workspace = workspace
    }

    /// One waiting email and what the desk proposes for it.
    public struct Proposal: Sendable {
        public var email: OutboxEmail
        public var text: String
        public var written: Instant
        public var decision: WaitingMailReview.Decision
    }

    /// What applying the proposals did.
    public struct Applied: Sendable, Equatable {
        public var sent = 0, rewritten = 0, dropped = 0, asked = 0

        public init(sent: Int = 0, rewritten: Int = 0, dropped: Int = 0, asked: Int = 0) {
            self.sent = sent
            self.rewritten = rewritten
            self.dropped = dropped
            self.asked = asked
        }
    }

    var outbox: Outbox { Outbox(database: database, workspaceID: workspace.id) }

    /// Saves how mail is sent. The first time (sending switched on), everything written before
    /// is put aside for the owner's review first, so that nothing leaves unseen; how many were.
    @discardableResult
    public func setSending(_ stored: StoredMailSettings, actor: String, now: Instant) async throws -> Int {
        let settings = MailSettingsStore(database: database)
        let switchingOn = try await settings.get(workspaceID: workspace.id) == nil
        let held = switchingOn ? try await outbox.holdForReview(now: now) : 0
        try await settings.put(stored, workspaceID: workspace.id, actor: actor, now: now)
        return held
    }

    /// Puts everything waiting to leave aside for the owner's review; how many.
    @discardableResult
    public func holdForReview(now: Instant) async throws -> Int { try await outbox.holdForReview(now: now) }

    /// The emails under review, each with the desk's proposal.
    public func proposals(now: Instant) async throws -> [Proposal] {
        let waiting = try await outbox.underReview()
        guard !waiting.isEmpty else { return [] }
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        let conversationIDs = Array(Set(waiting.compactMap(\.email.conversationID)))
        let conversations = Conversations(database: database, workspaceID: workspace.id)
        let answered = try await conversations.answered(conversationIDs)
        let customers = Customers(database: database, workspaceID: workspace.id)
        var proposals: [Proposal] = []
        for item in waiting {
            let purpose = item.email.payload?.purpose ?? .reply
            var facts = WaitingMailReview.Facts(purpose: purpose, written: item.written,
                                                dueToLeave: Instant(secondsSince1970: item.email.task.runAt), text: item.text)
            if purpose == .acknowledgement, let id = item.email.conversationID,
               let conversation = try await conversations.get(id)?.conversation {
                facts.promised = conversation.promisedAt
                let planID = try await customers.get(conversation.customerID)?.planID
                facts.plan = planID.flatMap(policy.plan(id:)) ?? policy.defaultPlan
                facts.answered = answered.contains(id)
            }
            proposals.append(Proposal(email: item.email, text: item.text, written: item.written,
                                      decision: WaitingMailReview.decide(facts, now: now, calendar: calendar)))
        }
        return proposals
    }

    /// Does what the desk proposes for every email under review: sends, writes again, drops, or
    /// keeps asking (those stay held, with the reason as their note).
    public func apply(now: Instant) async throws -> Applied {
        var applied = Applied()
        for proposal in try await proposals(now: now) {
            let id = proposal.email.task.id
            switch proposal.decision {
            case .send(let reason):
                if try await outbox.settleHeld(id, send: true, note: "sent after your review: \(reason)", now: now) {
                    applied.sent += 1
                }
            case .drop(let reason):
                if try await outbox.settleHeld(id, send: false, note: "dropped after your review: \(reason)", now: now) {
                    applied.dropped += 1
                }
            case .ask(let reason):
                try await outbox.noteHeld(id, note: "held for you: \(reason)", now: now)
                applied.asked += 1
            case .rewrite(let text, let promise, let reason):
                if try await rewrite(proposal.email, text: text, promise: promise, reason: reason, now: now) {
                    applied.rewritten += 1
                }
            }
        }
        return applied
    }

    /// The acknowledgement again, with `text`, as the same email (same Message-ID, never sent).
    private func rewrite(_ email: OutboxEmail, text: String, promise: Instant, reason: String, now: Instant) async throws -> Bool {
        guard let payload = email.payload,
              let stored = try await OutboxDelivery(database: database, owner: "review").messages(for: [email.task])[payload.messageID],
              let read = try? MailReader.read(stored.raw), let from = read.from.first
        else { return false }
        let mail = OutgoingMail(from: .init(name: from.name, address: from.address),
                                to: read.to.map { .init(name: $0.name, address: $0.address) },
                                subject: read.subject ?? "", text: text, messageID: read.messageID ?? payload.messageID,
                                inReplyTo: read.inReplyTo.first, references: read.references, isAutomatic: true,
                                date: now.secondsSince1970)
        let raw = mail.rendered()
        return try await outbox.rewriteHeld(email.task.id, messageID: payload.messageID, raw: raw,
                                            contentHash: DeskMail.contentHash(raw), text: text,
                                            conversationID: email.conversationID, promise: promise,
                                            note: "written again after your review: \(reason)", now: now)
    }
}
