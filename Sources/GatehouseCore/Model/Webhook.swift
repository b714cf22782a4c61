import Foundation

/// A web address the desk calls at once when something the owner's policy calls urgent
/// comes in (a phone push service, a chat channel, the owner's own script).
public struct Webhook: Sendable, Equatable, Codable {
    public var id: String
    public var workspaceID: Workspace.ID
    public var url: String
    public var description: String
    /// The secret that signs every delivery (HMAC-SHA256), sealed with the server's key; the
    /// owner sees it once, when the hook is added. Nil only for a hook stored before secrets were
    /// sealed, until a desk with the key seals it.
    public var secretSealed: String?
    /// Such a hook's secret, still in plain text ("" or nil once sealed).
    public var unsealedSecret: String?
    public var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case id, url, description
        case secretSealed = "secret_sealed"
        case unsealedSecret = "secret"
        case workspaceID = "workspace_id"
        case createdAt = "created_at"
    }

    public init(id: String, workspaceID: Workspace.ID, url: String, description: String, secretSealed: String?,
                unsealedSecret: String? = nil, createdAt: Int64) {
        self.id = id
        self.workspaceID = workspaceID
        self.url = url
        self.description = description
        self.secretSealed = secretSealed
        self.unsealedSecret = unsealedSecret
        self.createdAt = createdAt
    }

    /// Whether its secret is still stored in plain text.
    public var needsSealing: Bool { secretSealed == nil && !(unsealedSecret ?? "").isEmpty }
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
