import Foundation
import GatehouseCore
import SQLKit

/// How a workspace's mail leaves, as stored: the password only in sealed form.
public struct StoredMailSettings: Sendable, Equatable, Codable {
    public enum Method: String, Sendable, Codable { case smtp, sendmail }

    public var method: Method
    public var host: String?
    public var port: Int?
    public var security: String?
    public var username: String?
    /// The password sealed with the server's key (see the desk's `ServerKey`), never shown back.
    public var passwordSealed: String?
    public var allowUntrustedCertificate: Bool
    public var sendmailPath: String?
    /// The envelope sender (MAIL FROM) when it differs from the policy's business address.
    public var envelopeSender: String?
    public var updatedAt: Int64

    enum CodingKeys: String, CodingKey {
        case method, host, port, security, username
        case passwordSealed = "password_sealed"
        case allowUntrustedCertificate = "allow_untrusted_certificate"
        case sendmailPath = "sendmail_path"
        case envelopeSender = "envelope_sender"
        case updatedAt = "updated_at"
    }

    public init(method: Method, host: String? = nil, port: Int? = nil, security: String? = nil, username: String? = nil,
                passwordSealed: String? = nil, allowUntrustedCertificate: Bool = false, sendmailPath: String? = nil,
                envelopeSender: String? = nil, updatedAt: Int64) {
        self.method = method
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.passwordSealed = passwordSealed
        self.allowUntrustedCertificate = allowUntrustedCertificate
        self.sendmailPath = sendmailPath
        self.envelopeSender = envelopeSender
        self.updatedAt = updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decode(Method.self, forKey: .method)
        host = try c.decodeIfPresent(String.self, forKey: .host)
        port = try c.decodeIfPresent(Int.self, forKey: .port)
        security = try c.decodeIfPresent(String.self, forKey: .security)
        username = try c.decodeIfPresent(String.self, forKey: .username)
        passwordSealed = try c.decodeIfPresent(String.self, forKey: .passwordSealed)
        // Stored as 0/1 on both engines.
        allowUntrustedCertificate = try c.decode(Int.self, forKey: .allowUntrustedCertificate) != 0
        sendmailPath = try c.decodeIfPresent(String.self, forKey: .sendmailPath)
        envelopeSender = try c.decodeIfPresent(String.self, forKey: .envelopeSender)
        updatedAt = try c.decode(Int64.self, forKey: .updatedAt)
    }
}

/// Each workspace's way of sending mail.
public struct MailSettingsStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func get(workspaceID: String) async throws -> StoredMailSettings? {
        try await database.read { sql in
            try await sql.select().columns("method", "host", "port", "security", "username", "password_sealed",
                                           "allow_untrusted_certificate", "sendmail_path", "envelope_sender", "updated_at")
                .from("mail_settings").where("workspace_id", .equal, workspaceID).first(decoding: StoredMailSettings.self)
        }
    }

    /// Several workspaces' settings at once (for a batch of deliveries).
    public func get(workspaceIDs: [String]) async throws -> [String: StoredMailSettings] {
        var found: [String: StoredMailSettings] = [:]
        for id in Set(workspaceIDs) {
            if let settings = try await get(workspaceID: id) { found[id] = settings }
        }
        return found
    }

    /// Replaces the workspace's settings, noting who did it in the audit log.
    public func put(_ settings: StoredMailSettings, workspaceID: String, actor: String, now: Instant) async throws {
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
    public func delete(workspaceID: String) async throws -> Bool {
        try await database.write { sql in
            !(try await sql.delete(from: "mail_settings").where("workspace_id", .equal, workspaceID).returning("workspace_id").all()).isEmpty
        }
    }
}
