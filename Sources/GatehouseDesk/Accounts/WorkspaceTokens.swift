import GatehouseCore
import GatehouseStore

/// The workspace's API and ingest tokens. A token is shown once, by whoever made it; only its
/// hash is kept here.
public struct WorkspaceTokens: Sendable {
    let database: Database
    let workspace: Workspace

    public init(database: Database, workspace: Workspace) {
        self.database = database
        self.workspace = workspace
    }

    var tokens: APITokens { APITokens(database: database) }

    /// Keeps a new token's hash, for `scope`, under the name it will be recognised by.
    public func issue(name: String, tokenHash: String, scope: TokenScope, createdBy: String?, now: Instant) async throws -> APIToken {
        try await tokens.create(workspaceID: workspace.id, name: name, tokenHash: tokenHash, scope: scope, createdBy: createdBy, now: now)
    }

    /// The workspace's tokens, revoked ones included.
    public func list() async throws -> [APIToken] { try await tokens.list(workspaceID: workspace.id) }

    /// Revokes a token; false when there is no such token here.
    public func revoke(_ id: String, actor: String, now: Instant) async throws -> Bool {
        try await tokens.revoke(id: id, workspaceID: workspace.id, actor: actor, now: now)
    }
}
