import Foundation
import GatehouseCore
import SQLKit

/// The jobs of one workspace, with their scope items. A job's terms change freely while it is
/// proposed; once agreed, its scope grows only by accepted change orders.
public struct Jobs: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    struct Row: Codable {
        var id: Job.ID
        var workspace_id: Workspace.ID
        var customer_id: Customer.ID
        var conversation_id: Conversation.ID?
        var title, status, price_kind: String
        var price_cents: Int64
        var estimate_minutes: Int64?
        var service_id, starts_on, ends_on: String?
        var duration_days: Int?
        var next_step, next_step_owner: String
        var agreement_token: String?
        var summary_sent_at, agreed_at: Int64?
        var agreed_address: String?
        var created_at, updated_at: Int64

        func job(items: [Job.Item]) -> Job {
            let price: Job.Price = price_kind == "hourly"
                ? .hourly(rateCents: price_cents, estimate: estimate_minutes.map(TimeSpan.minutes))
                : .fixed(cents: price_cents)
            return Job(id: id, customerID: customer_id, conversationID: conversation_id, title: title,
                       status: Job.Status(rawValue: status) ?? .proposed, price: price, serviceID: service_id,
                       timeFrame: Job.TimeFrame(startsOn: starts_on.flatMap { CivilDate(iso: Substring($0)) },
                                                endsOn: ends_on.flatMap { CivilDate(iso: Substring($0)) }, days: duration_days),
                       nextStep: next_step, nextStepOwner: Job.NextStepOwner(rawValue: next_step_owner) ?? .us, items: items,
                       agreementToken: agreement_token, summarySentAt: summary_sent_at.map(Instant.init(secondsSince1970:)),
                       agreedAt: agreed_at.map(Instant.init(secondsSince1970:)), agreedAddress: agreed_address,
                       createdAt: Instant(secondsSince1970: created_at))
        }

        mutating func apply(_ draft: JobDraft) {
            title = draft.title
            switch draft.price {
            case .fixed(let cents):
                price_kind = "fixed"
                price_cents = cents
                estimate_minutes = nil
            case .hourly(let rate, let estimate):
                price_kind = "hourly"
                price_cents = rate
                estimate_minutes = estimate.map { $0.seconds / 60 }
            }
            service_id = draft.serviceID
            starts_on = draft.timeFrame.startsOn?.description
            ends_on = draft.timeFrame.endsOn?.description
            duration_days = draft.timeFrame.days
            next_step = draft.nextStep
            next_step_owner = draft.nextStepOwner.rawValue
        }
    }

    struct ItemRow: Codable {
        var id: String
        var workspace_id: Workspace.ID
        var job_id: Job.ID
        var kind, text: String
        var position: Int
        var change_order_id: String?
    }

    /// Saves a new, proposed job for a customer of this workspace.
    public func create(_ draft: JobDraft, actor: String, now: Instant) async throws -> Job {
        let draft = try draft.checked()
        var row = Row(id: .make(), workspace_id: workspaceID, customer_id: draft.customerID,
                      conversation_id: draft.conversationID, title: "", status: Job.Status.proposed.rawValue, price_kind: "",
                      price_cents: 0, next_step: "", next_step_owner: "", created_at: now.secondsSince1970,
                      updated_at: now.secondsSince1970)
        row.apply(draft)
        let workspaceID = self.workspaceID
        try await database.write { [row] sql in
            guard try await sql.select().column("id").from("customers").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, draft.customerID).first() != nil
            else { throw StoreError(.notFound, field: "customer_id", "no customer \(draft.customerID) in this workspace") }
            if let conversationID = draft.conversationID,
               try await sql.select().column("id").from("conversations").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, conversationID).where("customer_id", .equal, draft.customerID).first() == nil {
                throw StoreError(.notFound, field: "conversation_id", "no conversation \(conversationID) with this customer")
            }
            try await sql.insert(into: "jobs").model(row).run()
            try await Self.insertItems(draft.items, jobID: row.id, workspaceID: workspaceID, from: 0, in: sql)
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "job.create", subjectType: "job",
                                      subjectID: row.id, details: "proposed \u{201C}\(draft.title)\u{201D}", now: now)
        }
        return row.job(items: draft.items)
    }

    /// Rewrites a proposed job's terms. Agreed work changes only through change orders.
    public func update(_ id: Job.ID, with draft: JobDraft, actor: String, now: Instant) async throws -> Job? {
        let draft = try draft.checked()
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard var row = try await Self.row(id, workspaceID: workspaceID, in: sql) else { return nil }
            guard row.status == Job.Status.proposed.rawValue else {
                throw JobProblem(field: "status", "the job is \(Job.Status(rawValue: row.status)?.label ?? row.status); "
                                 + "agreed terms change through a change order the customer accepts")
            }
            row.apply(draft)
            row.updated_at = now.secondsSince1970
            try await sql.update("jobs").set(model: row).where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
            try await sql.delete(from: "job_items").where("workspace_id", .equal, workspaceID).where("job_id", .equal, id).run()
            try await Self.insertItems(draft.items, jobID: id, workspaceID: workspaceID, from: 0, in: sql)
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "job.update", subjectType: "job",
                                      subjectID: id, details: "changed the proposed terms", now: now)
            return row.job(items: draft.items)
        }
    }

    /// The job with this id in this workspace, with its items.
    public func get(_ id: Job.ID) async throws -> Job? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            guard let row = try await Self.row(id, workspaceID: workspaceID, in: sql) else { return nil }
            return row.job(items: try await Self.items(of: [id], workspaceID: workspaceID, in: sql)[id] ?? [])
        }
    }

    /// The job whose agreement page has this token, in any workspace (the token is the key).
    public static func withAgreementToken(_ token: String, database: Database) async throws -> (workspaceID: Workspace.ID, job: Job)? {
        guard token.count >= 20 else { return nil }
        return try await database.read { sql in
            guard let row = try await sql.select().columns("*").from("jobs").where("agreement_token", .equal, token)
                .first(decoding: Row.self) else { return nil }
            let items = try await items(of: [row.id], workspaceID: row.workspace_id, in: sql)[row.id] ?? []
            return (row.workspace_id, row.job(items: items))
        }
    }

    /// A customer's jobs, open ones first, newest first.
    public func list(customerID: Customer.ID) async throws -> [Job] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            let rows = try await sql.select().columns("*").from("jobs").where("workspace_id", .equal, workspaceID)
                .where("customer_id", .equal, customerID).orderBy("created_at", .descending).limit(200)
                .all(decoding: Row.self)
            let items = try await Self.items(of: rows.map(\.id), workspaceID: workspaceID, in: sql)
            let jobs = rows.map { $0.job(items: items[$0.id] ?? []) }
            return jobs.filter { !$0.status.isClosed } + jobs.filter(\.status.isClosed)
        }
    }

    /// The workspace's open jobs (proposed, agreed, in progress) with their customers' names,
    /// newest first; items are not read.
    public func open(limit: Int = 200) async throws -> [(job: Job, customerName: String)] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            let rows = try await sql.select().columns("*").from("jobs").where("workspace_id", .equal, workspaceID)
                .where("status", .in, ["proposed", "agreed", "in_progress"]).orderBy("created_at", .descending)
                .limit(limit).all(decoding: Row.self)
            guard !rows.isEmpty else { return [] }
            struct Customer: Decodable { var id: GatehouseCore.Customer.ID; var name: String }
            let names = try await sql.select().columns("id", "name").from("customers").where(WorkspaceCheck(workspaceID))
                .where("id", .in, Array(Set(rows.map(\.customer_id)))).all(decoding: Customer.self)
            let byID = Dictionary(names.map { ($0.id, $0.name) }) { a, _ in a }
            return rows.map { ($0.job(items: []), byID[$0.customer_id] ?? "") }
        }
    }

    /// What the customer's agreed and under-way jobs cover, for triage; nil without one.
    public func activeScope(customerID: Customer.ID) async throws -> JobScope? {
        try await Self.activeScope(customerID: customerID, workspaceID: workspaceID, in: database)
    }

    static func activeScope(customerID: Customer.ID, workspaceID: Workspace.ID, in database: Database) async throws -> JobScope? {
        try await database.read { sql in try await activeScope(customerID: customerID, workspaceID: workspaceID, in: sql) }
    }

    static func activeScope(customerID: Customer.ID, workspaceID: Workspace.ID, in sql: any SQLDatabase) async throws -> JobScope? {
        struct Line: Decodable { var kind: String; var text: String }
        let hasJob = try await sql.select().column("id").from("jobs").where("workspace_id", .equal, workspaceID)
            .where("customer_id", .equal, customerID).where("status", .in, ["agreed", "in_progress"]).first() != nil
        guard hasJob else { return nil }
        let lines = try await sql.select().column(SQLColumn("kind", table: "job_items"))
            .column(SQLColumn("text", table: "job_items"))
            .from("job_items").join("jobs", on: SQLColumn("id", table: "jobs"), .equal, SQLColumn("job_id", table: "job_items"))
            .where(SQLColumn("workspace_id", table: "jobs"), .equal, SQLBind(workspaceID))
            .where(SQLColumn("customer_id", table: "jobs"), .equal, SQLBind(customerID))
            .where(SQLColumn("status", table: "jobs"), .in, SQLBind.group(["agreed", "in_progress"]))
            .orderBy(SQLColumn("position", table: "job_items")).limit(500)
            .all(decoding: Line.self)
        return JobScope(agreed: lines.filter { $0.kind == "included" }.map(\.text),
                        excluded: lines.filter { $0.kind == "excluded" }.map(\.text))
    }

    /// Moves a job on (see `JobProgress`). Agreeing to a fixed price charges it; finishing an
    /// hourly job charges its billable time at the rate.
    public func setStatus(_ id: Job.ID, to target: Job.Status, actor: String, now: Instant) async throws -> Job? {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard var row = try await Self.row(id, workspaceID: workspaceID, in: sql) else { return nil }
            try JobProgress.check(from: Job.Status(rawValue: row.status) ?? .proposed, to: target)
            let from = row.status
            row.status = target.rawValue
            row.updated_at = now.secondsSince1970
            if target == .agreed, row.agreed_at == nil { row.agreed_at = now.secondsSince1970 }
            try await sql.update("jobs").set(model: row).where("workspace_id", .equal, workspaceID).where("id", .equal, id)
                .where("status", .equal, from).run()
            try await Self.charge(row, becoming: target, now: now, in: sql)
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "job.status", subjectType: "job",
                                      subjectID: id, details: "\(from) → \(target.rawValue)", now: now)
            let items = try await Self.items(of: [id], workspaceID: workspaceID, in: sql)[id] ?? []
            return row.job(items: items)
        }
    }

    /// Gives the job its agreement page, once: the token in the page's address.
    public func openAgreement(_ id: Job.ID) async throws -> Job? {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard var row = try await Self.row(id, workspaceID: workspaceID, in: sql) else { return nil }
            if row.agreement_token == nil {
                row.agreement_token = StatusToken.make()
                try await sql.update("jobs").set("agreement_token", to: row.agreement_token)
                    .where("workspace_id", .equal, workspaceID).where("id", .equal, id).where("agreement_token", .is, SQLLiteral.null)
                    .run()
                // Two owners pressing "send" at once keep the first token.
                if let again = try await Self.row(id, workspaceID: workspaceID, in: sql) { row = again }
            }
            let items = try await Self.items(of: [id], workspaceID: workspaceID, in: sql)[id] ?? []
            return row.job(items: items)
        }
    }

    /// Notes that the job's summary went out.
    public func summarySent(_ id: Job.ID, actor: String, now: Instant) async throws -> Job? {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("jobs").set("summary_sent_at", to: now.secondsSince1970).set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "job.summary", subjectType: "job",
                                      subjectID: id, details: "sent the job summary", now: now)
        }
        return try await get(id)
    }

    /// Keeps the conversation the job's messages go in.
    public func setConversation(_ id: Job.ID, _ conversationID: Conversation.ID) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("jobs").set("conversation_id", to: conversationID).where("workspace_id", .equal, workspaceID)
                .where("id", .equal, id).run()
        }
    }

    /// What the customer saw when they pressed "I agree".
    public enum Agreement: Sendable, Equatable {
        /// Recorded now.
        case agreed(Job)
        /// It was agreed before (by the customer or the owner); nothing changed.
        case alreadyAgreed(Job)
    }

    /// The customer agrees on the page with this token, from `address`. Agreeing twice changes
    /// nothing; a cancelled or finished job cannot be agreed to.
    public static func agree(token: String, address: String?, now: Instant, database: Database) async throws -> Agreement? {
        guard token.count >= 20 else { return nil }
        return try await database.write { sql in
            guard var row = try await sql.select().columns("*").from("jobs").where("agreement_token", .equal, token)
                .first(decoding: Row.self) else { return nil }
            let items = try await items(of: [row.id], workspaceID: row.workspace_id, in: sql)[row.id] ?? []
            guard row.status == Job.Status.proposed.rawValue else {
                let status = Job.Status(rawValue: row.status) ?? .proposed
                if status.isClosed {
                    throw JobProblem(field: "job", "this job is \(status.label), so there is nothing to agree to now")
                }
                return .alreadyAgreed(row.job(items: items))
            }
            let updated = try await sql.update("jobs").set("status", to: Job.Status.agreed.rawValue)
                .set("agreed_at", to: now.secondsSince1970).set("agreed_address", to: address)
                .set("updated_at", to: now.secondsSince1970)
                .where("id", .equal, row.id).where("status", .equal, Job.Status.proposed.rawValue)
                .returning("id").all()
            guard !updated.isEmpty else { return .alreadyAgreed(row.job(items: items)) }
            row.status = Job.Status.agreed.rawValue
            row.agreed_at = now.secondsSince1970
            row.agreed_address = address
            try await charge(row, becoming: .agreed, now: now, in: sql)
            try await AuditLog.record(in: sql, workspaceID: row.workspace_id, actor: "customer", action: "job.agree",
                                      subjectType: "job", subjectID: row.id,
                                      details: "agreed on its page" + (address.map { " from \($0)" } ?? ""), now: now)
            return .agreed(row.job(items: items))
        }
    }

    /// The charge a status change makes: a fixed price when agreed, an hourly job's billable
    /// time when done. One job is charged once.
    static func charge(_ row: Row, becoming target: Job.Status, now: Instant, in sql: any SQLDatabase) async throws {
        let amount: Int64
        switch (row.price_kind, target) {
        case ("fixed", .agreed):
            amount = row.price_cents
        case ("hourly", .done):
            struct Sum: Decodable { var total: Int64? }
            let time = try await sql.select()
                .column(WholeNumber(SQLFunction("sum", args: SQLBinaryExpression(SQLColumn("ended_at"), .subtract,
                                                                                   SQLColumn("started_at")))), as: "total")
                .from("time_entries").where("workspace_id", .equal, row.workspace_id).where("job_id", .equal, row.id)
                .where("billable", .equal, 1).first(decoding: Sum.self)
            amount = Job.cents(rate: row.price_cents, for: TimeSpan(seconds: time?.total ?? 0))
        default:
            return
        }
        guard try await sql.select().column("id").from("charges").where("workspace_id", .equal, row.workspace_id)
            .where("job_id", .equal, row.id).where("kind", .equal, "job").first() == nil else { return }
        try await ChargeLedger.insert(ChargeLedger.Row(id: NewID.make(), workspace_id: row.workspace_id, customer_id: row.customer_id,
                                             job_id: row.id, change_order_id: nil, kind: "job", description: row.title,
                                             amount_cents: amount, charged_at: now.secondsSince1970), in: sql)
    }

    static func row(_ id: Job.ID, workspaceID: Workspace.ID, in sql: any SQLDatabase) async throws -> Row? {
        try await sql.select().columns("*").from("jobs").where("workspace_id", .equal, workspaceID).where("id", .equal, id)
            .first(decoding: Row.self)
    }

    static func items(of jobIDs: [Job.ID], workspaceID: Workspace.ID, in sql: any SQLDatabase) async throws -> [Job.ID: [Job.Item]] {
        guard !jobIDs.isEmpty else { return [:] }
        let rows = try await sql.select().columns("*").from("job_items").where("workspace_id", .equal, workspaceID)
            .where("job_id", .in, jobIDs).orderBy("job_id").orderBy("position").all(decoding: ItemRow.self)
        var byJob: [Job.ID: [Job.Item]] = [:]
        for row in rows {
            byJob[row.job_id, default: []].append(Job.Item(kind: Job.ItemKind(rawValue: row.kind) ?? .included, text: row.text,
                                                           changeOrderID: row.change_order_id))
        }
        return byJob
    }

    static func insertItems(_ items: [Job.Item], jobID: Job.ID, workspaceID: Workspace.ID, from position: Int,
                            in sql: any SQLDatabase) async throws {
        guard !items.isEmpty else { return }
        let rows = items.enumerated().map { index, item in
            ItemRow(id: NewID.make(), workspace_id: workspaceID, job_id: jobID, kind: item.kind.rawValue, text: item.text,
                    position: position + index, change_order_id: item.changeOrderID)
        }
        try await sql.insert(into: "job_items").models(rows).run()
    }
}
