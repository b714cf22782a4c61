import GatehouseCore
import SQLKit

/// A workspace's SMS provider settings: the auth token its webhook calls are signed with, sealed.
public struct SMSSettings: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// The sealed auth token, or nil when none is set.
    public func authTokenSealed() async throws -> String? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().column("auth_token_sealed").from("sms_settings").where("workspace_id", .equal, workspaceID)
                .first()?.decode(column: "auth_token_sealed", as: String.self)
        }
    }

    /// Sets (or replaces) the sealed auth token, recorded in the audit log (never the token).
    public func setAuthToken(sealed: String, actor: String, now: Instant) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.delete(from: "sms_settings").where("workspace_id", .equal, workspaceID).run()
            try await sql.insert(into: "sms_settings").columns("workspace_id", "auth_token_sealed", "updated_at")
                .values(SQLBind(workspaceID), SQLBind(sealed), SQLBind(now.secondsSince1970)).run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "sms.auth-token", subjectType: "workspace",
                                      subjectID: workspaceID.rawValue, details: "requests to /inbound/sms must be signed", now: now)
        }
    }

    /// Removes the auth token; false when none was set.
    public func removeAuthToken(actor: String, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            let removed = try await sql.delete(from: "sms_settings").where("workspace_id", .equal, workspaceID)
                .returning("workspace_id").all()
            if removed.isEmpty { return false }
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "sms.auth-token.remove",
                                      subjectType: "workspace", subjectID: workspaceID.rawValue,
                                      details: "requests to /inbound/sms are no longer checked for a signature", now: now)
            return true
        }
    }
}
