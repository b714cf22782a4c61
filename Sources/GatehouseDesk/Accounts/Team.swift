import GatehouseCore
import GatehouseStore

/// The people of a workspace and their roles: who is on the team, adding someone (with a new
/// account, or the one they have in another workspace), changing a role — and the rule that a
/// workspace always keeps an owner.
public struct Team: Sendable {
    let database: Database
    let workspace: Workspace

    public init(database: Database, workspace: Workspace) {
        self.database = database
        self.workspace = workspace
    }

    var accounts: Accounts { Accounts(database: database) }

    /// Everyone on the team, with their role.
    public func members() async throws -> [(user: User, role: Role)] {
        try await accounts.members(workspaceID: workspace.id)
    }

    /// The workspaces a user belongs to, with their role in each.
    public func workspaces(of userID: String) async throws -> [(workspace: Workspace, role: Role)] {
        try await accounts.workspaces(of: userID)
    }

    /// Whether someone has an account already (in any workspace).
    public func existingUser(email: String) async throws -> User? {
        try await accounts.credentials(email: email)?.user
    }

    /// Adds someone to the team: `existing` joins with the account they have; otherwise an account
    /// is made with `passwordHash`.
    public func add(email: String, name: String, passwordHash: String?, existing: User?, role: Role, actor: String,
                    now: Instant) async throws {
        let user: User
        if let existing {
            user = existing
        } else {
            user = try await accounts.createUser(email: email, name: name, passwordHash: passwordHash ?? "", now: now)
        }
        try await accounts.setRole(role, userID: user.id, workspaceID: workspace.id, actor: actor, now: now)
    }

    /// What changing a role came to.
    public enum RoleChange: Sendable, Equatable {
        case changed
        /// The user is not on this workspace's team.
        case notAMember
        /// It would leave the workspace without an owner.
        case lastOwner
    }

    /// Gives a team member a role; the last owner stays an owner.
    public func setRole(_ role: Role, userID: String, actor: String, now: Instant) async throws -> RoleChange {
        let members = try await self.members()
        guard members.contains(where: { $0.user.id == userID }) else { return .notAMember }
        if role == .staff, members.filter({ $0.role == .owner }).map(\.user.id) == [userID] { return .lastOwner }
        try await accounts.setRole(role, userID: userID, workspaceID: workspace.id, actor: actor, now: now)
        return .changed
    }
}

extension WorkspaceDesk {
    /// The workspace's team and their roles.
    public var team: Team { Team(database: database, workspace: workspace) }

    /// The desk's public address as the owner stored it, if they did.
    public func storedPublicAddress() async throws -> String? { try await DeskSettings(database: database).publicAddress() }

    /// Keeps the desk's public address (checked: a web address).
    public func setPublicAddress(_ typed: String) async throws {
        _ = try await DeskSettings(database: database).setPublicAddress(typed, now: now)
    }
}
