import GatehouseCore
import SQLKit

extension Filing {
    /// What filing a batch changes in the database, gathered while the batch is judged and
    /// written at its end (or before a merge) in a few multi-row statements instead of several
    /// statements per message. The batch lookup mirrors every change as it is gathered, so no
    /// message of the batch needs to read it back.
    struct PendingState {
        struct NewCustomer {
            var id: Customer.ID
            var name: String
            var planID: String
            var contactPointID: String
            var kind: String
            var value: String
        }

        /// A conversation's judgement and activity, as the batch leaves it.
        struct ConversationChange {
            var id: Conversation.ID
            var customerID: Customer.ID
            var subject: String
            var channel: String
            var statusToken: String
            var subjectKey: String
            var createdAt: Int64
            var lastMessageAt: Int64
            var promisedAt: Int64?
            var urgent: Bool
            var important: Bool?
            var quadrant: String
            var scope: String
            var reasons: String
        }

        struct MessageChange {
            var reading: MessageReading
            var conversationID: Conversation.ID
            var assessment: String
        }

        var customers: [NewCustomer] = []
        /// Conversations new in this batch, in the order they were opened.
        var opened: [ConversationChange] = []
        var openedIndex: [Conversation.ID: Int] = [:]
        /// Existing conversations the batch added to.
        var changed: [ConversationChange] = []
        var changedIndex: [Conversation.ID: Int] = [:]
        var messages: [MessageChange] = []
        /// Promises the batch's messages made, in order.
        var promises: [Promises.Made] = []

        var isEmpty: Bool { customers.isEmpty && opened.isEmpty && changed.isEmpty && messages.isEmpty && promises.isEmpty }

        /// Records the latest judgement of conversation `change.id` (new to the database or not).
        mutating func conversation(_ change: ConversationChange, isNew: Bool) {
            if let index = openedIndex[change.id] {
                opened[index].absorb(change)
            } else if isNew {
                openedIndex[change.id] = opened.count
                opened.append(change)
            } else if let index = changedIndex[change.id] {
                changed[index].absorb(change)
            } else {
                changedIndex[change.id] = changed.count
                changed.append(change)
            }
        }

        /// Writes everything gathered, parents before children, and starts again empty.
        mutating func flush(workspaceID: Workspace.ID, at: Int64, sql: any SQLDatabase) async throws {
            guard !isEmpty else { return }
            for chunk in Self.chunks(customers, of: 200) {
                let insertCustomers = sql.insert(into: "customers")
                    .columns("id", "workspace_id", "name", "kind", "plan_id", "notes", "created_at", "updated_at")
                let insertPoints = sql.insert(into: "contact_points").columns("id", "workspace_id", "customer_id", "kind", "value")
                for customer in chunk {
                    insertCustomers.values(SQLBind(customer.id), SQLBind(workspaceID), SQLBind(customer.name),
                                           SQLBind("prospect"), SQLBind(customer.planID), SQLBind(""), SQLBind(at), SQLBind(at))
                    insertPoints.values(SQLBind(customer.contactPointID), SQLBind(workspaceID), SQLBind(customer.id),
                                        SQLBind(customer.kind), SQLBind(customer.value))
                }
                try await insertCustomers.run()
                try await insertPoints.run()
            }
            for chunk in Self.chunks(opened, of: 100) {
                let insert = sql.insert(into: "conversations")
                    .columns("id", "workspace_id", "customer_id", "subject", "channel", "status", "promised_at", "created_at",
                             "updated_at", "last_message_at", "subject_key", "status_token", "urgent", "quadrant", "scope",
                             "reasons", "important")
                for c in chunk {
                    insert.values(SQLBind(c.id), SQLBind(workspaceID), SQLBind(c.customerID), SQLBind(c.subject),
                                  SQLBind(c.channel), SQLBind("open"), SQLBind(c.promisedAt), SQLBind(c.createdAt), SQLBind(at),
                                  SQLBind(c.lastMessageAt), SQLBind(c.subjectKey), SQLBind(c.statusToken),
                                  SQLBind(c.urgent ? 1 : 0), SQLBind(c.quadrant), SQLBind(c.scope), SQLBind(c.reasons),
                                  SQLBind(c.important.map { $0 ? 1 : 0 }))
                }
                try await insert.run()
            }
            let greatest = sql.dialect.name == "sqlite" ? "MAX" : "GREATEST"
            for chunk in Self.chunks(changed, of: 100) {
                // One statement for many rows: the new values as a table joined on the id. Another
                // instance may have moved last_message_at meanwhile: it only ever moves forward.
                let rows = SQLList(chunk.map { c in
                    SQLGroupExpression([SQLBind(c.id), SQLBind(c.urgent ? 1 : 0), SQLBind(c.quadrant), SQLBind(c.scope),
                                        SQLBind(c.reasons), SQLBind(c.promisedAt), SQLBind(c.lastMessageAt),
                                        SQLBind(c.important.map { $0 ? 1 : 0 })] as [any SQLExpression])
                })
                try await sql.raw("""
                    WITH v(id, urgent, quadrant, scope, reasons, promised_at, last_message_at, important) AS (VALUES \(rows))
                    UPDATE conversations SET urgent = CAST(v.urgent AS INTEGER), quadrant = v.quadrant, scope = v.scope,
                        important = CAST(v.important AS INTEGER),
                        reasons = v.reasons, promised_at = CAST(v.promised_at AS BIGINT), status = 'open',
                        updated_at = \(bind: at),
                        last_message_at = \(unsafeRaw: greatest)(conversations.last_message_at, CAST(v.last_message_at AS BIGINT))
                    FROM v WHERE conversations.id = v.id AND conversations.workspace_id = \(bind: workspaceID)
                    """).run()
            }
            for chunk in Self.chunks(messages, of: 150) {
                let rows = SQLList(chunk.map { m in
                    let r = m.reading
                    return SQLGroupExpression([SQLBind(r.messageID), SQLBind(m.conversationID), SQLBind(r.contactValue),
                                               SQLBind(r.senderName), SQLBind(r.subject), SQLBind(r.textBody),
                                               SQLBind(r.newText), SQLBind(r.sentAt), SQLBind(r.problems),
                                               SQLBind(r.automaticReason), SQLBind(m.assessment)] as [any SQLExpression])
                })
                try await sql.raw("""
                    WITH v(id, conversation_id, sender, sender_name, subject, text_body, new_text, sent_at, problems,
                           automatic_reason, assessment) AS (VALUES \(rows))
                    UPDATE messages SET conversation_id = v.conversation_id, sender = v.sender, sender_name = v.sender_name,
                        subject = v.subject, text_body = v.text_body, new_text = v.new_text,
                        sent_at = CAST(v.sent_at AS BIGINT),
                        problems = COALESCE(messages.problems || \(unsafeRaw: "'\n'") || v.problems, messages.problems, v.problems),
                        automatic_reason = v.automatic_reason,
                        assessment = v.assessment
                    FROM v WHERE messages.id = v.id AND messages.workspace_id = \(bind: workspaceID)
                    """).run()
            }
            // After the conversations: the ledger then shows each one its open promise.
            try await Promises.record(promises, workspaceID: workspaceID, at: at, sql: sql)
            let references = messages.flatMap { m in Set(m.reading.references).sorted().map { (m.reading.messageID, $0) } }
            for chunk in Self.chunks(references, of: 300) {
                let insert = sql.insert(into: "message_references").columns("workspace_id", "message_id", "ref")
                for (messageID, ref) in chunk { insert.values(SQLBind(workspaceID), SQLBind(messageID), SQLBind(ref)) }
                try await insert.ignoringConflicts().run()
            }
            let attachments = messages.flatMap { m in
                m.reading.attachments.enumerated().map { (m.reading.messageID, $0.offset, $0.element) }
            }
            for chunk in Self.chunks(attachments, of: 200) {
                let insert = sql.insert(into: "attachments")
                    .columns("id", "workspace_id", "message_id", "position", "filename", "content_type", "size")
                for (messageID, position, attachment) in chunk {
                    insert.values(SQLBind(NewID.make()), SQLBind(workspaceID), SQLBind(messageID), SQLBind(position),
                                  SQLBind(attachment.filename), SQLBind(attachment.contentType), SQLBind(attachment.size))
                }
                try await insert.run()
            }
            self = PendingState()
        }

        static func chunks<T>(_ items: [T], of size: Int) -> [ArraySlice<T>] {
            stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
        }
    }
}

extension Filing.PendingState.ConversationChange {
    /// A later message's judgement replaces the earlier one; activity only moves forward.
    mutating func absorb(_ later: Self) {
        lastMessageAt = max(lastMessageAt, later.lastMessageAt)
        promisedAt = later.promisedAt
        urgent = later.urgent
        important = later.important
        quadrant = later.quadrant
        scope = later.scope
        reasons = later.reasons
    }
}
