import GatehouseCore
import SQLKit

/// Submissions of a workspace's public contact form, counted per client address so one
/// sender (or one robot) cannot flood the owner's inbox. Kept in the database so every
/// instance of the desk counts the same submissions.
public struct FormSubmissions: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// Notes one submission from `address`.
    public func record(address: String, now: Instant) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.insert(into: "form_submissions").columns("id", "workspace_id", "address", "at")
                .values(SQLBind(NewID.make()), SQLBind(workspaceID), SQLBind(address), SQLBind(now.secondsSince1970))
                .run()
        }
    }

    /// Notes a submission from `address` at `now` and says true, or says false (noting nothing)
    /// when `limit` of them came from it in the `window` before.
    public func admit(address: String, now: Instant, window: TimeSpan, limit: Int) async throws -> Bool {
        guard try await count(address: address, since: now - window) < limit else { return false }
        try await record(address: address, now: now)
        return true
    }

    /// Submissions from `address` to this workspace since `since`.
    public func count(address: String, since: Instant) async throws -> Int {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n")
                .from("form_submissions")
                .where("workspace_id", .equal, workspaceID).where("address", .equal, address)
                .where("at", .greaterThanOrEqual, since.secondsSince1970)
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Forgets submissions older than `before`, in every workspace (housekeeping).
    public static func forget(before: Instant, in database: Database) async throws {
        try await database.write { sql in
            try await sql.delete(from: "form_submissions").where("at", .lessThan, before.secondsSince1970).run()
        }
    }
}
