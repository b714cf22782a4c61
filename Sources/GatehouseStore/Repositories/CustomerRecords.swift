import Foundation
import GatehouseCore
import SQLKit

/// Everything the desk keeps about one customer, read at one moment: what a customer may ask to
/// see, and what is erased when they ask for that.
public struct CustomerEverything: Sendable {
    public var customer: Customer
    /// Their conversations, oldest first (merged ones too).
    public var conversations: [Conversation]
    /// Every message in those conversations, and messages from their addresses not yet filed
    /// (quarantined ones), oldest first, with the stored source.
    public var messages: [Message]
    public var timeEntries: [TimeEntry]
    public var jobs: [Job]
    public var changeOrders: [ChangeOrder]
    public var appointments: [Appointment]

    /// One message as stored.
    public struct Message: Sendable {
        public var id: String
        public var conversationID: Conversation.ID?
        public var direction: StoredMessage.Direction
        public var channel: String
        public var sender: String?
        public var receivedAt: Int64
        public var raw: Data
    }
}

/// How much an erasure removed.
public struct CustomerErasure: Sendable, Equatable {
    public var conversations = 0, messages = 0, timeEntries = 0, jobs = 0, appointments = 0

    public init() {}

    /// In words, for the audit log and the owner (no personal data).
    public var described: String {
        [Self.count(conversations, "conversation", "conversations"), Self.count(messages, "message", "messages"),
         Self.count(timeEntries, "time entry", "time entries"), Self.count(jobs, "job", "jobs"),
         Self.count(appointments, "appointment", "appointments")].joined(separator: ", ")
    }

    /// "1 message", "3 messages".
    public static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
}

/// One customer's records in a workspace, whole: read for an export, removed for an erasure.
public struct CustomerRecords: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// Everything about the customer, in one read; nil when they are not this workspace's.
    public func everything(_ id: Customer.ID) async throws -> CustomerEverything? {
        guard let customer = try await Customers(database: database, workspaceID: workspaceID).get(id) else { return nil }
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            let scope = try await Self.scope(customer.id, workspaceID: workspaceID, sql: sql)
            let conversations = try await sql.select().columns(Conversation.columns).from("conversations")
                .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, customer.id)
                .orderBy("created_at").orderBy("id").all().map(Conversation.init(row:))
            struct MessageRow: Decodable {
                var id: String
                var conversation_id: String?
                var direction: StoredMessage.Direction
                var channel: String
                var sender: String?
                var received_at: Int64
                var raw: Data?
            }
            var messages: [CustomerEverything.Message] = []
            for chunk in Self.chunks(scope.messageIDs) {
                let rows: [MessageRow] = try await sql.select()
                    .columns(SQLColumn("id", table: "messages"), SQLColumn("conversation_id"), SQLColumn("direction"),
                             SQLColumn("channel"), SQLColumn("sender"), SQLColumn("received_at"), SQLColumn("raw"))
                    .from("messages")
                    .join("message_sources", method: SQLJoinMethod.left, on: SQLColumn("message_id", table: "message_sources"),
                          .equal, SQLColumn("id", table: "messages"))
                    .where(WorkspaceCheck(workspaceID)).where(SQLColumn("id", table: "messages"), .in, SQLBind.group(chunk))
                    .all(decoding: MessageRow.self)
                messages += rows.map { row in
                    CustomerEverything.Message(id: row.id, conversationID: row.conversation_id.map { Conversation.ID($0) },
                                               direction: row.direction, channel: row.channel, sender: row.sender,
                                               receivedAt: row.received_at, raw: row.raw ?? Data())
                }
            }
            // Oldest first; within one second, what they wrote before what answered it.
            messages.sort { ($0.receivedAt, $0.direction == .inbound ? 0 : 1, $0.id) < ($1.receivedAt, $1.direction == .inbound ? 0 : 1, $1.id) }
            let entries = try await sql.select().columns("*").from("time_entries")
                .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, customer.id)
                .orderBy("started_at").orderBy("id").all(decoding: TimeEntries.Row.self).map(\.entry)
            let jobRows = try await sql.select().columns("*").from("jobs")
                .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, customer.id)
                .orderBy("created_at").orderBy("id").all(decoding: Jobs.Row.self)
            let items = try await Jobs.items(of: jobRows.map(\.id), workspaceID: workspaceID, in: sql)
            let orders = try await sql.select().columns("*").from("change_orders")
                .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, customer.id)
                .orderBy("created_at").orderBy("id").all(decoding: ChangeOrders.Row.self).map(\.order)
            let appointments = try await sql.select().columns("*").from("appointments")
                .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, customer.id)
                .orderBy("starts_at").orderBy("id").all(decoding: Appointments.Row.self).map(\.appointment)
            return CustomerEverything(customer: customer, conversations: conversations, messages: messages,
                                      timeEntries: entries, jobs: jobRows.map { $0.job(items: items[$0.id] ?? []) },
                                      changeOrders: orders, appointments: appointments)
        }
    }

    /// Notes in the audit log that everything about the customer was exported.
    public func recordExport(_ id: Customer.ID, actor: String, now: Instant) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "customer.export",
                                      subjectType: "customer", subjectID: id.rawValue,
                                      details: "everything kept about them exported", now: now)
        }
    }

    /// Erases the customer and everything kept about them in one transaction: their conversations
    /// with every message (sources, references and attachments with them), the promises, alerts and
    /// waiting mail of those conversations, messages from their addresses not yet filed, their time,
    /// jobs and change orders, appointments, and their contact form's rate-limit entries. The audit
    /// log records that it was done and how much, never who they were; its earlier entries about
    /// them and their conversations keep the action, actor and time, their details blanked.
    /// Nil when not this workspace's.
    public func erase(_ id: Customer.ID, actor: String, now: Instant) async throws -> CustomerErasure? {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard try await sql.select().column("id").from("customers")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first() != nil
            else { return nil }
            let scope = try await Self.scope(id, workspaceID: workspaceID, sql: sql)
            var erased = CustomerErasure()
            erased.conversations = scope.conversationIDs.count
            erased.messages = scope.messageIDs.count
            func count(_ table: String) async throws -> Int {
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                    .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, id)
                    .first()?.decode(column: "n", as: Int.self) ?? 0
            }
            erased.timeEntries = try await count("time_entries")
            erased.jobs = try await count("jobs")
            erased.appointments = try await count("appointments")
            // What hangs off the conversations and is not removed with them.
            for chunk in Self.chunks(scope.conversationIDs) {
                for table in ["promises", "alerts", "help_suggestions", "tasks"] {
                    try await sql.delete(from: table).where("workspace_id", .equal, workspaceID)
                        .where("conversation_id", .in, chunk).run()
                }
            }
            // Webhook calls about their messages carry their name and words: named by message in the key.
            struct TaskRow: Decodable { var id: String; var idempotency_key: String }
            let messageIDs = Set(scope.messageIDs)
            let calls = try await sql.select().columns("id", "idempotency_key").from("tasks")
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, WebhookDeliveries.kind)
                .all(decoding: TaskRow.self)
                .filter { row in row.idempotency_key.split(separator: ":").last.map { messageIDs.contains(String($0)) } ?? false }
            for chunk in Self.chunks(calls.map(\.id)) {
                try await sql.delete(from: "tasks").where(WorkspaceCheck(workspaceID)).where("id", .in, chunk).run()
            }
            for chunk in Self.chunks(scope.messageIDs) {
                try await sql.delete(from: "messages").where(WorkspaceCheck(workspaceID)).where("id", .in, chunk).run()
            }
            for chunk in Self.chunks(scope.addresses) {
                try await sql.delete(from: "form_submissions").where("workspace_id", .equal, workspaceID)
                    .where("address", .in, chunk).run()
            }
            try await sql.delete(from: "appointments").where("workspace_id", .equal, workspaceID).where("customer_id", .equal, id).run()
            try await sql.delete(from: "conversations").where("workspace_id", .equal, workspaceID).where("customer_id", .equal, id).run()
            // The customer last: their contact points, time, jobs, change orders and charges go with them.
            try await sql.delete(from: "customers").where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
            // Earlier entries about them keep who did what and when, but no longer their words or name.
            try await sql.update("audit_log").set("details", to: "(erased on request)")
                .where("workspace_id", .equal, workspaceID).where("subject_type", .equal, "customer")
                .where("subject_id", .equal, id.rawValue).run()
            for chunk in Self.chunks(scope.conversationIDs) {
                try await sql.update("audit_log").set("details", to: "(erased on request)")
                    .where("workspace_id", .equal, workspaceID).where("subject_type", .equal, "conversation")
                    .where("subject_id", .in, chunk).run()
            }
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "customer.erase",
                                      subjectType: "customer", subjectID: id.rawValue,
                                      details: "erased on request: \(erased.described)", now: now)
            return erased
        }
    }

    /// The customer's conversations, their messages (and those from their addresses never filed),
    /// and their addresses.
    static func scope(_ id: Customer.ID, workspaceID: Workspace.ID, sql: any SQLDatabase) async throws
        -> (conversationIDs: [String], messageIDs: [String], addresses: [String]) {
        struct IDRow: Decodable { var id: String }
        struct ValueRow: Decodable { var value: String }
        let conversations = try await sql.select().column("id").from("conversations")
            .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, id).all(decoding: IDRow.self).map(\.id)
        let addresses = try await sql.select().column("value").from("contact_points")
            .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, id).all(decoding: ValueRow.self).map(\.value)
        var messages: [String] = []
        for chunk in chunks(conversations) {
            messages += try await sql.select().column("id").from("messages")
                .where("workspace_id", .equal, workspaceID).where("conversation_id", .in, chunk).all(decoding: IDRow.self).map(\.id)
        }
        for chunk in chunks(addresses) {
            messages += try await sql.select().column("id").from("messages")
                .where("workspace_id", .equal, workspaceID).where("conversation_id", .is, SQLLiteral.null)
                .where("direction", .equal, "inbound").where("sender", .in, chunk).all(decoding: IDRow.self).map(\.id)
        }
        return (conversations, Array(Set(messages)).sorted(), addresses)
    }

    static func chunks(_ values: [String], of size: Int = 400) -> [[String]] {
        stride(from: 0, to: values.count, by: size).map { Array(values[$0..<min($0 + size, values.count)]) }
    }
}
