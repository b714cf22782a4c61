import Foundation
import GatehouseCore
import SQLKit




/// A reply the owner wrote, ready to be queued: the message as it will be sent, and when.
public struct ReplyDraft: Sendable {
    public var conversationID: Conversation.ID
    public var raw: Data
    public var contentHash: String
    public var headerMessageID: String
    public var recipient: String
    public var sender: String
    public var subject: String
    public var text: String
    public var sendAt: Instant
    /// Why then, for the owner: "next response window, 15:30".
    public var note: String

    public init(conversationID: Conversation.ID, raw: Data, contentHash: String, headerMessageID: String, recipient: String, sender: String,
                subject: String, text: String, sendAt: Instant, note: String) {
        self.conversationID = conversationID
        self.raw = raw
        self.contentHash = contentHash
        self.headerMessageID = headerMessageID
        self.recipient = recipient
        self.sender = sender
        self.subject = subject
        self.text = text
        self.sendAt = sendAt
        self.note = note
    }
}

/// The outbound emails of one workspace: listing them, queueing the owner's replies, and the
/// owner's decisions about them (send now, release, cancel, retry, settle an uncertain one).
public struct Outbox: Sendable {
    public static let kind = "deliver-email"
    let database: Database
    public let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// The workspace's emails in one state (or all), soonest first for waiting ones, newest first otherwise.
    public func list(state: OutboxState? = nil, limit: Int = 100) async throws -> [OutboxEmail] {
        let workspaceID = self.workspaceID
        let tasks = try await database.read { sql in
            let query = sql.select().columns("*").from("tasks")
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, Self.kind)
            if let state {
                query.where("state", .equal, state.taskState.rawValue)
                if state == .scheduled { query.where { $0.where("attempts", .equal, 0).orWhere("last_error", .is, SQLLiteral.null) } }
                if state == .retrying { query.where("attempts", .greaterThan, 0).where("last_error", .isNot, SQLLiteral.null) }
            }
            let waiting = state == nil || [.scheduled, .retrying, .held, .sending].contains(state!)
            return try await query.orderBy("run_at", waiting ? .ascending : .descending).orderBy("id").limit(max(1, limit))
                .all(decoding: QueuedTask.self)
        }
        return try await describe(tasks)
    }

    /// How many replies wait to leave, by the time they leave (the soonest first).
    public func waitingReplies() async throws -> [(runAt: Int64, count: Int)] {
        let workspaceID = self.workspaceID
        struct Row: Decodable {
            var run_at: Int64
            var count: Int
        }
        return try await database.read { sql in
            try await sql.select().column("run_at").column(SQLFunction("count", args: SQLLiteral.all), as: "count")
                .from("tasks").where("workspace_id", .equal, workspaceID).where("kind", .equal, Self.kind)
                .where("state", .equal, QueuedTask.State.queued.rawValue)
                .where(EscapedLike(SQLColumn("idempotency_key"), "reply:%"))
                .groupBy("run_at").orderBy("run_at").limit(100)
                .all(decoding: Row.self)
        }.map { ($0.run_at, $0.count) }
    }

    /// The emails of one conversation of this workspace, oldest first.
    public func list(conversationID: Conversation.ID) async throws -> [OutboxEmail] {
        let workspaceID = self.workspaceID
        let tasks = try await database.read { sql in
            try await sql.select().columns("*").from("tasks")
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, Self.kind)
                .where("conversation_id", .equal, conversationID)
                .orderBy("created_at").orderBy("id").limit(500)
                .all(decoding: QueuedTask.self)
        }
        return try await describe(tasks)
    }

    /// One email of this workspace by its task id.
    public func get(_ taskID: String) async throws -> OutboxEmail? {
        let workspaceID = self.workspaceID
        let task = try await database.read { sql in
            try await sql.select().columns("*").from("tasks").where("workspace_id", .equal, workspaceID)
                .where("kind", .equal, Self.kind).where("id", .equal, taskID).first(decoding: QueuedTask.self)
        }
        guard let task else { return nil }
        return try await describe([task]).first
    }

    func describe(_ tasks: [QueuedTask]) async throws -> [OutboxEmail] {
        var tasks = tasks
        if tasks.contains(where: { $0.state == .queued }),
           try await MailSettingsStore(database: database).get(workspaceID: workspaceID) == nil {
            for index in tasks.indices where tasks[index].state == .queued {
                tasks[index].note = (tasks[index].note.map { $0 + "; " } ?? "")
                    + "waiting: no way to send mail is set up yet (set it in Settings → Email)"
            }
        }
        let payloads = tasks.map(OutboundPayload.init(task:))
        let messages = try await Conversations(database: database, workspaceID: workspaceID)
            .summaries(payloads.compactMap { $0?.messageID })
        return zip(tasks, payloads).map { task, payload in
            let message = payload.flatMap { messages[$0.messageID] }
            return OutboxEmail(task: task, state: OutboxState(task: task), payload: payload, recipient: message?.party,
                               subject: message?.subject, conversationID: message?.conversationID ?? task.conversationID)
        }
    }

    /// Queues a reply: the outbound message in its conversation and the task that sends it.
    public func schedule(_ draft: ReplyDraft, now: Instant) async throws -> OutboxEmail {
        let workspaceID = self.workspaceID
        let messageID = NewID.make()
        let taskID = NewID.make()
        try await database.write { sql in
            try await StoredMessage.insert([Self.message(draft, id: messageID, workspaceID: workspaceID, now: now)], in: sql)
            let payload = OutboundPayload(messageID: messageID, purpose: .reply, from: draft.sender)
            try await TaskQueue.insert([NewTask(id: taskID, workspaceID: workspaceID, kind: Self.kind, payload: payload.json,
                                                key: .reply(messageID), runAt: draft.sendAt.secondsSince1970, note: draft.note,
                                                conversationID: draft.conversationID)],
                                       at: now.secondsSince1970, in: sql)
            try await sql.update("conversations").set("last_message_at", to: now.secondsSince1970)
                .set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, draft.conversationID).run()
        }
        guard let email = try await get(taskID) else { throw StoreError(.notFound, "the reply just queued is gone") }
        return email
    }

    /// A reply to this customer that has not started to leave and goes out at `sendAt`: the one
    /// a new reply for the same window joins. With its message.
    public func pendingReply(customerID: Customer.ID, sendAt: Instant) async throws -> (email: OutboxEmail, message: StoredMessage)? {
        let workspaceID = self.workspaceID
        let task = try await database.read { sql in
            try await sql.select().columns("*").from("tasks")
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, Self.kind)
                .where("state", .equal, "queued").where("attempts", .equal, 0)
                .where("run_at", .equal, sendAt.secondsSince1970)
                .where("idempotency_key", .like, "reply:%")
                .where("conversation_id", .in, SQLGroupExpression(sql.select().column("id").from("conversations")
                    .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, customerID).query))
                // (With `id` as well the planner takes the index on state and departure, not the
                // one already in created-at order, which would read every email task.)
                .orderBy("created_at").orderBy("id").limit(1)
                .first(decoding: QueuedTask.self)
        }
        guard let task, let email = try await describe([task]).first, let payload = email.payload,
              let message = try await Conversations(database: database, workspaceID: workspaceID).message(payload.messageID)
        else { return nil }
        return (email, message)
    }

    /// Replaces the message of a reply that has not started to leave (consolidating a new reply
    /// into it). False when it has meanwhile started to leave or was changed by the owner.
    public func replaceDraft(taskID: String, messageID: String, raw: Data, contentHash: String, text: String, note: String,
                             now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            let still = try await sql.update("tasks").set("note", to: note).set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, taskID)
                .where("state", .equal, "queued").where("attempts", .equal, 0)
                .returning("id").all()
            guard !still.isEmpty else { return false }
            try await sql.update("messages").set("text_body", to: text).set("raw_size", to: Int64(raw.count))
                .set("content_hash", to: contentHash)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, messageID).run()
            try await sql.update("message_sources").set("raw", to: raw).where("message_id", .equal, messageID).run()
            return true
        }
    }

    /// Replies put aside at `at` (intake holds them when the customer writes again), for telling
    /// the owner.
    public func held(at: Instant) async throws -> [OutboxEmail] {
        let workspaceID = self.workspaceID
        let tasks = try await database.read { sql in
            try await sql.select().columns("*").from("tasks")
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, Self.kind)
                .where("state", .equal, "held").where("updated_at", .equal, at.secondsSince1970)
                .orderBy("id").all(decoding: QueuedTask.self)
        }
        return try await describe(tasks)
    }

    /// Queues an email to the owner about something in a conversation, once per `key`: it
    /// goes at once. False when one with that key was queued before.
    @discardableResult
    public func queueNotice(_ draft: ReplyDraft, key: String, now: Instant) async throws -> Bool {
        try await queue(draft, purpose: .ownerAlert, key: key, now: now)
    }

    /// Queues an email the desk writes on its own for `purpose` (a booking's confirmation or
    /// reminder, a notice to the owner), once per `key`, to leave at the draft's `sendAt`. False
    /// when one with that key was queued before.
    public func queue(_ draft: ReplyDraft, purpose: MailPurpose, key: String, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            let messageID = NewID.make()
            let payload = OutboundPayload(messageID: messageID, purpose: purpose, from: draft.sender)
            let queued = try await TaskQueue.insert(
                [NewTask(workspaceID: workspaceID, kind: Self.kind, payload: payload.json, key: .named(key),
                         runAt: draft.sendAt.secondsSince1970, note: draft.note,
                         conversationID: draft.conversationID.rawValue.isEmpty ? nil : draft.conversationID)],
                at: now.secondsSince1970, in: sql)
            guard !queued.isEmpty else { return false }
            try await StoredMessage.insert([Self.message(draft, id: messageID, workspaceID: workspaceID, now: now)], in: sql)
            return true
        }
    }

    /// Calls off the emails queued under keys starting with `keyPrefix` that have not started to
    /// leave (a booking's reminders when it is moved or cancelled), saying `why`. Returns how many.
    @discardableResult
    public func callOff(keyPrefix: String, why: String, now: Instant) async throws -> Int {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            try await sql.update("tasks").set("state", to: "cancelled").set("note", to: why)
                .set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, Self.kind)
                .where(EscapedLike(SQLColumn("idempotency_key"), keyPrefix + "%"))
                .where("state", .in, ["queued", "held"]).where("attempts", .equal, 0)
                .returning("id").all().count
        }
    }

    public typealias Decision = OutboxDecision

    /// For a desk with no mail server that stands for one — the sample business's past
    /// (`serve --demo`) and a simulated month (`gatehouse simulate`) only: the replies whose time
    /// to leave came before `now` are recorded as sent then, and settle their promises as a real
    /// delivery would; with `otherMail`, the acknowledgements and alerts due too (a simulation's
    /// desk sends everything, and its queue stays as short as a real one). Returns how many.
    public func recordRepliesSent(before now: Instant, otherMail: Bool = false) async throws -> Int {
        let workspaceID = self.workspaceID
        struct Due: Decodable {
            var id: String
            var run_at: Int64
            var conversation_id: Conversation.ID?
            var idempotency_key: String?
        }
        return try await database.write { sql in
            let select = sql.select().columns("id", "run_at", "conversation_id", "idempotency_key").from("tasks")
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, Self.kind).where("state", .equal, "queued")
                .where("run_at", .lessThan, now.secondsSince1970)
            if !otherMail { select.where("idempotency_key", .like, "reply:%") }
            let due = try await select.orderBy("run_at").all(decoding: Due.self)
            for task in due {
                try await sql.update("tasks").set("state", to: "done").set("phase", to: "sent")
                    .set("outcome", to: "recorded as sent (no mail server: the sample business or a simulation)").set("updated_at", to: task.run_at)
                    .where("workspace_id", .equal, workspaceID).where("id", .equal, task.id).run()
                if let conversationID = task.conversation_id, task.idempotency_key?.hasPrefix("reply:") == true {
                    try await Promises.answered(conversationID: conversationID, at: task.run_at, by: "the reply sent by Gatehouse",
                                                workspaceID: workspaceID, sql: sql)
                }
            }
            return due.count
        }
    }

    public func decide(_ taskID: String, _ decision: Decision, now: Instant) async throws -> OutboxEmail? {
        let workspaceID = self.workspaceID
        let t = now.secondsSince1970
        let changed = try await database.write { sql in
            let update = sql.update("tasks").set("updated_at", to: t)
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, Self.kind).where("id", .equal, taskID)
            switch decision {
            case .sendNow:
                // The owner's go-ahead: tried afresh, earlier failures behind it (see LateMail).
                update.set("state", to: "queued").set("run_at", to: t).set("note", to: "sent at once, as the owner asked")
                    .set("attempts", to: 0)
                    .where("state", .in, ["queued", "held"])
            case .release(let at, let note):
                update.set("state", to: "queued").set("run_at", to: at.secondsSince1970).set("note", to: note)
                    .set("attempts", to: 0).where("state", .equal, "held")
            case .cancel:
                update.set("state", to: "cancelled").set("note", to: "cancelled by the owner")
                    .where("state", .in, ["queued", "held", "failed", "uncertain"])
            case .retry:
                update.set("state", to: "queued").set("run_at", to: t).set("attempts", to: 0)
                    .set("last_error", to: SQLLiteral.null).set("note", to: "tried again, as the owner asked")
                    .where("state", .equal, "failed")
            case .settle(let arrived):
                if arrived {
                    update.set("state", to: "done").set("outcome", to: "confirmed as delivered by the owner")
                } else {
                    update.set("state", to: "queued").set("run_at", to: t).set("phase", to: SQLLiteral.null)
                        .set("attempts", to: 0).set("last_error", to: SQLLiteral.null)
                        .set("note", to: "sent again: the owner found it had not arrived")
                }
                update.where("state", .equal, "uncertain")
            }
            struct Before: Decodable {
                var updated_at: Int64
                var conversation_id: Conversation.ID?
                var idempotency_key: String
            }
            // A reply the owner confirms arrived answered the customer when it was sent.
            var answer: Before?
            if case .settle(true) = decision {
                answer = try await sql.select().columns("updated_at", "conversation_id", "idempotency_key").from("tasks")
                    .where("workspace_id", .equal, workspaceID).where("id", .equal, taskID).where("state", .equal, "uncertain")
                    .first(decoding: Before.self)
            }
            let changed = try await update.returning("id").all()
            if !changed.isEmpty, let answer, let conversationID = answer.conversation_id, answer.idempotency_key.hasPrefix("reply:") {
                try await Promises.answered(conversationID: conversationID, at: answer.updated_at,
                                            by: "the reply you confirmed arrived", workspaceID: workspaceID, sql: sql)
            }
            return changed
        }
        guard !changed.isEmpty else { return nil }
        return try await get(taskID)
    }

    static func message(_ draft: ReplyDraft, id: String, workspaceID: Workspace.ID, now: Instant) -> StoredMessage {
        StoredMessage(id: id, workspaceID: workspaceID, conversationID: draft.conversationID.rawValue.isEmpty ? nil : draft.conversationID,
                      direction: .outbound,
                      channel: "email", headerMessageID: draft.headerMessageID, contentHash: draft.contentHash,
                      raw: draft.raw, sender: draft.recipient, subject: draft.subject, textBody: draft.text,
                      receivedAt: now, processedAt: now)
    }
}
