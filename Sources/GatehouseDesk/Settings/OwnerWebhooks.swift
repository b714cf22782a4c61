import GatehouseCore
import GatehouseStore

/// The addresses the owner's own systems are called at when something urgent comes in, and
/// the recent calls to them. A hook's secret is made here, shown once, when it is added, and
/// stored only sealed with the server's key.
public struct OwnerWebhooks: Sendable {
    let database: Database
    let workspace: Workspace
    let key: ServerKey

    public init(database: Database, workspace: Workspace, key: ServerKey) {
        self.database = database
        self.workspace = workspace
        self.key = key
    }

    /// A hook just added, with its secret: the one time the owner sees it.
    public struct Added: Sendable {
        public var hook: Webhook
        public var secret: String
    }

    var webhooks: Webhooks { Webhooks(database: database, workspaceID: workspace.id) }

    /// The workspace's hooks.
    public func list() async throws -> [Webhook] { try await webhooks.list() }

    /// The hook, when it is this workspace's.
    public func hook(_ id: String) async throws -> Webhook? { try await webhooks.get(id) }

    /// Adds a hook; a URL the desk will not call is refused with a `StoreError` that says why.
    public func add(url: String, description: String, actor: String, now: Instant) async throws -> Added {
        let secret = "whsec_" + StatusToken.make()
        let hook = try await webhooks.add(url: url, description: description, secretSealed: try key.seal(secret), actor: actor,
                                          now: now)
        return Added(hook: hook, secret: secret)
    }

    /// Removes a hook; false when there is no such hook here.
    public func remove(_ id: String, actor: String, now: Instant) async throws -> Bool {
        try await webhooks.remove(id, actor: actor, now: now)
    }

    /// The most recent calls to the workspace's hooks, newest first: waiting, retrying, delivered, failed.
    public func deliveries(limit: Int = 50) async throws -> [QueuedTask] {
        try await TaskQueue(database: database).recent(workspaceID: workspace.id, kind: WebhookDeliveries.kind, limit: limit)
    }
}

extension Webhook {
    /// The secret that signs its calls, opened with the server's key (or, for a hook stored before
    /// secrets were sealed and not sealed yet, as it was stored).
    func secret(key: ServerKey) throws -> String {
        if let sealed = secretSealed { return try key.open(sealed) }
        guard let plain = unsealedSecret, !plain.isEmpty else {
            throw ServerKey.Problem(description: "the webhook has no signing secret; remove it and add it again")
        }
        return plain
    }
}
