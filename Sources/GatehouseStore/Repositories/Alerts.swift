import Foundation
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
    /// Who hears next, in order, when nobody acknowledges an alert: one email address each.
    public var onCall: [String]

    enum CodingKeys: String, CodingKey {
        case onCall = "on_call"
        case email
        case ntfyServer = "ntfy_server"
        case ntfyTopic = "ntfy_topic"
        case ntfyTokenSealed = "ntfy_token_sealed"
    }

    public init(email: String? = nil, ntfyServer: String? = nil, ntfyTopic: String? = nil, ntfyTokenSealed: String? = nil,
                onCall: [String] = []) {
        self.onCall = onCall
        self.email = email
        self.ntfyServer = ntfyServer
        self.ntfyTopic = ntfyTopic
        self.ntfyTokenSealed = ntfyTokenSealed
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        ntfyServer = try c.decodeIfPresent(String.self, forKey: .ntfyServer)
        ntfyTopic = try c.decodeIfPresent(String.self, forKey: .ntfyTopic)
        ntfyTokenSealed = try c.decodeIfPresent(String.self, forKey: .ntfyTokenSealed)
        onCall = (try c.decodeIfPresent(String.self, forKey: .onCall) ?? "").split(separator: "\n").map(String.init)
    }

    /// Whether a push to a phone is set up.
    public var pushes: Bool { ntfyServer != nil && ntfyTopic != nil }
}

/// One alert the owner was sent about an urgent message.
public struct StoredAlert: Sendable, Equatable, Codable {
    public var id: String
    public var conversationID: Conversation.ID
    public var messageID: String
    public var token: String
    public var createdAt: Int64
    public var expiresAt: Int64
    public var acknowledgedAt: Int64?
    public var acknowledgedBy: String?
    /// How many times it was repeated because nobody acknowledged it, and the last time, to whom.
    public var escalations: Int
    public var lastEscalatedTo: String?
    public var lastEscalatedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case id, token, escalations
        case lastEscalatedTo = "last_escalated_to"
        case lastEscalatedAt = "last_escalated_at"
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
    /// When it is passed on if nobody has acknowledged it.
    public var escalateAt: Int64

    public init(token: String, push: String?, sendAt: Int64, escalateAt: Int64) {
        self.token = token
        self.push = push
        self.sendAt = sendAt
        self.escalateAt = escalateAt
    }
}

/// Alerts in one workspace: where they go, the ones sent, and the owner's "I've got it".
public struct Alerts: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    /// How long an alert's link acknowledges it.
    public static let linkLifetime: Int64 = 48 * 3600

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    public func settings() async throws -> StoredAlertSettings {
        try await database.read { sql in
            try await sql.select().columns("email", "ntfy_server", "ntfy_topic", "ntfy_token_sealed", "on_call").from("alert_settings")
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
                .columns("workspace_id", "email", "ntfy_server", "ntfy_topic", "ntfy_token_sealed", "on_call", "updated_at")
                .values(SQLBind(workspaceID), SQLBind(settings.email), SQLBind(settings.ntfyServer), SQLBind(settings.ntfyTopic),
                        SQLBind(settings.ntfyTokenSealed), SQLBind(settings.onCall.isEmpty ? nil : settings.onCall.joined(separator: "\n")),
                        SQLBind(now.secondsSince1970))
                .run()
        }
    }

    /// The alerts about a conversation, oldest first.
    public func about(conversationID: Conversation.ID) async throws -> [StoredAlert] {
        try await database.read { sql in
            try await sql.select().columns(Self.columns).from("alerts").where("workspace_id", .equal, workspaceID)
                .where("conversation_id", .equal, conversationID).orderBy("created_at").all(decoding: StoredAlert.self)
        }
    }

    /// The pushes to the owner's phone about a conversation, oldest first, as their tasks stand.
    public func pushes(conversationID: Conversation.ID) async throws -> [QueuedTask] {
        try await database.read { sql in
            try await sql.select().columns("*").from("tasks").where("workspace_id", .equal, workspaceID)
                .where("kind", .equal, AlertPushes.kind).where("conversation_id", .equal, conversationID)
                .orderBy("created_at").orderBy("id").all(decoding: QueuedTask.self)
        }
    }

    /// The alert a link is for, in any workspace (the link is the key), with its workspace.
    public static func find(token: String, database: Database) async throws -> (workspaceID: Workspace.ID, alert: StoredAlert)? {
        try await database.read { sql in
            guard let row = try await sql.select().columns(columns + ["workspace_id"]).from("alerts")
                .where("token", .equal, token).first() else { return nil }
            return (try row.decode(column: "workspace_id", as: Workspace.ID.self), try row.decode(model: StoredAlert.self))
        }
    }

    /// Records the owner's "I've got it" on every open alert of the conversation; returns whether
    /// anything changed (a second tap changes nothing).
    @discardableResult
    public func acknowledge(conversationID: Conversation.ID, by who: String, now: Instant) async throws -> Bool {
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

    /// Records that an alert nobody acknowledged was passed on to `to` (step `step`), and queues
    /// in the same transaction the push that repeats it and the next step, each once.
    public func escalate(_ alert: StoredAlert, step: Int, to: String, push: String?, nextAt: Int64?, now: Instant) async throws {
        try await database.write { sql in
            try await sql.update("alerts").set("escalations", to: SQLBind(step)).set("last_escalated_to", to: SQLBind(to))
                .set("last_escalated_at", to: SQLBind(now.secondsSince1970))
                .where("workspace_id", .equal, workspaceID).where("id", .equal, alert.id).run()
            var tasks: [NewTask] = []
            if let push {
                tasks.append(NewTask(workspaceID: workspaceID, kind: AlertPushes.kind, payload: push,
                                     key: .named("push:\(alert.messageID):\(step)"), runAt: now.secondsSince1970,
                                     note: "the alert repeated: nobody had acknowledged it", conversationID: alert.conversationID))
            }
            if let nextAt {
                tasks.append(AlertPushes.escalation(token: alert.token, step: step + 1, messageID: alert.messageID,
                                                    conversationID: alert.conversationID, workspaceID: workspaceID, at: nextAt))
            }
            if !tasks.isEmpty { try await TaskQueue.insert(tasks, at: now.secondsSince1970, in: sql) }
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: "desk", action: "alert.escalate",
                                      subjectType: "conversation", subjectID: alert.conversationID,
                                      details: "nobody had acknowledged the urgent alert, so it went to \(to)", now: now)
        }
    }

    static let columns = ["id", "conversation_id", "message_id", "token", "created_at", "expires_at", "acknowledged_at",
                          "acknowledged_by", "escalations", "last_escalated_to", "last_escalated_at"]
}

/// Pushes of alerts to the owner's phone, as tasks: one per urgent message.
public enum AlertPushes {
    public static let kind = "push-alert"
    /// The check, a while after an alert, that someone acknowledged it.
    public static let escalationKind = "escalate-alert"

    /// The escalation step a task carries.
    public struct Escalation: Sendable, Equatable, Codable {
        public var token: String
        public var step: Int
    }

    static func escalation(token: String, step: Int, messageID: String, conversationID: Conversation.ID, workspaceID: Workspace.ID,
                           at: Int64) -> NewTask {
        let payload = String(decoding: (try? JSONEncoder().encode(Escalation(token: token, step: step))) ?? Data(), as: UTF8.self)
        return NewTask(workspaceID: workspaceID, kind: escalationKind, payload: payload,
                       key: .named("escalate:\(messageID):\(step)"), runAt: at,
                       note: "if nobody has acknowledged the alert by then, it goes to the next person", conversationID: conversationID)
    }

    /// Writes each alert and queues its push, inside the caller's transaction.
    static func queue(_ alerts: [(draft: AlertDraft, conversationID: Conversation.ID, messageID: String)], workspaceID: Workspace.ID,
                      at: Int64, sql: any SQLDatabase) async throws {
        guard !alerts.isEmpty else { return }
        let insert = sql.insert(into: "alerts")
            .columns("id", "workspace_id", "conversation_id", "message_id", "token", "created_at", "expires_at")
        for alert in alerts {
            insert.values(SQLBind(NewID.make()), SQLBind(workspaceID), SQLBind(alert.conversationID), SQLBind(alert.messageID),
                          SQLBind(alert.draft.token), SQLBind(at), SQLBind(alert.draft.sendAt + Alerts.linkLifetime))
        }
        try await insert.run()
        var tasks = alerts.compactMap { alert in
            alert.draft.push.map {
                NewTask(workspaceID: workspaceID, kind: kind, payload: $0, key: .named("push:\(alert.messageID)"),
                        runAt: alert.draft.sendAt, note: "a push to the owner's phone about an urgent message",
                        conversationID: alert.conversationID)
            }
        }
        tasks += alerts.map {
            escalation(token: $0.draft.token, step: 1, messageID: $0.messageID, conversationID: $0.conversationID,
                       workspaceID: workspaceID, at: $0.draft.escalateAt)
        }
        try await TaskQueue.insert(tasks, at: at, in: sql)
    }
}
