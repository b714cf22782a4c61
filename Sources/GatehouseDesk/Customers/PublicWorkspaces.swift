import GatehouseCore
import GatehouseStore

/// The workspaces as the public sees them: by the short name in their page's address, with a
/// policy that reads (a workspace whose policy does not read has no public page).
public struct PublicWorkspaces: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The workspace at `/w/{slug}` and its policy, or nil.
    public func find(slug: String) async throws -> (workspace: Workspace, policy: Policy)? {
        guard let workspace = try await Workspaces(database: database).find(slug: slug), let policy = try? workspace.policy()
        else { return nil }
        return (workspace, policy)
    }
}
