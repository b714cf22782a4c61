import Foundation
import GatehouseCore
import SQLKit


/// Each workspace's way of sending mail.
public struct MailSettingsStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func get(workspaceID: Workspace.ID) async throws -> StoredMailSettings? {
        try await database.read { sql in
            try await sql.select().columns("method", "host", "port", "security", "username", "password_sealed",
                                           "allow_untrusted_certificate", "sendmail_path", "envelope_sender", "updated_at")
                .from("mail_settings").where("workspace_id", .equal, workspaceID).first(decoding: StoredMailSettings.self)
        }
    }

    /// Several workspaces' settings at once (for a batch of deliveries).
    public func get(workspaceIDs: [Workspace.ID]) async throws -> [Workspace.ID: StoredMailSettings] {
        var found: [Workspace.ID: StoredMailSettings] = [:]
        for id in Set(workspaceIDs) {
            if let settings = try await get(workspaceID: id) { found[id] = settings }
        }
        return found
    }

    /// Replaces the workspace's settings, noting who did it in the audit log.
    public func put(_ settings: StoredMailSettings, workspaceID: Workspace.ID, actor: String, now: Instant) async throws {
        try await database.write { sql in
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "mail-settings.update",
                                      subjectType: "workspace", subjectID: workspaceID,
                                      details: "mail goes by \(settings.method.rawValue)"
                                          + (settings.host.map { " through \($0)" } ?? ""), now: now)
            try await sql.delete(from: "mail_settings").where("workspace_id", .equal, workspaceID).run()
            try await sql.insert(into: "mail_settings")
                .columns("workspace_id", "method", "host", "port", "security", "username", "password_sealed",
                         "allow_untrusted_certificate", "sendmail_path", "envelope_sender", "updated_at")
                .values(SQLBind(workspaceID), SQLBind(settings.method.rawValue), SQLBind(settings.host), SQLBind(settings.port),
                        SQLBind(settings.security), SQLBind(settings.username), SQLBind(settings.passwordSealed),
                        SQLBind(settings.allowUntrustedCertificate ? 1 : 0), SQLBind(settings.sendmailPath),
                        SQLBind(settings.envelopeSender), SQLBind(settings.updatedAt))
                .run()
        }
    }

    /// Removes the settings; returns whether there were any.
    public func delete(workspaceID: Workspace.ID) async throws -> Bool {
        try await database.write { sql in
            !(try await sql.delete(from: "mail_settings").where("workspace_id", .equal, workspaceID).returning("workspace_id").all()).isEmpty
        }
    }
}
