import GatehouseCore
import SQLKit

/// One-time links for first-run setup, stored as hashes so every instance accepts them.
public struct SetupTokens: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Stores a new setup token's hash, valid until `expires`.
    public func create(tokenHash: String, now: Instant, expires: Instant) async throws {
        try await database.write { sql in
            try await sql.insert(into: "setup_tokens").columns("token_hash", "created_at", "expires_at")
                .values(SQLBind(tokenHash), SQLBind(now.secondsSince1970), SQLBind(expires.secondsSince1970)).run()
        }
    }

    /// Whether the token is valid now (without using it up).
    public func isValid(tokenHash: String, now: Instant) async throws -> Bool {
        try await database.read { sql in
            try await sql.select().column("token_hash").from("setup_tokens")
                .where("token_hash", .equal, tokenHash).where("expires_at", .greaterThan, now.secondsSince1970)
                .first() != nil
        }
    }

    /// Removes links that have run out.
    public func deleteExpired(now: Instant) async throws {
        try await database.write { sql in
            try await sql.delete(from: "setup_tokens").where("expires_at", .lessThanOrEqual, now.secondsSince1970).run()
        }
    }

    /// Uses the token up inside a transaction that is already open; false when it was not valid.
    static func consume(tokenHash: String, now: Instant, in sql: any SQLDatabase) async throws -> Bool {
        let removed = try await sql.delete(from: "setup_tokens")
            .where("token_hash", .equal, tokenHash).where("expires_at", .greaterThan, now.secondsSince1970)
            .returning("token_hash").all()
        return !removed.isEmpty
    }

    /// First-run setup in one transaction: uses up the token, creates the workspace, the
    /// owner's account and membership. Fails when the token is spent or anyone has an account.
    public func completeSetup(tokenHash: String, slug: String, policyYAML: String, email: String, name: String,
                              passwordHash: String, now: Instant) async throws -> (Workspace, User) {
        try Workspaces.checkSlug(slug)
        let policy = try Workspaces.validated(policyYAML)
        let cleanEmail = try Accounts.normalizedEmail(email)
        let workspace = Workspace(id: .make(), slug: slug, name: policy.business.name,
                                  timeZone: policy.business.timeZoneIdentifier, policyYAML: policyYAML,
                                  createdAt: now, updatedAt: now)
        let user = Accounts.UserRow(id: NewID.make(), email: cleanEmail, name: name.trimmingCharacters(in: .whitespacesAndNewlines),
                                    password_hash: passwordHash, created_at: now.secondsSince1970)
        try await database.write { sql in
            guard try await sql.select().column("id").from("users").limit(1).first() == nil else {
                throw StoreError(.conflict, "setup is already complete; sign in instead")
            }
            guard try await Self.consume(tokenHash: tokenHash, now: now, in: sql) else {
                throw StoreError(.notFound, "this setup link has been used or has expired; restart gatehouse serve for a new one")
            }
            try await sql.insert(into: "workspaces").model(workspace).run()
            try await sql.insert(into: "users").model(user).run()
            try await sql.insert(into: "memberships").columns("workspace_id", "user_id", "role", "created_at")
                .values(SQLBind(workspace.id), SQLBind(user.id), SQLBind(Role.owner.rawValue), SQLBind(now.secondsSince1970))
                .run()
            try await AuditLog.record(in: sql, workspaceID: workspace.id, actor: user.id, action: "workspace.setup",
                                      subjectType: "workspace", subjectID: workspace.id,
                                      details: "first-run setup by \(cleanEmail)", now: now)
        }
        return (workspace, User(id: user.id, email: user.email, name: user.name, createdAt: user.created_at))
    }
}
