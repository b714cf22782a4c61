import Foundation

/// A web address the desk calls at once when something the owner's policy calls urgent
/// comes in (a phone push service, a chat channel, the owner's own script).
public struct Webhook: Sendable, Equatable, Codable {
    public var id: String
    public var workspaceID: Workspace.ID
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

    public init(id: String, workspaceID: Workspace.ID, url: String, description: String, secret: String, createdAt: Int64) {
        self.id = id
        self.workspaceID = workspaceID
        self.url = url
        self.description = description
        self.secret = secret
        self.createdAt = createdAt
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

extension Webhook {
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
