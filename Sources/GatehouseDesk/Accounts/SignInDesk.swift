import GatehouseCore
import GatehouseStore

/// Signing in and out, for pages and tokens: who is signed in, the throttle on failed
/// attempts, the sessions a browser holds, and the API tokens a request presents.
public struct SignInDesk: Sendable {
    let database: Database
    public let clock: any DeskClock

    /// Failed sign-ins allowed per account, and per address, in `throttleWindow`.
    public static let accountLimit = 5
    public static let addressLimit = 20
    public static let throttleWindow = TimeSpan(seconds: 15 * 60)

    /// Whether anyone has an account yet.
    public func hasUsers() async throws -> Bool { try await Accounts(database: database).hasUsers() }

    /// Whether `email` or `address` has failed too often lately to try again now.
    public func isThrottled(email: String, address: String) async throws -> Bool {
        let recent = try await LoginFailures(database: database)
            .count(email: email, address: address, since: clock.now() - Self.throttleWindow)
        return recent.account >= Self.accountLimit || recent.address >= Self.addressLimit
    }

    /// The account for `email` and its stored password hash, if there is one.
    public func credentials(email: String) async throws -> (user: User, passwordHash: String)? {
        try await Accounts(database: database).credentials(email: email)
    }

    /// Counts a failed attempt against `email` and `address`.
    public func recordFailure(email: String, address: String) async throws {
        try await LoginFailures(database: database).record(email: email, address: address, now: clock.now())
    }

    /// Forgets the failed attempts against `email` once its owner got in.
    public func clearFailures(email: String) async throws {
        try await LoginFailures(database: database).clear(email: email)
    }

    /// The workspace a new sign-in opens on: the first of the user's.
    public func firstWorkspaceID(of userID: String) async throws -> Workspace.ID? {
        try await Accounts(database: database).workspaces(of: userID).first?.workspace.id
    }

    /// Keeps a new browser sign-in.
    public func start(_ record: SignInRecord) async throws { try await SignIns(database: database).create(record) }

    /// The signed-in session with this hashed id, with its user and their workspaces.
    public func current(idHash: String) async throws
        -> (session: SignInRecord, user: User, workspaces: [(workspace: Workspace, role: Role)])? {
        try await SignIns(database: database).signedIn(idHash: idHash, now: clock.now())
    }

    /// Ends a browser sign-in.
    public func end(idHash: String) async throws { try await SignIns(database: database).delete(idHash: idHash) }

    /// Moves a browser sign-in to another of the user's workspaces.
    public func switchWorkspace(idHash: String, to workspaceID: Workspace.ID) async throws -> Bool {
        try await SignIns(database: database).switchWorkspace(idHash: idHash, to: workspaceID)
    }

    /// The API or ingest token with this hash, and its workspace.
    public func token(hash: String) async throws -> (token: APIToken, workspace: Workspace)? {
        try await APITokens(database: database).findWithWorkspace(tokenHash: hash)
    }
}
