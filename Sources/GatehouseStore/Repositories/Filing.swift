import Foundation
import GatehouseCore
import SQLKit

/// What the desk read from a received message, ready to be filed.
public struct MessageReading: Sendable {
    /// The stored message (`messages.id`).
    public var messageID: String
    /// `email`, `sms`, `web_form`, `phone`.
    public var channel: String
    /// How the sender is reached: `email` or `phone`, with the normalised value.
    public var contactKind: String
    public var contactValue: String
    public var senderName: String?
    /// The subject as written (decoded), and the key it is matched on (no "Re:", lower case).
    public var subject: String
    public var subjectKey: String
    /// When the sender wrote it (the Date header, else when it arrived), seconds since 1970.
    public var sentAt: Int64
    /// The sender's Message-ID, when it has one.
    public var headerMessageID: String?
    /// Message-IDs this message answers or mentions (In-Reply-To and References).
    public var references: [String]
    public var textBody: String
    public var newText: String
    /// What was wrong with the message, one problem per line; nil when nothing was.
    public var problems: String?
    /// Why the message counts as automatic mail (RFC 3834 and kin); nil for a person's message.
    public var automaticReason: String?
    public var attachments: [AttachmentInfo]
    /// Whether the sender is to be acknowledged (not for a call the owner noted down).
    public var acknowledge: Bool
    /// Old mail taken in when a mailbox was connected: filed with its own date, never answered,
    /// no alert, no promise.
    public var adopted = false
    /// When it was received (seconds since 1970), for a batch filed as of each message's arrival.
    public var receivedAt: Int64?

    public init(messageID: String, channel: String, contactKind: String, contactValue: String, senderName: String?, subject: String,
                subjectKey: String, sentAt: Int64, headerMessageID: String?, references: [String], textBody: String, newText: String,
                problems: String?, automaticReason: String?, attachments: [AttachmentInfo], acknowledge: Bool = true) {
        self.messageID = messageID
        self.channel = channel
        self.contactKind = contactKind
        self.contactValue = contactValue
        self.senderName = senderName
        self.subject = subject
        self.subjectKey = subjectKey
        self.sentAt = sentAt
        self.headerMessageID = headerMessageID
        self.references = references
        self.textBody = textBody
        self.newText = newText
        self.problems = problems
        self.automaticReason = automaticReason
        self.attachments = attachments
        self.acknowledge = acknowledge
    }
}

/// One attachment of a message: its content stays in the raw message.
public struct AttachmentInfo: Sendable, Equatable, Codable {
    public var filename: String
    public var contentType: String
    public var size: Int64

    public init(filename: String, contentType: String, size: Int64) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
    }
}

/// What the desk knows when it judges a message: who sent it and where it was filed.
public struct FilingFacts: Sendable {
    public var customerID: Customer.ID
    public var customerName: String
    public var customerIsNew: Bool
    public var planID: String
    /// When this customer was last sent an automatic acknowledgement.
    public var lastAcknowledgedAt: Int64?
    public var conversationID: Conversation.ID
    public var statusToken: String
    public var match: ThreadMatch
    /// Messages from the customer already in the conversation (follow-ups before this one).
    public var earlierInbound: Int
    /// The answer already promised in this conversation, if any.
    public var promisedAt: Int64?
    /// What the customer's agreed or under-way jobs cover, for the scope check; nil without one.
    public var job: JobScope? = nil
}

/// An email the desk writes itself, to be delivered by the outbox.
public struct OutboundDraft: Sendable {
    /// The message's bytes and their hash. Rendering starts when the draft is made and runs beside
    /// the filing transaction, which waits for it only when it writes the batch's mail at its end
    /// (an acknowledgement's MIME is much of what filing a batch costs).
    let rendering: Task<Rendered, Never>
    public var headerMessageID: String
    public var recipient: String
    public var subject: String
    public var textBody: String
    /// Why it is being sent.
    public var purpose: MailPurpose
    /// When the outbox may send it.
    public var sendAt: Int64
    /// The envelope sender: the From address.
    public var sender: String?

    /// A draft's bytes, as stored and sent.
    public struct Rendered: Sendable {
        public var raw: Data
        public var contentHash: String

        public init(raw: Data, contentHash: String) {
            self.raw = raw
            self.contentHash = contentHash
        }
    }

    /// A draft whose bytes `render` makes, at once on another thread.
    public init(render: @escaping @Sendable () -> Rendered, headerMessageID: String, recipient: String, subject: String,
                textBody: String, purpose: MailPurpose, sendAt: Int64, sender: String? = nil) {
        self.rendering = Task.detached(operation: render)
        self.sender = sender
        self.headerMessageID = headerMessageID
        self.recipient = recipient
        self.subject = subject
        self.textBody = textBody
        self.purpose = purpose
        self.sendAt = sendAt
    }

    /// The bytes, once rendered.
    public func rendered() async -> Rendered {
        await rendering.value
    }
}

/// The desk's judgement of one message, to be kept with it.
public struct FilingDecision: Sendable {
    /// The full assessment as JSON text (for the owner's view and corrections).
    public var assessment: String
    public var urgent: Bool
    /// Whether the triage found it important (plan, job, deadline); nil when it does not say.
    public var important: Bool?
    public var quadrant: Quadrant
    public var scope: ScopeFinding
    /// The reasons in plain words.
    public var reasons: [String]
    /// When the customer is promised an answer; nil when no promise is made.
    public var promisedAt: Int64?
    /// Emails to queue in the same transaction (the acknowledgement, an alert to the owner).
    public var outbound: [OutboundDraft]
    /// The acknowledgement's words, whatever the channel (a text message is answered in the webhook's reply).
    public var acknowledgementText: String?
    /// The customer's link to the status of their request.
    public var statusLink: String?
    /// The event to post to each of the workspace's webhooks (JSON), when the owner must hear at once.
    public var ownerNotice: String?
    /// The alert the owner is sent (its link, and a push to the phone when one is set up).
    public var alert: AlertDraft?
    /// The help articles the acknowledgement offers: counted as suggested in the same transaction.
    public var suggestedArticleIDs: [String] = []
    /// The rule `promisedAt` was made under, for the promise ledger.
    public var promiseRule: PromiseRule = .plan

    public init(assessment: String, urgent: Bool, quadrant: Quadrant, scope: ScopeFinding, reasons: [String], promisedAt: Int64?,
                outbound: [OutboundDraft], acknowledgementText: String? = nil, statusLink: String? = nil,
                ownerNotice: String? = nil, alert: AlertDraft? = nil, important: Bool? = nil) {
        self.important = important
        self.assessment = assessment
        self.urgent = urgent
        self.quadrant = quadrant
        self.scope = scope
        self.reasons = reasons
        self.promisedAt = promisedAt
        self.outbound = outbound
        self.acknowledgementText = acknowledgementText
        self.statusLink = statusLink
        self.ownerNotice = ownerNotice
        self.alert = alert
    }
}

/// Where a message was filed and what was decided.
public struct FilingResult: Sendable {
    public var messageID: String
    public var customerID: Customer.ID
    public var conversationID: Conversation.ID
    public var match: ThreadMatch
    public var decision: FilingDecision
}

/// Files received messages: ties each to its customer (a new sender becomes a
/// prospect) and its conversation, keeps the judgement, and queues the emails
/// the desk writes in answer — all of a message in one transaction, so a crash
/// leaves it either wholly filed or waiting in the inbox to be filed again.
public struct Filing: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    /// How far back the customer's conversations are read for threading (`Threading.subjectWindow`).
    static let subjectWindow: Int64 = Threading.subjectWindow.seconds

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// Files a batch of messages in one transaction; `decide` judges each once its customer and
    /// conversation are known. A message another worker filed first is skipped (nil).
    /// `asOfArrival`: each message is filed as of the moment it was received (its reading's
    /// `receivedAt`: messages of different moments replayed as one batch), not as of `now`.
    public func file(_ readings: [MessageReading], defaultPlanID: String, now: Instant, asOfArrival: Bool = false,
                     decide: @escaping @Sendable (MessageReading, FilingFacts) throws -> FilingDecision)
        async throws -> [FilingResult?] {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            // Claim the batch first: whoever sets processed_at files a message; everyone else skips it.
            let at = now.secondsSince1970
            let claimed = Set(try await sql.update("messages").set("processed_at", to: at)
                .where(WorkspaceCheck(workspaceID)).where("id", .in, readings.map(\.messageID))
                .where("processed_at", .is, SQLLiteral.null)
                .returning("id").all(decoding: IDRow.self).map(\.id))
            var batch = BatchWrites()
            var results: [FilingResult?] = []
            let mine = readings.filter { claimed.contains($0.messageID) }
            var lookup = try await BatchLookup.load(mine, workspaceID: workspaceID, sql: sql)
            var position = 0
            for reading in readings {
                guard claimed.contains(reading.messageID) else { results.append(nil); continue }
                if lookup.stale {
                    lookup = try await BatchLookup.load(Array(mine[position...]), workspaceID: workspaceID, sql: sql)
                }
                results.append(try await Self.file(reading, workspaceID: workspaceID, defaultPlanID: defaultPlanID,
                                                   now: asOfArrival ? reading.receivedAt.map(Instant.init(secondsSince1970:)) ?? now : now,
                                                   decide: decide, batch: &batch, lookup: &lookup, sql: sql))
                position += 1
            }
            try await batch.flush(workspaceID: workspaceID, at: at, sql: sql)
            return results
        }
    }

    /// What a batch writes once at its end, in multi-row statements: the emails it queues and
    /// who was acknowledged (remembered meanwhile, so the batch itself keeps the one-per-period rule).
    struct BatchWrites {
        var outbound: [(draft: OutboundDraft, conversationID: Conversation.ID, answering: String, at: Int64)] = []
        var acknowledged: [Customer.ID: Int64] = [:]
        /// Customers with a new message in the batch: replies still waiting for them are held.
        var customersWhoWrote: Set<Customer.ID> = []
        /// Webhook events, with the inbound message each is about.
        var notices: [(body: String, messageID: String)] = []
        /// Alerts to the owner, with the conversation and inbound message each is about.
        var alerts: [(draft: AlertDraft, conversationID: Conversation.ID, messageID: String)] = []
        /// Customers, conversations and messages as filed, written together.
        var state = PendingState()
        /// Help articles offered in the batch's acknowledgements, once for each offer.
        var suggestedArticles: [String] = []

        mutating func flush(workspaceID: Workspace.ID, at: Int64, sql: any SQLDatabase) async throws {
            try await state.flush(workspaceID: workspaceID, at: at, sql: sql)
            try await OutboxDelivery.holdReplies(customerIDs: Array(customersWhoWrote), workspaceID: workspaceID, at: at, sql: sql)
            if !notices.isEmpty {
                try await WebhookDeliveries.queue(notices, workspaceID: workspaceID, at: at, sql: sql)
            }
            try await AlertPushes.queue(alerts, workspaceID: workspaceID, at: at, sql: sql)
            try await HelpArticles.count(.suggested, articleIDs: suggestedArticles, workspaceID: workspaceID, in: sql)
            for chunk in PendingState.chunks(outbound, of: 200) {
                var messages: [StoredMessage] = []
                var tasks: [NewTask] = []
                for (draft, conversationID, answering, written) in chunk {
                    let id = NewID.make()
                    let rendered = await draft.rendered()
                    messages.append(StoredMessage(id: id, workspaceID: workspaceID, conversationID: conversationID,
                                                  direction: .outbound, channel: "email", headerMessageID: draft.headerMessageID,
                                                  contentHash: rendered.contentHash, raw: rendered.raw, sender: draft.recipient,
                                                  subject: draft.subject, textBody: draft.textBody,
                                                  receivedAt: Instant(secondsSince1970: written),
                                                  processedAt: Instant(secondsSince1970: written)))
                    let payload = OutboundPayload(messageID: id, purpose: draft.purpose, from: draft.sender)
                    tasks.append(NewTask(workspaceID: workspaceID, kind: Outbox.kind, payload: payload.json,
                                         key: .answer(purpose: draft.purpose.rawValue, to: answering), runAt: draft.sendAt,
                                         note: "\(draft.purpose.rawValue): goes out at once", conversationID: conversationID))
                }
                try await StoredMessage.insert(messages, in: sql)
                try await TaskQueue.insert(tasks, at: at, in: sql)
            }
            // Each customer as of their acknowledgement (one statement when the batch has one moment).
            for (when, customers) in Dictionary(grouping: acknowledged.keys, by: { acknowledged[$0] ?? at }) {
                try await sql.update("customers").set("last_acknowledged_at", to: when)
                    .where(WorkspaceCheck(workspaceID)).where("id", .in, Array(customers)).run()
            }
        }
    }

    struct IDRow: Decodable { var id: String }

    static func file(_ reading: MessageReading, workspaceID: Workspace.ID, defaultPlanID: String, now: Instant,
                     decide: @Sendable (MessageReading, FilingFacts) throws -> FilingDecision,
                     batch: inout BatchWrites, lookup: inout BatchLookup, sql: any SQLDatabase) async throws -> FilingResult? {
        let at = now.secondsSince1970
        let customer = customer(for: reading, defaultPlanID: defaultPlanID, lookup: &lookup, pending: &batch.state)
        let (existing, match) = try await conversation(for: reading, customer: customer, workspaceID: workspaceID, at: at,
                                                       lookup: &lookup, pending: &batch.state, sql: sql)
        // A new conversation is written once, after the judgement, with everything it needs.
        let conversation = existing ?? OpenConversation(id: Conversation.ID(NewID.make()), statusToken: StatusToken.make(), promisedAt: nil)

        // Follow-ups before this one: only an existing conversation can have any.
        let earlier = existing == nil ? 0 : lookup.inboundCount[conversation.id] ?? 0
        let lastAcknowledged = [customer.lastAcknowledgedAt, batch.acknowledged[customer.id]].compactMap { $0 }.max()
        var facts = FilingFacts(customerID: customer.id, customerName: customer.name, customerIsNew: customer.isNew,
                                planID: customer.planID, lastAcknowledgedAt: lastAcknowledged,
                                conversationID: conversation.id, statusToken: conversation.statusToken, match: match,
                                earlierInbound: earlier, promisedAt: conversation.promisedAt)
        if !customer.isNew, lookup.jobScopes[customer.id] == nil {
            lookup.jobScopes[customer.id] = .some(try await Jobs.activeScope(customerID: customer.id, workspaceID: workspaceID,
                                                                            in: sql))
        }
        facts.job = lookup.jobScopes[customer.id] ?? nil
        let decision = try decide(reading, facts)

        let step = PromiseLedger.customerWrote(open: conversation.promisedAt.map(Instant.init(secondsSince1970:)),
                                               new: decision.promisedAt.map(Instant.init(secondsSince1970:)), now: now)
        let promise = step.due?.secondsSince1970
        switch step {
        case .open(let due), .bringForward(_, let due), .renew(_, let due):
            var made = Promises.Made(conversationID: conversation.id, messageID: reading.messageID, madeAt: at,
                                     due: due.secondsSince1970, rule: decision.promiseRule, words: decision.acknowledgementText)
            if case .renew = step { made.lapsedBefore = true }
            batch.state.promises.append(made)
        case .none, .restate:
            break
        }
        batch.state.conversation(PendingState.ConversationChange(
            id: conversation.id, customerID: customer.id, subject: reading.subject, channel: reading.channel,
            statusToken: conversation.statusToken, subjectKey: reading.subjectKey, createdAt: reading.sentAt,
            lastMessageAt: reading.sentAt, promisedAt: promise, urgent: decision.urgent, important: decision.important,
            quadrant: decision.quadrant.rawValue,
            scope: decision.scope.rawValue, reasons: decision.reasons.joined(separator: "\n")), isNew: existing == nil)
        batch.state.messages.append(PendingState.MessageChange(reading: reading, conversationID: conversation.id,
                                                               assessment: decision.assessment))

        if var state = lookup.conversations[conversation.id], existing != nil {
            state.promisedAt = promise
            state.status = "open"
            state.lastMessageAt = max(state.lastMessageAt, reading.sentAt)
            lookup.filed(reading, in: state)
        } else {
            lookup.filed(reading, in: BatchLookup.ConversationState(
                id: conversation.id, customerID: customer.id, statusToken: conversation.statusToken, promisedAt: promise,
                createdAt: reading.sentAt, lastMessageAt: reading.sentAt, subjectKey: reading.subjectKey, status: "open",
                mergedInto: nil))
        }
        for draft in decision.outbound {
            batch.outbound.append((draft, conversation.id, reading.messageID, at))
        }
        if decision.acknowledgementText != nil { batch.acknowledged[customer.id] = at }
        batch.customersWhoWrote.insert(customer.id)
        if let notice = decision.ownerNotice { batch.notices.append((notice, reading.messageID)) }
        if let alert = decision.alert { batch.alerts.append((alert, conversation.id, reading.messageID)) }
        batch.suggestedArticles += decision.suggestedArticleIDs
        return FilingResult(messageID: reading.messageID, customerID: customer.id, conversationID: conversation.id,
                            match: match, decision: decision)
    }

    struct FiledCustomer {
        var id: Customer.ID
        var name: String
        var planID: String
        var lastAcknowledgedAt: Int64?
        var isNew: Bool
    }

    /// The customer this contact point belongs to; an unknown sender becomes a prospect.
    static func customer(for reading: MessageReading, defaultPlanID: String, lookup: inout BatchLookup,
                         pending: inout PendingState) -> FiledCustomer {
        let key = BatchLookup.key(reading.contactKind, reading.contactValue)
        if let known = lookup.customers[key] { return known }
        let id = Customer.ID(NewID.make())
        let name = reading.senderName.flatMap { $0.isEmpty ? nil : $0 } ?? reading.contactValue
        pending.customers.append(PendingState.NewCustomer(id: id, name: name, planID: defaultPlanID,
                                                          contactPointID: NewID.make(), kind: reading.contactKind,
                                                          value: reading.contactValue))
        // The batch's next message from this sender finds the customer, as the database would.
        lookup.customers[key] = FiledCustomer(id: id, name: name, planID: defaultPlanID, lastAcknowledgedAt: nil, isNew: false)
        return FiledCustomer(id: id, name: name, planID: defaultPlanID, lastAcknowledgedAt: nil, isNew: true)
    }

    struct OpenConversation {
        var id: Conversation.ID
        var statusToken: String
        var promisedAt: Int64?
    }

    /// The conversation a message belongs to, as `Threading.choose` decides over the
    /// conversations its thread names and the customer's recent ones; merges what it says to merge.
    static func conversation(for reading: MessageReading, customer: FiledCustomer, workspaceID: Workspace.ID, at: Int64,
                             lookup: inout BatchLookup, pending: inout PendingState,
                             sql: any SQLDatabase) async throws -> (OpenConversation?, ThreadMatch) {
        var threadIDs = Set<Conversation.ID>()
        for ref in reading.references { threadIDs.formUnion(lookup.conversationsOfHeader[ref] ?? []) }
        // Replies that arrived before this message and name it.
        if let own = reading.headerMessageID { threadIDs.formUnion(lookup.referrers[own] ?? []) }
        let thread = threadIDs.compactMap { lookup.conversations[$0] }
        // A customer new this moment has no other conversations to join.
        let recent = thread.isEmpty && !customer.isNew
            ? lookup.recent(customerID: customer.id, since: reading.sentAt - subjectWindow) : []
        let choice = Threading.choose(sentAt: Instant(secondsSince1970: reading.sentAt), subjectKey: reading.subjectKey,
                                      thread: thread.map(\.candidate), recent: recent.map(\.candidate),
                                      customerIsNew: customer.isNew)
        guard let id = choice.conversationID, let chosen = lookup.conversations[id] else { return (nil, choice.match) }
        if !choice.merging.isEmpty {
            // The database must hold the batch so far before messages move between conversations.
            try await pending.flush(workspaceID: workspaceID, at: at, sql: sql)
            try await merge(choice.merging, into: id, at: at, workspaceID: workspaceID, sql: sql)
            lookup.stale = true
        }
        return (OpenConversation(id: id, statusToken: chosen.statusToken, promisedAt: choice.promisedAt?.secondsSince1970),
                choice.match)
    }

    /// Moves every message of `others` into `target`; the emptied conversations point to it,
    /// so a status link the customer was given still leads somewhere.
    static func merge(_ others: [Conversation.ID], into target: Conversation.ID, at: Int64, workspaceID: Workspace.ID,
                      sql: any SQLDatabase) async throws {
        try await sql.update("messages").set("conversation_id", to: target)
            .where("workspace_id", .equal, workspaceID).where("conversation_id", .in, others).run()
        try await Promises.merge(others, into: target, at: at, workspaceID: workspaceID, sql: sql)
        try await sql.update("conversations").set("merged_into", to: target).set("status", to: "merged")
            .where(WorkspaceCheck(workspaceID)).where("id", .in, others).run()
        try await sql.update("conversations").set("merged_into", to: target)
            .where("workspace_id", .equal, workspaceID).where("merged_into", .in, others).run()
    }
}

/// The unguessable token in a customer's link to the status of their request.
public enum StatusToken {
    /// 32 characters from a cryptographically secure source.
    public static func make() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }
}
