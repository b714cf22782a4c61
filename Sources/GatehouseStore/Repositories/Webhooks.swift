import Foundation
import GatehouseCore
import SQLKit

/// A web address the desk calls at once when something the owner's policy calls urgent
/// comes in (a phone push service, a chat channel, the owner's own script).
public struct Webhook: Sendable, Equatable, Codable {
    public var id: String
    public var workspaceID: String
    public var url: String
    public var description: String
    /// Signs every delivery (HMAC-SHA256); shown to the owner once, when the hook is added.
    public var secret: String
    public var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case id, url, description, secret
        case workspaceID = "workspace_id"
        case createdAt = "created_at"
    }
}

/// A workspace's webhooks.
public struct Webhooks: Sendable {
    let database: Database
    let workspaceID: String

    public init(database: Database, workspaceID: String) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// Adds a hook for `url` with a new secret. The address must be an absolute http or https URL.
    public func add(url: String, description: String = "", actor: String, now: Instant) async throws -> Webhook {
        let url = url.trimmingCharacters(in: .whitespacesAndNewlines)
        try Self.validate(url: url)
        let hook = Webhook(id: NewID.make(), workspaceID: workspaceID, url: url,
                           description: String(description.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)),
                           secret: "whsec_" + StatusToken.make(), createdAt: now.secondsSince1970)
        let workspaceID = self.workspaceID
        try await database.write { sql in
            let existing = try await sql.select().column("id").from("webhooks")
                .where("workspace_id", .equal, workspaceID).where("url", .equal, url).first()
            guard existing == nil else { throw StoreError(.conflict, "a webhook for \(url) exists already") }
            try await sql.insert(into: "webhooks").model(hook).run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "webhook.add",
                                      subjectType: "webhook", subjectID: hook.id, details: url, now: now)
        }
        return hook
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
    public static func validate(url: String) throws {
        guard !url.isEmpty else { throw StoreError(.invalid, "url is required") }
        guard url.count <= 2000 else { throw StoreError(.invalid, "url is longer than 2000 characters") }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw StoreError(.invalid, "url '\(url)' is not a web address")
        }
        guard scheme == "http" || scheme == "https" else {
            throw StoreError(.invalid, "url must start with https:// or http://, not \(scheme):")
        }
        guard let host = components.host, !host.isEmpty else { throw StoreError(.invalid, "url '\(url)' has no host") }
    }
}

/// One call of one webhook, waiting in the task queue (kind `deliver-webhook`).
public struct WebhookDelivery: Sendable, Equatable, Codable {
    public var webhookID: String
    /// The JSON body, sent exactly as written here (the signature covers these bytes).
    public var body: String

    enum CodingKeys: String, CodingKey {
        case webhookID = "webhook_id"
        case body
    }

    public init(webhookID: String, body: String) {
        self.webhookID = webhookID
        self.body = body
    }

    /// The delivery a task carries, or nil when its payload is not one.
    public init?(task: QueuedTask) {
        guard task.kind == WebhookDeliveries.kind,
              let decoded = try? JSONDecoder().decode(WebhookDelivery.self, from: Data(task.payload.utf8))
        else { return nil }
        self = decoded
    }

    /// The task payload (JSON).
    public var payload: String {
        var writer = JSONWriter(capacity: body.utf8.count + 64)
        writer.beginObject()
        writer.key("webhook_id")
        writer.string(webhookID)
        writer.key("body")
        writer.string(body)
        writer.endObject()
        return writer.text
    }
}

/// Webhook deliveries in the task queue.
public enum WebhookDeliveries {
    public static let kind = "deliver-webhook"

    /// Queues each event for each of the workspace's hooks, inside the caller's transaction. The
    /// idempotency key (hook and inbound message) keeps a message from paging the owner twice.
    static func queue(_ notices: [(body: String, messageID: String)], workspaceID: String, at: Int64,
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
