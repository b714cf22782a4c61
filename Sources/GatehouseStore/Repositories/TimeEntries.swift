import Foundation
import GatehouseCore
import SQLKit



/// Time entries of one workspace. One person cannot be in two places at once: an entry that
/// overlaps another of the same person's is refused, naming the one it overlaps.
public struct TimeEntries: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    /// The longest single entry: a working day and more is a mistake in the times.
    public static let longest = TimeSpan.hours(16)

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    struct Row: Codable {
        var id: String
        var workspace_id: Workspace.ID
        var customer_id: Customer.ID
        var conversation_id: Conversation.ID?
        var user_id: String
        var started_at, ended_at: Int64
        var billable, urgent: Int
        var source, note: String
        var created_at: Int64
        var job_id: Job.ID?

        var entry: TimeEntry {
            TimeEntry(id: id, customerID: customer_id, conversationID: conversation_id, jobID: job_id, userID: user_id,
                      startedAt: started_at,
                      endedAt: ended_at, billable: billable != 0, urgent: urgent != 0,
                      source: TimeEntry.Source(rawValue: source) ?? .manual, note: note)
        }
    }

    /// Records time `userID` spent; errors name the field (`ended_at`, `customer_id`, …) and give
    /// times as `timeText` writes them (ISO 8601 in UTC unless the caller knows the local zone).
    /// With an `id` (a session's own) the entry is written once: adding it again returns the one
    /// already there instead of refusing it as an overlap with itself.
    public func add(_ draft: TimeEntryDraft, id: String? = nil, userID: String, now: Instant,
                    timeText: @escaping @Sendable (Int64) -> String = { ISO8601.format(Instant(secondsSince1970: $0), utcOffsetSeconds: 0) })
        async throws -> TimeEntry {
        guard draft.endedAt > draft.startedAt else {
            throw StoreError(.invalid, field: "ended_at", "the end must come after the start (a time entry cannot be empty or negative)")
        }
        guard draft.endedAt - draft.startedAt <= Self.longest.seconds else {
            throw StoreError(.invalid, field: "ended_at", "one entry can be at most \(Self.longest.spokenDescription) long")
        }
        guard draft.note.count <= 1000 else { throw StoreError(.invalid, field: "note", "at most 1000 characters") }
        let row = Row(id: id ?? NewID.make(), workspace_id: workspaceID, customer_id: draft.customerID,
                      conversation_id: draft.conversationID, user_id: userID, started_at: draft.startedAt,
                      ended_at: draft.endedAt, billable: draft.billable ? 1 : 0, urgent: draft.urgent ? 1 : 0,
                      source: draft.source.rawValue, note: draft.note, created_at: now.secondsSince1970, job_id: draft.jobID)
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            if id != nil, let existing = try await sql.select().columns("*").from("time_entries")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, row.id).first(decoding: Row.self) {
                return existing.entry
            }
            guard try await sql.select().column("id").from("customers")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, draft.customerID).first() != nil
            else { throw StoreError(.notFound, field: "customer_id", "no customer \(draft.customerID) in this workspace") }
            if let jobID = draft.jobID, try await sql.select().column("id").from("jobs").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, jobID).where("customer_id", .equal, draft.customerID).first() == nil {
                throw StoreError(.notFound, field: "job_id", "no job \(jobID) for this customer")
            }
            if let clash = try await sql.select().columns("started_at", "ended_at").from("time_entries")
                .where("workspace_id", .equal, workspaceID).where("user_id", .equal, userID)
                .where("started_at", .lessThan, draft.endedAt).where("ended_at", .greaterThan, draft.startedAt)
                .first(decoding: Clash.self) {
                throw StoreError(.conflict, field: "started_at", "it overlaps time already recorded from \(timeText(clash.started_at)) "
                                 + "to \(timeText(clash.ended_at)); one person's entries cannot overlap")
            }
            try await sql.insert(into: "time_entries").model(row).run()
            try await DayTotals.add(workspaceID: workspaceID, customerID: row.customer_id, startedAt: row.started_at,
                                    length: row.ended_at - row.started_at, billable: row.billable != 0, urgent: row.urgent != 0,
                                    in: sql)
            return row.entry
        }
    }

    /// Moves an entry's end (the owner correcting a session's time); the entry never counts as
    /// overlapping itself. Nil when there is no such entry here.
    public func changeEnd(_ id: String, to endedAt: Int64, now: Instant,
                          timeText: @escaping @Sendable (Int64) -> String = { ISO8601.format(Instant(secondsSince1970: $0), utcOffsetSeconds: 0) })
        async throws -> TimeEntry? {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard let row = try await sql.select().columns("*").from("time_entries").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, id).first(decoding: Row.self) else { return nil }
            guard endedAt > row.started_at else {
                throw StoreError(.invalid, field: "ended_at", "the end must come after the start (a time entry cannot be empty or negative)")
            }
            guard endedAt - row.started_at <= Self.longest.seconds else {
                throw StoreError(.invalid, field: "ended_at", "one entry can be at most \(Self.longest.spokenDescription) long")
            }
            if let clash = try await sql.select().columns("started_at", "ended_at").from("time_entries")
                .where("workspace_id", .equal, workspaceID).where("user_id", .equal, row.user_id).where("id", .notEqual, id)
                .where("started_at", .lessThan, endedAt).where("ended_at", .greaterThan, row.started_at)
                .first(decoding: Clash.self) {
                throw StoreError(.conflict, field: "ended_at", "it overlaps time already recorded from \(timeText(clash.started_at)) "
                                 + "to \(timeText(clash.ended_at)); one person's entries cannot overlap")
            }
            try await sql.update("time_entries").set("ended_at", to: endedAt).where("workspace_id", .equal, workspaceID)
                .where("id", .equal, id).run()
            try await DayTotals.add(workspaceID: workspaceID, customerID: row.customer_id, startedAt: row.started_at,
                                    length: endedAt - row.ended_at, billable: row.billable != 0, urgent: row.urgent != 0,
                                    in: sql)
            var changed = row
            changed.ended_at = endedAt
            return changed.entry
        }
    }

    /// The stretches `userID` already has recorded that overlap [from, to).
    public func busy(userID: String, from: Instant, to: Instant) async throws -> [(start: Int64, end: Int64)] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("started_at", "ended_at").from("time_entries")
                .where("workspace_id", .equal, workspaceID).where("user_id", .equal, userID)
                .where("started_at", .lessThan, to.secondsSince1970).where("ended_at", .greaterThan, from.secondsSince1970)
                .limit(200).all(decoding: Clash.self)
        }.map { (start: $0.started_at, end: $0.ended_at) }
    }

    struct Clash: Decodable {
        var started_at: Int64
        var ended_at: Int64
    }

    /// A customer's entries that started in [from, to), oldest first.
    public func list(customerID: Customer.ID, from: Instant, to: Instant) async throws -> [TimeEntry] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("*").from("time_entries")
                .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, customerID)
                .where("started_at", .greaterThanOrEqual, from.secondsSince1970).where("started_at", .lessThan, to.secondsSince1970)
                .orderBy("started_at").limit(1000).all(decoding: Row.self)
        }.map(\.entry)
    }

    /// The time recorded in [from, to): for one customer, or spent on urgent matters by anyone.
    public func total(customerID: Customer.ID? = nil, urgentOnly: Bool = false, from: Instant, to: Instant) async throws -> TimeSpan {
        let workspaceID = self.workspaceID
        struct Sum: Decodable { var total: Int64? }
        let sum = try await database.read { sql in
            let query = sql.select()
                .column(WholeNumber(SQLFunction("sum", args: SQLBinaryExpression(SQLColumn("ended_at"), .subtract,
                                                                                   SQLColumn("started_at")))), as: "total")
                .from("time_entries").where("workspace_id", .equal, workspaceID)
                .where("started_at", .greaterThanOrEqual, from.secondsSince1970).where("started_at", .lessThan, to.secondsSince1970)
            if let customerID { query.where("customer_id", .equal, customerID) }
            if urgentOnly { query.where("urgent", .equal, 1) }
            return try await query.first(decoding: Sum.self)
        }
        return TimeSpan(seconds: sum?.total ?? 0)
    }
}

/// `CAST(expression AS BIGINT)`: PostgreSQL sums big integers as `numeric`; both engines read
/// this as a 64-bit integer.
struct WholeNumber: SQLExpression {
    let expression: any SQLExpression

    init(_ expression: any SQLExpression) { self.expression = expression }

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("CAST(")
        expression.serialize(to: &serializer)
        serializer.write(" AS BIGINT)")
    }
}

/// Each customer's recorded time per UTC day (`time_day_totals`), changed in the same
/// transaction as the entries, so that a month's report reads days instead of every entry.
public enum DayTotals {
    static let day: Int64 = 86_400

    /// Adds `length` seconds (negative to take time away) to the day `startedAt` falls in.
    static func add(workspaceID: Workspace.ID, customerID: Customer.ID, startedAt: Int64, length: Int64, billable: Bool, urgent: Bool,
                    in sql: any SQLDatabase) async throws {
        guard length != 0 else { return }
        struct Row: Encodable {
            var workspace_id: Workspace.ID
            var customer_id: Customer.ID
            var day, total, billable, urgent: Int64
        }
        let row = Row(workspace_id: workspaceID, customer_id: customerID, day: startedAt / day, total: length,
                      billable: billable ? length : 0, urgent: urgent ? length : 0)
        try await sql.insert(into: "time_day_totals").model(row)
            .onConflict(with: ["workspace_id", "day", "customer_id"]) { update in
                for column in ["total", "billable", "urgent"] {
                    update.set(SQLIdentifier(column), to: SQLBinaryExpression(SQLColumn(column, table: "time_day_totals"), .add,
                                                                              SQLExcludedColumn(column)))
                }
                return update
            }.run()
    }

    /// Counts a workspace's day totals again from its entries (after entries were loaded in bulk).
    public static func recount(workspaceID: Workspace.ID, database: Database) async throws {
        try await database.write { sql in
            try await sql.delete(from: "time_day_totals").where("workspace_id", .equal, workspaceID).run()
            try await sql.raw("""
                INSERT INTO time_day_totals (workspace_id, customer_id, day, total, billable, urgent)
                SELECT workspace_id, customer_id, started_at / 86400, sum(ended_at - started_at),
                       sum(billable * (ended_at - started_at)), sum(urgent * (ended_at - started_at))
                FROM time_entries WHERE workspace_id = \(bind: workspaceID) GROUP BY workspace_id, customer_id, started_at / 86400
                """).run()
        }
    }
}
