import Foundation
import GatehouseCore
import SQLKit

/// What a month's reports are made of, read in a few grouped queries: per-customer time and
/// charges, urgent time, referrals, and the promises that fell due with the replies sent.
public struct MonthFigures: Sendable, Equatable {
    public var customers: [CustomerMonthFigures]
    /// Time on urgent matters, by anyone, for any customer.
    public var urgentTime: TimeSpan
    /// Requests referred out to partners.
    public var referrals: Int
}

/// The reports' reads for one workspace. Times are `[from, to)` in seconds since 1970.
public struct Reports: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    struct CustomerRow: Decodable {
        var id: Customer.ID
        var name, plan_id, kind: String
        var created_at: Int64
    }

    struct TimeRow: Decodable {
        var customer_id: Customer.ID
        var total: Int64?
        var billable: Int64?
        var urgent: Int64?
    }

    struct ChargeRow: Decodable {
        var customer_id: Customer.ID
        var kind: String
        var total: Int64?
    }

    struct CountRow: Decodable { var count: Int64 }

    /// Every customer of the workspace with their time and charges in `[from, to)`.
    public func figures(from: Instant, to: Instant) async throws -> MonthFigures {
        let workspaceID = self.workspaceID
        let (start, end) = (from.secondsSince1970, to.secondsSince1970)
        return try await database.read { sql in
            // An entry is at most 16 hours, so its length fits a 32-bit integer; PostgreSQL sums
            // those as 64-bit integers, where it would sum 64-bit lengths as `numeric` (slower).
            let length = ShortNumber(SQLBinaryExpression(SQLColumn("ended_at"), .subtract, SQLColumn("started_at")))
            // billable and urgent are 0 or 1: multiplying by them sums only their part, in one pass.
            func part(_ flag: String) -> any SQLExpression {
                WholeNumber(SQLFunction("sum", args: SQLBinaryExpression(SQLColumn(flag), .multiply, length)))
            }
            let customers = try await sql.select().columns("id", "name", "plan_id", "kind", "created_at").from("customers")
                .where("workspace_id", .equal, workspaceID).all(decoding: CustomerRow.self)
            // Entries in [from, to), summed per customer.
            func entries(_ from: Int64, _ to: Int64) async throws -> [TimeRow] {
                guard from < to else { return [] }
                return try await sql.select().column("customer_id")
                    .column(WholeNumber(SQLFunction("sum", args: length)), as: "total")
                    .column(part("billable"), as: "billable").column(part("urgent"), as: "urgent")
                    .from("time_entries").where("workspace_id", .equal, workspaceID)
                    .where("started_at", .greaterThanOrEqual, from).where("started_at", .lessThan, to)
                    .groupBy("customer_id").all(decoding: TimeRow.self)
            }
            // Whole UTC days inside the month come from the day totals; the days the local month's
            // edges cut through come from their entries.
            let firstDay = (start + DayTotals.day - 1) / DayTotals.day, endDay = end / DayTotals.day
            var times: [TimeRow]
            if firstDay < endDay {
                func sum(_ column: String) -> any SQLExpression { WholeNumber(SQLFunction("sum", args: SQLColumn(column))) }
                times = try await entries(start, firstDay * DayTotals.day)
                times += try await sql.select().column("customer_id").column(sum("total"), as: "total")
                    .column(sum("billable"), as: "billable").column(sum("urgent"), as: "urgent")
                    .from("time_day_totals").where("workspace_id", .equal, workspaceID)
                    .where("day", .greaterThanOrEqual, firstDay).where("day", .lessThan, endDay)
                    .groupBy("customer_id").all(decoding: TimeRow.self)
                times += try await entries(endDay * DayTotals.day, end)
            } else {
                times = try await entries(start, end)
            }
            let charges = try await sql.select().column("customer_id").column("kind")
                .column(WholeNumber(SQLFunction("sum", args: SQLColumn("amount_cents"))), as: "total")
                .from("charges").where("workspace_id", .equal, workspaceID)
                .where("charged_at", .greaterThanOrEqual, start).where("charged_at", .lessThan, end)
                .groupBy("customer_id").groupBy("kind").all(decoding: ChargeRow.self)
            let referrals = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "count")
                .from("referrals_made").where("workspace_id", .equal, workspaceID)
                .where("created_at", .greaterThanOrEqual, start).where("created_at", .lessThan, end)
                .first(decoding: CountRow.self)?.count ?? 0

            let timeByCustomer = Dictionary(times.map { ($0.customer_id, $0) }) { a, b in
                TimeRow(customer_id: a.customer_id, total: (a.total ?? 0) + (b.total ?? 0),
                        billable: (a.billable ?? 0) + (b.billable ?? 0), urgent: (a.urgent ?? 0) + (b.urgent ?? 0))
            }
            var chargesByCustomer: [Customer.ID: [String: Int64]] = [:]
            for row in charges { chargesByCustomer[row.customer_id, default: [:]][row.kind, default: 0] += row.total ?? 0 }
            let figures = customers.map { customer -> CustomerMonthFigures in
                let time = timeByCustomer[customer.id]
                let kinds = chargesByCustomer[customer.id] ?? [:]
                return CustomerMonthFigures(
                    customerID: customer.id, name: customer.name, planID: customer.plan_id,
                    paysFee: customer.kind == "customer" && customer.created_at < end,
                    time: TimeSpan(seconds: time?.total ?? 0), billable: TimeSpan(seconds: time?.billable ?? 0),
                    chargesCents: kinds.values.reduce(0, +), changeOrderCents: kinds["change_order"] ?? 0,
                    additionalCents: kinds["additional"] ?? 0)
            }
            return MonthFigures(customers: figures, urgentTime: TimeSpan(seconds: times.reduce(0) { $0 + ($1.urgent ?? 0) }),
                                referrals: Int(referrals))
        }
    }

    /// The promises of an answer that fall due in `[from, to)`, as the ledger ended them.
    public func promises(from: Instant, to: Instant) async throws -> [PromiseRecord] {
        try await Promises(database: database, workspaceID: workspaceID).due(from: from, to: to).map {
            PromiseRecord(conversationID: $0.conversationID, promisedAt: $0.due.secondsSince1970, outcome: $0.outcome)
        }
    }

    /// One time entry as exported: with the customer's name.
    public struct ExportedEntry: Sendable, Equatable {
        public var entry: TimeEntry
        public var customerName: String
    }

    /// The time entries that started in `[from, to)`, for one customer or all, oldest first.
    public func timeEntries(from: Instant, to: Instant, customerID: Customer.ID? = nil) async throws -> [ExportedEntry] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            let query = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("time_entries")))
                .column(SQLColumn("name", table: "customers"), as: "customer_name")
                .from("time_entries")
                .join("customers", on: SQLColumn("id", table: "customers"), .equal, SQLColumn("customer_id", table: "time_entries"))
                .where(SQLColumn("workspace_id", table: "time_entries"), .equal, SQLBind(workspaceID))
                .where(SQLColumn("workspace_id", table: "customers"), .equal, SQLBind(workspaceID))
                .where(SQLColumn("started_at", table: "time_entries"), .greaterThanOrEqual, SQLBind(from.secondsSince1970))
                .where(SQLColumn("started_at", table: "time_entries"), .lessThan, SQLBind(to.secondsSince1970))
            if let customerID { query.where(SQLColumn("customer_id", table: "time_entries"), .equal, SQLBind(customerID)) }
            return try await query.orderBy(SQLColumn("started_at", table: "time_entries")).orderBy(SQLColumn("id", table: "time_entries"))
                .all().map { row in
                    ExportedEntry(entry: try row.decode(model: TimeEntries.Row.self).entry,
                                  customerName: try row.decode(column: "customer_name", as: String.self))
                }
        }
    }
}

/// `CAST(expression AS INTEGER)`: a 32-bit integer on PostgreSQL, an integer on SQLite.
struct ShortNumber: SQLExpression {
    let expression: any SQLExpression

    init(_ expression: any SQLExpression) { self.expression = expression }

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("CAST(")
        expression.serialize(to: &serializer)
        serializer.write(" AS INTEGER)")
    }
}

/// Money a customer owes beyond the plan's fee.
public struct Charges: Sendable {
    public enum Kind: String, Sendable { case job, changeOrder = "change_order", additional }

    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// Records a charge; the amount must not be negative and the customer must be this workspace's.
    @discardableResult
    public func add(customerID: Customer.ID, kind: Kind, description: String, amountCents: Int64, chargedAt: Instant) async throws -> String {
        guard amountCents >= 0 else { throw StoreError(.invalid, field: "amount", "a charge cannot be negative") }
        guard !description.isEmpty, description.count <= 500 else {
            throw StoreError(.invalid, field: "description", "say what the charge is for, in at most 500 characters")
        }
        let workspaceID = self.workspaceID
        let id = NewID.make()
        try await database.write { sql in
            guard try await sql.select().column("id").from("customers")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, customerID).first() != nil
            else { throw StoreError(.notFound, field: "customer_id", "no customer \(customerID) in this workspace") }
            try await sql.insert(into: "charges")
                .columns("id", "workspace_id", "customer_id", "kind", "description", "amount_cents", "charged_at")
                .values(SQLBind(id), SQLBind(workspaceID), SQLBind(customerID), SQLBind(kind.rawValue), SQLBind(description),
                        SQLBind(amountCents), SQLBind(chargedAt.secondsSince1970))
                .run()
        }
        return id
    }
}

extension Reports {
    /// The customer's most recently active conversation (not merged away), if any.
    public func latestConversation(customerID: Customer.ID) async throws -> Conversation.ID? {
        let workspaceID = self.workspaceID
        struct Row: Decodable { var id: Conversation.ID }
        return try await database.read { sql in
            try await sql.select().column("id").from("conversations").where("workspace_id", .equal, workspaceID)
                .where("customer_id", .equal, customerID).where("merged_into", .is, SQLLiteral.null)
                .orderBy("last_message_at", .descending).limit(1).first(decoding: Row.self)?.id
        }
    }
}
