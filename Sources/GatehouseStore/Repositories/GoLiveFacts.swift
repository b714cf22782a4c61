import GatehouseCore
import SQLKit

/// What has happened on a new desk, for its go-live checklist: a handful of existence checks.
public struct GoLiveRecord: Sendable {
    let database: Database
    public let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// The audit action that records a test email the mail server accepted.
    public static let testAccepted = "mail.test.accepted"
    /// The audit action that records the owner putting the checklist away.
    public static let dismissed = "checklist.dismissed"

    public struct Seen: Sendable {
        public var sendingSetUp = false, mailAccepted = false, emailReceived = false, contactFormUsed = false,
                   replySent = false, dismissed = false
    }

    public func seen() async throws -> Seen {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            func exists(_ query: SQLSelectBuilder) async throws -> Bool {
                try await query.limit(1).first() != nil
            }
            var seen = Seen()
            seen.sendingSetUp = try await exists(sql.select().column("workspace_id").from("mail_settings")
                .where("workspace_id", .equal, workspaceID))
            let sentAny = try await exists(sql.select().column("id").from("tasks").where("workspace_id", .equal, workspaceID)
                .where("kind", .equal, Outbox.kind).where("state", .equal, "done"))
            let tested = try await exists(sql.select().column("id").from("audit_log").where("workspace_id", .equal, workspaceID)
                .where("action", .equal, Self.testAccepted))
            seen.mailAccepted = sentAny || tested
            seen.emailReceived = try await exists(sql.select().column("id").from("conversations")
                .where("workspace_id", .equal, workspaceID).where("channel", .equal, Channel.email.rawValue))
            seen.contactFormUsed = try await exists(sql.select().column("id").from("conversations")
                .where("workspace_id", .equal, workspaceID).where("channel", .equal, Channel.webForm.rawValue))
            seen.replySent = try await exists(sql.select().column("id").from("tasks").where("workspace_id", .equal, workspaceID)
                .where("kind", .equal, Outbox.kind).where("state", .equal, "done")
                .where(EscapedLike(SQLColumn("idempotency_key"), "reply:%")))
            seen.dismissed = try await exists(sql.select().column("id").from("audit_log").where("workspace_id", .equal, workspaceID)
                .where("action", .equal, Self.dismissed))
            return seen
        }
    }

    /// Records something the checklist measures that leaves no other trace.
    public func record(_ action: String, actor: String, details: String, now: Instant) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: action,
                                      subjectType: "workspace", subjectID: workspaceID, details: details, now: now)
        }
    }
}
