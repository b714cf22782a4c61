import GatehouseCore
import GatehouseStore

/// What the operator does at the command line across workspaces: creating a workspace from a
/// policy file, listing and finding workspaces, and giving someone a role in one.
public struct Administration: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// A new workspace on `policyYAML` (checked first; its problems name their lines).
    public func createWorkspace(slug: String, policyYAML: String, actor: String, now: Instant) async throws -> Workspace {
        try await Workspaces(database: database).create(slug: slug, policyYAML: policyYAML, actor: actor, now: now)
    }

    /// Every workspace on this desk.
    public func workspaces() async throws -> [Workspace] { try await Workspaces(database: database).all() }

    /// The workspace with this short name, if there is one.
    public func workspace(slug: String) async throws -> Workspace? { try await Workspaces(database: database).find(slug: slug) }

    /// The account with this email, if there is one.
    public func user(email: String) async throws -> User? {
        try await Accounts(database: database).credentials(email: email)?.user
    }

    /// Gives `email` the `role` in `workspace`: an existing account keeps its password unless
    /// `passwordHash` replaces it; a new one is created with `passwordHash` (required then) and
    /// `name`. Returns the account.
    public func grant(_ role: Role, to email: String, name: String?, passwordHash: String?, in workspace: Workspace,
                      actor: String, now: Instant) async throws -> User {
        let accounts = Accounts(database: database)
        let user: User
        if let existing = try await accounts.credentials(email: email)?.user {
            user = existing
            if let passwordHash { try await accounts.setPasswordHash(userID: user.id, passwordHash: passwordHash) }
        } else {
            guard let passwordHash else { throw StoreError(.invalid, field: "password", "a new account needs a password") }
            user = try await accounts.createUser(email: email, name: name ?? String(email.prefix { $0 != "@" }),
                                                 passwordHash: passwordHash, now: now)
        }
        try await accounts.setRole(role, userID: user.id, workspaceID: workspace.id, actor: actor, now: now)
        return user
    }
}
