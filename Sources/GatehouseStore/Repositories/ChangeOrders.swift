import Foundation
import GatehouseCore
import SQLKit

/// The change orders of one workspace. A change order is written as a draft, sent with a page
/// of its own, and decided once by the customer; accepting adds its item to the job's scope,
/// its price to what the customer owes and its days to the time frame, all in one transaction.
public struct ChangeOrders: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    struct Row: Codable {
        var id: String
        var workspace_id: Workspace.ID
        var job_id: Job.ID
        var customer_id: Customer.ID
        var conversation_id: Conversation.ID?
        var item: String
        var price_cents, estimate_minutes: Int64?
        var service_id: String?
        var extra_days: Int
        var message, status: String
        var token: String?
        var sent_at, decided_at: Int64?
        var decided_address: String?
        var created_at: Int64

        var order: ChangeOrder {
            ChangeOrder(id: id, jobID: job_id, customerID: customer_id, conversationID: conversation_id, item: item,
                        priceCents: price_cents, estimate: estimate_minutes.map(TimeSpan.minutes), serviceID: service_id,
                        extraDays: extra_days, message: message, status: ChangeOrder.Status(rawValue: status) ?? .draft,
                        token: token, sentAt: sent_at.map(Instant.init(secondsSince1970:)),
                        decidedAt: decided_at.map(Instant.init(secondsSince1970:)), decidedAddress: decided_address,
                        createdAt: Instant(secondsSince1970: created_at))
        }

        mutating func apply(_ terms: ChangeOrderTerms) {
            item = terms.item
            price_cents = terms.priceCents
            estimate_minutes = terms.estimate.map { $0.seconds / 60 }
            service_id = terms.serviceID
            extra_days = terms.extraDays
            message = terms.message
        }
    }

    /// A draft change order on an open job of this workspace. Its page's token is made now so
    /// the message can hold the link; the page opens once the change order is sent.
    public func draft(jobID: Job.ID, conversationID: Conversation.ID?, terms: (String) -> ChangeOrderTerms, actor: String,
                      now: Instant) async throws -> ChangeOrder {
        let token = StatusToken.make()
        let terms = try terms(token).checked()
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard let job = try await Jobs.row(jobID, workspaceID: workspaceID, in: sql) else {
                throw StoreError(.notFound, field: "job_id", "no job \(jobID) in this workspace")
            }
            let status = Job.Status(rawValue: job.status) ?? .proposed
            guard status == .agreed || status == .inProgress else {
                throw JobProblem(field: "job_id", status == .proposed
                                 ? "the job is still proposed: add the item to the job itself before it is agreed"
                                 : "the job is \(status.label); a closed job takes no change orders")
            }
            if let conversationID,
               try await sql.select().column("id").from("conversations").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, conversationID).where("customer_id", .equal, job.customer_id).first() == nil {
                throw StoreError(.notFound, field: "conversation_id", "no conversation \(conversationID) with this customer")
            }
            var row = Row(id: NewID.make(), workspace_id: workspaceID, job_id: jobID, customer_id: job.customer_id,
                          conversation_id: conversationID, item: "", extra_days: 0, message: "",
                          status: ChangeOrder.Status.draft.rawValue, token: token, created_at: now.secondsSince1970)
            row.apply(terms)
            try await sql.insert(into: "change_orders").model(row).run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "change_order.draft",
                                      subjectType: "change_order", subjectID: row.id,
                                      details: "drafted \u{201C}\(terms.item)\u{201D} for \u{201C}\(job.title)\u{201D}", now: now)
            return row.order
        }
    }

    /// Rewrites a draft's terms; a sent change order is what the customer sees and stays as it is.
    public func update(_ id: String, terms: ChangeOrderTerms, now: Instant) async throws -> ChangeOrder? {
        let terms = try terms.checked()
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard var row = try await Self.row(id, workspaceID: workspaceID, in: sql) else { return nil }
            guard row.status == ChangeOrder.Status.draft.rawValue else {
                throw JobProblem(field: "status", "the change order was \(row.status); only a draft can be changed")
            }
            row.apply(terms)
            try await sql.update("change_orders").set(model: row).where("workspace_id", .equal, workspaceID)
                .where("id", .equal, id).run()
            return row.order
        }
    }

    /// Marks a draft sent: its page opens for the customer. It needs a price.
    public func markSent(_ id: String, actor: String, now: Instant) async throws -> ChangeOrder? {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard var row = try await Self.row(id, workspaceID: workspaceID, in: sql) else { return nil }
            guard row.status == ChangeOrder.Status.draft.rawValue else {
                throw JobProblem(field: "status", "the change order was already \(row.status)")
            }
            guard row.price_cents != nil else {
                throw JobProblem(field: "price", "write the price you quote before sending the change order")
            }
            if let job = try await Jobs.row(row.job_id, workspaceID: workspaceID, in: sql),
               let status = Job.Status(rawValue: job.status), status.isClosed {
                throw JobProblem(field: "job_id", "the job is \(status.label); a closed job takes no change orders")
            }
            row.status = ChangeOrder.Status.sent.rawValue
            row.sent_at = now.secondsSince1970
            try await sql.update("change_orders").set(model: row).where("workspace_id", .equal, workspaceID)
                .where("id", .equal, id).where("status", .equal, ChangeOrder.Status.draft.rawValue).run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "change_order.send",
                                      subjectType: "change_order", subjectID: id, details: "sent \u{201C}\(row.item)\u{201D}",
                                      now: now)
            return row.order
        }
    }

    /// Takes back a draft or a sent change order the customer has not decided.
    public func withdraw(_ id: String, actor: String, now: Instant) async throws -> ChangeOrder? {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard var row = try await Self.row(id, workspaceID: workspaceID, in: sql) else { return nil }
            let updated = try await sql.update("change_orders").set("status", to: ChangeOrder.Status.withdrawn.rawValue)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id)
                .where("status", .in, [ChangeOrder.Status.draft.rawValue, ChangeOrder.Status.sent.rawValue])
                .returning("id").all()
            guard !updated.isEmpty else {
                throw JobProblem(field: "status", "the change order was already \(row.status)")
            }
            row.status = ChangeOrder.Status.withdrawn.rawValue
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "change_order.withdraw",
                                      subjectType: "change_order", subjectID: id, details: "withdrew \u{201C}\(row.item)\u{201D}",
                                      now: now)
            return row.order
        }
    }

    public func get(_ id: String) async throws -> ChangeOrder? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in try await Self.row(id, workspaceID: workspaceID, in: sql)?.order }
    }

    /// A job's change orders, oldest first.
    public func list(jobID: Job.ID) async throws -> [ChangeOrder] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("*").from("change_orders").where("workspace_id", .equal, workspaceID)
                .where("job_id", .equal, jobID).orderBy("created_at").orderBy("id").limit(500).all(decoding: Row.self)
        }.map(\.order)
    }

    /// What accepted change orders added to a job's price.
    public func acceptedCents(jobID: Job.ID) async throws -> Int64 {
        try await list(jobID: jobID).filter { $0.status == .accepted }.reduce(0) { $0 + ($1.priceCents ?? 0) }
    }

    /// The change order whose page has this token, with its workspace; drafts are not shown.
    public static func withToken(_ token: String, database: Database) async throws -> (workspaceID: Workspace.ID, order: ChangeOrder)? {
        guard token.count >= 20 else { return nil }
        return try await database.read { sql in
            guard let row = try await sql.select().columns("*").from("change_orders").where("token", .equal, token)
                .where("status", .notEqual, ChangeOrder.Status.draft.rawValue).first(decoding: Row.self) else { return nil }
            return (row.workspace_id, row.order)
        }
    }

    /// The customer's answer on the page with this token, from `address`. Only a sent change
    /// order on an open job is decided, and only once: a second answer, or an answer after the job
    /// closed, is refused with the reason (`JobProblem`). `calendar` moves the job's end date by
    /// the change's working days.
    public static func decide(token: String, _ answer: ChangeOrderDecision.Answer, address: String?,
                              calendar: BusinessCalendar, now: Instant, database: Database) async throws -> ChangeOrder? {
        guard token.count >= 20 else { return nil }
        return try await database.write { sql in
            guard var row = try await sql.select().columns("*").from("change_orders").where("token", .equal, token)
                .where("status", .notEqual, ChangeOrder.Status.draft.rawValue).first(decoding: Row.self) else { return nil }
            guard var job = try await Jobs.row(row.job_id, workspaceID: row.workspace_id, in: sql) else { return nil }
            try check(row, job: job, calendar: calendar)
            let status: ChangeOrder.Status = answer == .accept ? .accepted : .declined
            // Only the first answer changes the row: a second one, even at the same moment, finds it decided.
            let updated = try await sql.update("change_orders").set("status", to: status.rawValue)
                .set("decided_at", to: now.secondsSince1970).set("decided_address", to: address)
                .where("id", .equal, row.id).where("status", .equal, ChangeOrder.Status.sent.rawValue)
                .returning("id").all()
            guard !updated.isEmpty else {
                if let again = try await sql.select().columns("*").from("change_orders").where("id", .equal, row.id)
                    .first(decoding: Row.self) { try check(again, job: job, calendar: calendar) }
                throw JobProblem(field: "change", "this change was already answered")
            }
            row.status = status.rawValue
            row.decided_at = now.secondsSince1970
            row.decided_address = address
            if status == .accepted {
                struct Last: Decodable { var position: Int? }
                let last = try await sql.select().column(SQLFunction("max", args: SQLColumn("position")), as: "position")
                    .from("job_items").where("job_id", .equal, job.id).first(decoding: Last.self)
                try await Jobs.insertItems([Job.Item(kind: .included, text: row.item, changeOrderID: row.id)], jobID: job.id,
                                           workspaceID: row.workspace_id, from: (last?.position ?? -1) + 1, in: sql)
                try await ChargeLedger.insert(
                    ChargeLedger.Row(id: NewID.make(), workspace_id: row.workspace_id, customer_id: row.customer_id,
                                     job_id: job.id, change_order_id: row.id, kind: "change_order", description: row.item,
                                     amount_cents: row.price_cents ?? 0, charged_at: now.secondsSince1970), in: sql)
                if row.extra_days > 0 {
                    let frame = job.job(items: []).timeFrame.extended(byWorkingDays: row.extra_days, calendar: calendar)
                    job.ends_on = frame.endsOn?.description
                    job.duration_days = frame.days
                    job.updated_at = now.secondsSince1970
                    try await sql.update("jobs").set("ends_on", to: job.ends_on).set("duration_days", to: job.duration_days)
                        .set("updated_at", to: job.updated_at).where("id", .equal, job.id).run()
                }
            }
            try await AuditLog.record(in: sql, workspaceID: row.workspace_id, actor: "customer", action: "change_order.\(answer.rawValue)",
                                      subjectType: "change_order", subjectID: row.id,
                                      details: "\(status.rawValue) \u{201C}\(row.item)\u{201D} on its page"
                                          + (address.map { " from \($0)" } ?? ""), now: now)
            return row.order
        }
    }

    private static func check(_ row: Row, job: Jobs.Row, calendar: BusinessCalendar) throws {
        let decided = row.decided_at.map { calendar.spoken(Instant(secondsSince1970: $0)) }
        try ChangeOrderDecision.check(order: ChangeOrder.Status(rawValue: row.status) ?? .draft, decidedAt: decided,
                                      job: Job.Status(rawValue: job.status) ?? .proposed)
    }

    static func row(_ id: String, workspaceID: Workspace.ID, in sql: any SQLDatabase) async throws -> Row? {
        try await sql.select().columns("*").from("change_orders").where("workspace_id", .equal, workspaceID)
            .where("id", .equal, id).first(decoding: Row.self)
    }
}

/// Requests the owner sent to a partner instead of taking on.
public struct ReferralsMade: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    struct Row: Codable {
        var id: String
        var workspace_id: Workspace.ID
        var customer_id: Customer.ID
        var conversation_id: Conversation.ID?
        var partner, topic: String
        var created_at: Int64
    }

    /// Notes that the customer's request about `topic` went to `partner`.
    public func record(customerID: Customer.ID, conversationID: Conversation.ID?, partner: String, topic: String, now: Instant) async throws {
        let row = Row(id: NewID.make(), workspace_id: workspaceID, customer_id: customerID, conversation_id: conversationID,
                      partner: partner, topic: topic, created_at: now.secondsSince1970)
        try await database.write { sql in try await sql.insert(into: "referrals_made").model(row).run() }
    }
}
