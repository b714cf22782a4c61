import GatehouseCore
import GatehouseStore

/// One's own account: its password and where it is signed in.
public struct AccountDesk: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// The stored password hash of the account of `email`, to check the current password against.
    public func passwordHash(email: String) async throws -> String? {
        try await Accounts(database: database).credentials(email: email)?.passwordHash
    }

    /// A new password; every other sign-in of the account ends.
    public func setPassword(userID: String, passwordHash: String, keeping signIn: String?) async throws {
        try await PasswordResets(database: database).setPassword(userID: userID, passwordHash: passwordHash, keeping: signIn)
    }

    /// Sets the password of the account of `email` (from the command line); every sign-in ends.
    /// False when there is no such account.
    public func setPassword(email: String, passwordHash: String) async throws -> Bool {
        guard let user = try await Accounts(database: database).credentials(email: email.lowercased())?.user else {
            return false
        }
        try await setPassword(userID: user.id, passwordHash: passwordHash, keeping: nil)
        return true
    }

    /// Where the account is signed in, the most recently used first.
    public func signIns(userID: String, now: Instant) async throws -> [SignInRecord] {
        try await SignIns(database: database).list(userID: userID, now: now)
    }

    /// Signs the account out everywhere but `keeping`; how many sign-ins ended.
    @discardableResult
    public func signOutOthers(userID: String, keeping: String) async throws -> Int {
        try await SignIns(database: database).endOthers(userID: userID, keeping: keeping)
    }
}
