import GatehouseCore
import GatehouseStore

/// The addresses the owner's own systems are called at when something urgent comes in, and
/// the recent calls to them. A hook's secret is made here and shown once, when it is added.
public struct OwnerWebhooks: Sendable {
    let database: Database
    let workspace: Workspace

    public init(database: Database, workspace: Workspace) {
        self.database = database
        self.workspace = workspace
    }

    var webhooks: Webhooks { Webhooks(database: database, workspaceID: workspace.id) }

    /// The workspace's hooks.
    public func list() async throws -> [Webhook] { try await webhooks.list() }

    /// The hook, when it is this workspace's.
    public func hook(_ id: String) async throws -> Webhook? { try await webhooks.get(id) }

    /// Adds a hook; a URL the desk will not call is refused with a `StoreError` that says why.
    public func add(url: String, description: String, actor: String, now: Instant) async throws -> Webhook {
        try await webhooks.add(url: url, description: description, actor: actor, now: now)
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
