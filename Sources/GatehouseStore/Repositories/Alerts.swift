import GatehouseCore
import SQLKit

/// Where a workspace's alerts about urgent matters go, as stored: the ntfy token only sealed.
public struct StoredAlertSettings: Sendable, Equatable, Codable {
    /// An address of the owner's own (their phone's mail), not the business inbox.
    public var email: String?
    /// The ntfy server (`https://ntfy.sh` or the owner's own) and the topic the phone subscribes to.
    public var ntfyServer: String?
    public var ntfyTopic: String?
    /// The ntfy access token sealed with the server's key, never shown back.
    public var ntfyTokenSealed: String?

    enum CodingKeys: String, CodingKey {
        case email
        case ntfyServer = "ntfy_server"
        case ntfyTopic = "ntfy_topic"
        case ntfyTokenSealed = "ntfy_token_sealed"
    }

    public init(email: String? = nil, ntfyServer: String? = nil, ntfyTopic: String? = nil, ntfyTokenSealed: String? = nil) {
        self.email = email
        self.ntfyServer = ntfyServer
        self.ntfyTopic = ntfyTopic
        self.ntfyTokenSealed = ntfyTokenSealed
    }

    /// Whether a push to a phone is set up.
    public var pushes: Bool { ntfyServer != nil && ntfyTopic != nil }
}

/// One alert the owner was sent about an urgent message.
public struct StoredAlert: Sendable, Equatable, Codable {
    public var id: String
    public var conversationID: String
    public var messageID: String
    public var token: String
    public var createdAt: Int64
    public var expiresAt: Int64
    public var acknowledgedAt: Int64?
    public var acknowledgedBy: String?

    enum CodingKeys: String, CodingKey {
        case id, token
        case conversationID = "conversation_id"
        case messageID = "message_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case acknowledgedAt = "acknowledged_at"
        case acknowledgedBy = "acknowledged_by"
    }
}

/// An alert decided at filing: its link's token and, when a phone is to be pushed, the push.
public struct AlertDraft: Sendable {
    public var token: String
    /// The ntfy publish request as JSON (see `AlertPushes`), or nil when no push is set up.
    public var push: String?
    /// When the push goes out: now, or when the owner's urgent hours start.
    public var sendAt: Int64

    public init(token: String, push: String?, sendAt: Int64) {
        self.token = token
        self.push = push
        self.sendAt = sendAt
    }
}

/// Alerts in one workspace: where they go, the ones sent, and the owner's "I've got it".
public struct Alerts: Sendable {
    let database: Database
    let workspaceID: String

    /// How long an alert's link acknowledges it.
    public static let linkLifetime: Int64 = 48 * 3600

    public init(database: Database, workspaceID: String) {
        self.database = database
        self.workspaceID = workspaceID
    }

    public func settings() async throws -> StoredAlertSettings {
        try await database.read { sql in
            try await sql.select().columns("email", "ntfy_server", "ntfy_topic", "ntfy_token_sealed").from("alert_settings")
                .where("workspace_id", .equal, workspaceID).first(decoding: StoredAlertSettings.self)
        } ?? StoredAlertSettings()
    }

    /// Replaces where alerts go, noting who did it in the audit log.
    public func saveSettings(_ settings: StoredAlertSettings, actor: String, now: Instant) async throws {
        try await database.write { sql in
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "alert-settings.update",
                                      subjectType: "workspace", subjectID: workspaceID,
                                      details: [settings.email.map { "email to \($0)" },
                                                settings.pushes ? "push to \(settings.ntfyServer ?? "")" : nil]
                                          .compactMap { $0 }.joined(separator: ", "), now: now)
            try await sql.delete(from: "alert_settings").where("workspace_id", .equal, workspaceID).run()
            try await sql.insert(into: "alert_settings")
                .columns("workspace_id", "email", "ntfy_server", "ntfy_topic", "ntfy_token_sealed", "updated_at")
                .values(SQLBind(workspaceID), SQLBind(settings.email), SQLBind(settings.ntfyServer), SQLBind(settings.ntfyTopic),
                        SQLBind(settings.ntfyTokenSealed), SQLBind(now.secondsSince1970))
                .run()
        }
    }

    /// The alerts about a conversation, oldest first.
    public func about(conversationID: String) async throws -> [StoredAlert] {
        try await database.read { sql in
            try await sql.select().columns(Self.columns).from("alerts").where("workspace_id", .equal, workspaceID)
                .where("conversation_id", .equal, conversationID).orderBy("created_at").all(decoding: StoredAlert.self)
        }
    }

    /// The alert a link is for, in any workspace (the link is the key), with its workspace.
    public static func find(token: String, database: Database) async throws -> (workspaceID: String, alert: StoredAlert)? {
        struct Row: Decodable { var workspace_id: String }
        return try await database.read { sql in
            guard let alert = try await sql.select().columns(columns).from("alerts").where("token", .equal, token)
                .first(decoding: StoredAlert.self),
                let row = try await sql.select().column("workspace_id").from("alerts").where("token", .equal, token)
                    .first(decoding: Row.self) else { return nil }
            return (row.workspace_id, alert)
        }
    }

    /// Records the owner's "I've got it" on every open alert of the conversation; returns whether
    /// anything changed (a second tap changes nothing).
    @discardableResult
    public func acknowledge(conversationID: String, by who: String, now: Instant) async throws -> Bool {
        try await database.write { sql in
            let changed = try await sql.update("alerts").set("acknowledged_at", to: SQLBind(now.secondsSince1970))
                .set("acknowledged_by", to: SQLBind(who))
                .where("workspace_id", .equal, workspaceID).where("conversation_id", .equal, conversationID)
                .where("acknowledged_at", .is, SQLLiteral.null).returning("id").all()
            if !changed.isEmpty {
                try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: who, action: "alert.acknowledge",
                                          subjectType: "conversation", subjectID: conversationID,
                                          details: "the urgent alert was acknowledged", now: now)
            }
            return !changed.isEmpty
        }
    }

    static let columns = ["id", "conversation_id", "message_id", "token", "created_at", "expires_at", "acknowledged_at",
                          "acknowledged_by"]
}

/// Pushes of alerts to the owner's phone, as tasks: one per urgent message.
public enum AlertPushes {
    public static let kind = "push-alert"

    /// Writes each alert and queues its push, inside the caller's transaction.
    static func queue(_ alerts: [(draft: AlertDraft, conversationID: String, messageID: String)], workspaceID: String,
                      at: Int64, sql: any SQLDatabase) async throws {
        guard !alerts.isEmpty else { return }
        let insert = sql.insert(into: "alerts")
            .columns("id", "workspace_id", "conversation_id", "message_id", "token", "created_at", "expires_at")
        for alert in alerts {
            insert.values(SQLBind(NewID.make()), SQLBind(workspaceID), SQLBind(alert.conversationID), SQLBind(alert.messageID),
                          SQLBind(alert.draft.token), SQLBind(at), SQLBind(alert.draft.sendAt + Alerts.linkLifetime))
        }
        try await insert.run()
        let pushes = alerts.compactMap { alert in
            alert.draft.push.map {
                NewTask(workspaceID: workspaceID, kind: kind, payload: $0, key: .named("push:\(alert.messageID)"),
                        runAt: alert.draft.sendAt, note: "a push to the owner's phone about an urgent message",
                        conversationID: alert.conversationID)
            }
        }
        if !pushes.isEmpty { try await TaskQueue.insert(pushes, at: at, in: sql) }
    }
}
