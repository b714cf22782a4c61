import GatehouseCore
import GatehouseStore

/// The first owner's setup: their own policy, written from their answers with an example as
/// its shape (never its business), and their account and workspace, in one go.
public struct FirstRunSetup: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The owner's account on a new desk.
    public struct Account: Sendable {
        public var name: String
        public var email: String
        public var passwordHash: String
        public init(name: String, email: String, passwordHash: String) {
            self.name = name
            self.email = email
            self.passwordHash = passwordHash
        }
    }

    /// A desk that is set up: where it lives, who owns it, and what the policy took from the
    /// example and what it left out.
    public struct Done: Sendable {
        public var workspace: Workspace
        public var user: User
        public var notes: [String]
    }

    /// Whether the desk still waits for its first owner.
    public func isOpen() async throws -> Bool { try await !Accounts(database: database).hasUsers() }

    /// Whether a setup link is still good.
    public func linkWorks(tokenHash: String, now: Instant) async throws -> Bool {
        try await SetupTokens(database: database).isValid(tokenHash: tokenHash, now: now)
    }

    /// Writes the owner's policy and creates the desk, using the setup link up.
    /// - Throws: `SetupProblems` for answers that cannot make a policy, or a `StoreError`.
    public func complete(tokenHash: String, slug: String, answers: PolicyAnswers, exampleYAML: String,
                         account: Account, publicAddress: String? = nil, now: Instant) async throws -> Done {
        let own: OwnPolicy
        switch OwnPolicy.write(answers, shapedLike: exampleYAML) {
        case .success(let written): own = written
        case .failure(let problems): throw problems
        }
        let (workspace, user) = try await SetupTokens(database: database).completeSetup(
            tokenHash: tokenHash, slug: slug, policyYAML: own.yaml, email: account.email, name: account.name,
            passwordHash: account.passwordHash, now: now)
        if let publicAddress { try await DeskSettings(database: database).setPublicAddress(publicAddress, now: now) }
        return Done(workspace: workspace, user: user, notes: own.notes)
    }
}

/// First-run setup: when nobody has an account yet, a one-time link to the setup page.
public enum FirstRun {
    /// A new setup link (valid for a day) when the desk has no accounts; nil otherwise.
    public static func setupLink(database: Database, baseURL: String, now: Instant) async throws -> String? {
        guard try await !Accounts(database: database).hasUsers() else { return nil }
        let made = TokenMaker.make()
        try await SetupTokens(database: database).create(tokenHash: made.hash, now: now, expires: now + .hours(24))
        return "\(baseURL)/setup?token=\(made.token)"
    }
}
