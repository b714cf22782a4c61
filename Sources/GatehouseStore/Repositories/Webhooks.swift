import Foundation
import GatehouseCore
import SQLKit


/// A workspace's webhooks.
public struct Webhooks: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// Adds a hook for `url` whose secret, sealed by the caller, is `secretSealed`. The address
    /// must be an absolute http or https URL.
    public func add(url: String, description: String = "", secretSealed: String, actor: String, now: Instant) async throws -> Webhook {
        let url = url.trimmingCharacters(in: .whitespacesAndNewlines)
        try Self.validate(url: url)
        let hook = Webhook(id: NewID.make(), workspaceID: workspaceID, url: url,
                           description: String(description.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)),
                           secretSealed: secretSealed, createdAt: now.secondsSince1970)
        let workspaceID = self.workspaceID
        try await database.write { sql in
            let existing = try await sql.select().column("id").from("webhooks")
                .where("workspace_id", .equal, workspaceID).where("url", .equal, url).first()
            guard existing == nil else { throw StoreError(.conflict, "a webhook for \(url) exists already") }
            // The old plain-text column is written empty: the secret is only ever stored sealed.
            try await sql.insert(into: "webhooks")
                .columns("id", "workspace_id", "url", "description", "secret", "secret_sealed", "created_at")
                .values(SQLBind(hook.id), SQLBind(workspaceID), SQLBind(hook.url), SQLBind(hook.description), SQLBind(""),
                        SQLBind(secretSealed), SQLBind(hook.createdAt))
                .run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "webhook.add",
                                      subjectType: "webhook", subjectID: hook.id, details: url, now: now)
        }
        return hook
    }

    /// Hooks of every workspace whose secret is still in plain text (stored before secrets were sealed).
    public static func unsealed(database: Database) async throws -> [Webhook] {
        try await database.read { sql in
            try await sql.select().columns("*").from("webhooks").where("secret_sealed", .is, SQLLiteral.null)
                .where("secret", .notEqual, "").all(decoding: Webhook.self)
        }
    }

    /// Replaces a hook's plain-text secret by the same secret sealed.
    public static func seal(_ hook: Webhook, sealed: String, database: Database) async throws {
        try await database.write { sql in
            try await sql.update("webhooks").set("secret_sealed", to: sealed).set("secret", to: "")
                .where("workspace_id", .equal, hook.workspaceID).where("id", .equal, hook.id)
                .where("secret_sealed", .is, SQLLiteral.null).run()
        }
    }

    /// The workspace's hooks, oldest first.
    public func list() async throws -> [Webhook] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("*").from("webhooks").where("workspace_id", .equal, workspaceID)
                .orderBy("created_at").orderBy("id").all(decoding: Webhook.self)
        }
    }

    /// The hook with this id in this workspace.
    public func get(_ id: String) async throws -> Webhook? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("*").from("webhooks").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, id).first(decoding: Webhook.self)
        }
    }

    /// Removes a hook; false when there is no such hook in this workspace.
    public func remove(_ id: String, actor: String, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            let removed = try await sql.delete(from: "webhooks").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, id).returning("url").all()
            guard let row = removed.first else { return false }
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "webhook.remove",
                                      subjectType: "webhook", subjectID: id,
                                      details: (try? row.decode(column: "url", as: String.self)) ?? "", now: now)
            return true
        }
    }

    /// Refuses what is not an absolute http(s) address with a host, saying what is wrong.
    public static func validate(url: String) throws { try Webhook.validate(url: url) }
}


/// Webhook deliveries in the task queue.
public enum WebhookDeliveries {
    public static let kind = "deliver-webhook"

    /// Queues each event for each of the workspace's hooks, inside the caller's transaction. The
    /// idempotency key (hook and inbound message) keeps a message from paging the owner twice.
    static func queue(_ notices: [(body: String, messageID: String)], workspaceID: Workspace.ID, at: Int64,
                      sql: any SQLDatabase) async throws {
        struct HookRow: Decodable { var id: String }
        let hooks = try await sql.select().column("id").from("webhooks").where("workspace_id", .equal, workspaceID)
            .all(decoding: HookRow.self)
        guard !hooks.isEmpty else { return }
        let tasks = notices.flatMap { body, messageID in
            hooks.map { hook in
                NewTask(workspaceID: workspaceID, kind: kind, payload: WebhookDelivery(webhookID: hook.id, body: body).payload,
                        key: .webhook(hook.id, about: messageID), runAt: at)
            }
        }
        try await TaskQueue.insert(tasks, at: at, in: sql)
    }
}

extension WebhookDelivery {
    /// The delivery a task carries, or nil when its payload is not one.
    public init?(task: QueuedTask) {
        guard task.kind == WebhookDeliveries.kind,
              let decoded = try? JSONDecoder().decode(WebhookDelivery.self, from: Data(task.payload.utf8))
        else { return nil }
        self = decoded
    }
}
