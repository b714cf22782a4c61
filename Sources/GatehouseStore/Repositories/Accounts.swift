import Foundation
import GatehouseCore
import SQLKit



/// Users and their memberships of workspaces. Passwords arrive already hashed.
public struct Accounts: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    struct UserRow: Codable {
        var id: String
        var email: String
        var name: String
        var password_hash: String
        var created_at: Int64
    }

    /// Whether anyone has an account yet (before that, the desk offers first-run setup).
    public func hasUsers() async throws -> Bool {
        try await database.read { sql in try await sql.select().column("id").from("users").limit(1).first() != nil }
    }

    /// Creates a user; the email must not be taken.
    public func createUser(email: String, name: String, passwordHash: String, now: Instant) async throws -> User {
        let email = try Self.normalizedEmail(email)
        let row = UserRow(id: NewID.make(), email: email, name: name.trimmingCharacters(in: .whitespacesAndNewlines),
                          password_hash: passwordHash, created_at: now.secondsSince1970)
        do {
            try await database.write { sql in try await sql.insert(into: "users").model(row).run() }
        } catch let error as StoreError where error.code == .conflict {
            throw StoreError(.conflict, "there is already an account for \(email)")
        }
        return User(id: row.id, email: row.email, name: row.name, createdAt: row.created_at)
    }

    /// The user with this email and their password hash, for signing in.
    public func credentials(email: String) async throws -> (user: User, passwordHash: String)? {
        let email = email.lowercased().trimmingSpacesAndBrackets
        let row = try await database.read { sql in
            try await sql.select().columns("*").from("users").where("email", .equal, email).first(decoding: UserRow.self)
        }
        return row.map { (User(id: $0.id, email: $0.email, name: $0.name, createdAt: $0.created_at), $0.password_hash) }
    }

    /// The user with this id.
    public func user(id: String) async throws -> User? {
        try await database.read { sql in
            try await sql.select().columns("id", "email", "name", "created_at").from("users").where("id", .equal, id)
                .first(decoding: User.self)
        }
    }

    /// Replaces a user's password hash.
    public func setPasswordHash(userID: String, passwordHash: String) async throws {
        try await database.write { sql in
            try await sql.update("users").set("password_hash", to: passwordHash).where("id", .equal, userID).run()
        }
    }

    /// Gives a user a role in a workspace (or changes it).
    public func setRole(_ role: Role, userID: String, workspaceID: Workspace.ID, actor: String, now: Instant) async throws {
        try await database.write { sql in
            try await sql.delete(from: "memberships")
                .where("workspace_id", .equal, workspaceID).where("user_id", .equal, userID).run()
            try await sql.insert(into: "memberships").columns("workspace_id", "user_id", "role", "created_at")
                .values(SQLBind(workspaceID), SQLBind(userID), SQLBind(role.rawValue), SQLBind(now.secondsSince1970))
                .run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "member.role",
                                      subjectType: "user", subjectID: userID, details: "role set to \(role.rawValue)",
                                      now: now)
        }
    }

    /// The members of a workspace with their roles, by email.
    public func members(workspaceID: Workspace.ID) async throws -> [(user: User, role: Role)] {
        struct Row: Decodable {
            var id: String
            var email: String
            var name: String
            var created_at: Int64
            var role: String
        }
        let rows = try await database.read { sql in
            try await sql.select().columns(SQLColumn("id", table: "users"), SQLColumn("email", table: "users"),
                                           SQLColumn("name", table: "users"), SQLColumn("created_at", table: "users"),
                                           SQLColumn("role", table: "memberships"))
                .from("memberships")
                .join("users", on: SQLColumn("id", table: "users"), .equal, SQLColumn("user_id", table: "memberships"))
                .where(SQLColumn("workspace_id", table: "memberships"), .equal, SQLBind(workspaceID))
                .orderBy(SQLColumn("email", table: "users")).all(decoding: Row.self)
        }
        return rows.compactMap { row in
            Role(rawValue: row.role).map { (User(id: row.id, email: row.email, name: row.name, createdAt: row.created_at), $0) }
        }
    }

    /// The user's role in a workspace, or nil when they are not a member.
    public func role(userID: String, workspaceID: Workspace.ID) async throws -> Role? {
        try await database.read { sql in
            try await sql.select().column("role").from("memberships")
                .where("workspace_id", .equal, workspaceID).where("user_id", .equal, userID)
                .first()?.decode(column: "role", as: String.self)
        }.flatMap(Role.init(rawValue:))
    }

    /// The workspaces a user belongs to, with their role in each.
    public func workspaces(of userID: String) async throws -> [(workspace: Workspace, role: Role)] {
        try await database.read { sql in try await Self.workspaces(of: userID, in: sql) }
    }

    /// The workspaces `userID` belongs to with their role in each, by slug, in one query.
    static func workspaces(of userID: String, in sql: any SQLDatabase) async throws -> [(workspace: Workspace, role: Role)] {
        let rows = try await sql.select()
            .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("workspaces")))
            .column(SQLColumn("role", table: "memberships"))
            .from("memberships")
            .join("workspaces", on: SQLColumn("workspace_id", table: "memberships"), .equal, SQLColumn("id", table: "workspaces"))
            .where(SQLColumn("user_id", table: "memberships"), .equal, SQLBind(userID))
            .all()
        return try rows.compactMap { row -> (workspace: Workspace, role: Role)? in
            guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
            return (try row.decode(model: Workspace.self), role)
        }.sorted { $0.workspace.slug < $1.workspace.slug }
    }

    static func normalizedEmail(_ email: String) throws -> String {
        let clean = email.lowercased().trimmingSpacesAndBrackets
        let parts = clean.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !clean.contains(" ") else {
            throw StoreError(.invalid, field: "email", "'\(email)' is not an email address")
        }
        return clean
    }
}


/// Sign-ins (browser sessions) stored in the database, so every instance accepts them.
public struct SignIns: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func create(_ session: SignInRecord) async throws {
        try await database.write { sql in try await sql.insert(into: "sessions").model(session).run() }
    }

    /// The unexpired session with this id hash.
    public func find(idHash: String, now: Instant) async throws -> SignInRecord? {
        try await database.read { sql in
            try await sql.select().columns("*").from("sessions")
                .where("id_hash", .equal, idHash).where("expires_at", .greaterThan, now.secondsSince1970)
                .first(decoding: SignInRecord.self)
        }
    }

    /// A session that has not run out, with its user and the workspaces the user belongs to:
    /// everything a signed-in page needs to know, read on one connection.
    public func signedIn(idHash: String, now: Instant) async throws
        -> (session: SignInRecord, user: User, workspaces: [(workspace: Workspace, role: Role)])? {
        try await database.read { sql in
            guard let session = try await sql.select().columns("*").from("sessions")
                .where("id_hash", .equal, idHash).where("expires_at", .greaterThan, now.secondsSince1970)
                .first(decoding: SignInRecord.self),
                let user = try await sql.select().columns("id", "email", "name", "created_at").from("users")
                .where("id", .equal, session.userID).first(decoding: User.self)
            else { return nil }
            return (session, user, try await Accounts.workspaces(of: user.id, in: sql))
        }
    }

    /// Points a session at another of its user's workspaces; false when the user is not a member.
    public func switchWorkspace(idHash: String, to workspaceID: Workspace.ID) async throws -> Bool {
        try await database.write { sql in
            guard let session = try await sql.select().columns("*").from("sessions").where("id_hash", .equal, idHash)
                .first(decoding: SignInRecord.self),
                try await sql.select().column("role").from("memberships").where("workspace_id", .equal, workspaceID)
                .where("user_id", .equal, session.userID).first() != nil
            else { return false }
            try await sql.update("sessions").set("workspace_id", to: workspaceID).where("id_hash", .equal, idHash).run()
            return true
        }
    }

    /// Ends a session (signing out).
    public func delete(idHash: String) async throws {
        try await database.write { sql in try await sql.delete(from: "sessions").where("id_hash", .equal, idHash).run() }
    }

    /// Removes sessions that have run out.
    public func deleteExpired(now: Instant) async throws {
        try await database.write { sql in
            try await sql.delete(from: "sessions").where("expires_at", .lessThanOrEqual, now.secondsSince1970).run()
        }
    }
}



/// API tokens of all workspaces, found by the hash of the presented token.
public struct APITokens: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func create(workspaceID: Workspace.ID, name: String, tokenHash: String, scope: TokenScope = .api,
                       createdBy: String?, now: Instant) async throws -> APIToken {
        let token = APIToken(id: NewID.make(), workspaceID: workspaceID, name: name, tokenHash: tokenHash, scope: scope,
                             createdBy: createdBy, createdAt: now.secondsSince1970, lastUsedAt: nil, revokedAt: nil)
        try await database.write { sql in
            try await sql.insert(into: "api_tokens")
                .columns("id", "workspace_id", "name", "token_hash", "scope", "created_by", "created_at")
                .values(SQLBind(token.id), SQLBind(workspaceID), SQLBind(name), SQLBind(tokenHash),
                        SQLBind(scope.rawValue), SQLBind(createdBy), SQLBind(token.createdAt))
                .run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: createdBy ?? "system",
                                      action: "token.create", subjectType: "api_token", subjectID: token.id,
                                      details: "\(scope == .api ? "API" : "ingest") token '\(name)' created", now: now)
        }
        return token
    }

    /// The live (not revoked) token with this hash.
    public func find(tokenHash: String) async throws -> APIToken? {
        try await database.read { sql in
            try await sql.select().columns("*").from("api_tokens")
                .where("token_hash", .equal, tokenHash).where("revoked_at", .is, SQLLiteral.null)
                .first(decoding: APIToken.self)
        }
    }

    /// The live token with this hash and its workspace, in one query (every API request asks).
    public func findWithWorkspace(tokenHash: String) async throws -> (token: APIToken, workspace: Workspace)? {
        struct Joined: Decodable {
            var token: APIToken
            var workspace: Workspace
            init(from decoder: any Decoder) throws {
                token = try APIToken(from: decoder)
                let container = try decoder.container(keyedBy: Keys.self)
                workspace = Workspace(id: try container.decode(Workspace.ID.self, forKey: .workspaceID),
                                      slug: try container.decode(String.self, forKey: .slug),
                                      name: try container.decode(String.self, forKey: .workspaceName),
                                      timeZone: try container.decode(String.self, forKey: .timeZone),
                                      policyYAML: try container.decode(String.self, forKey: .policyYAML),
                                      createdAt: try container.decode(Instant.self, forKey: .workspaceCreatedAt),
                                      updatedAt: try container.decode(Instant.self, forKey: .workspaceUpdatedAt))
            }
            enum Keys: String, CodingKey {
                case workspaceID = "workspace_id", slug, workspaceName = "w_name", timeZone = "time_zone"
                case policyYAML = "policy_yaml", workspaceCreatedAt = "w_created_at", workspaceUpdatedAt = "w_updated_at"
            }
        }
        let found = try await database.read { sql in
            try await sql.select()
                .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("api_tokens")))
                .column(SQLColumn("slug", table: "workspaces"))
                .column(SQLColumn("name", table: "workspaces"), as: "w_name")
                .column(SQLColumn("time_zone", table: "workspaces"))
                .column(SQLColumn("policy_yaml", table: "workspaces"))
                .column(SQLColumn("created_at", table: "workspaces"), as: "w_created_at")
                .column(SQLColumn("updated_at", table: "workspaces"), as: "w_updated_at")
                .from("api_tokens")
                .join("workspaces", on: SQLColumn("workspace_id", table: "api_tokens"), .equal, SQLColumn("id", table: "workspaces"))
                .where(SQLColumn("token_hash", table: "api_tokens"), .equal, SQLBind(tokenHash))
                .where(SQLColumn("revoked_at", table: "api_tokens"), .is, SQLLiteral.null)
                .first(decoding: Joined.self)
        }
        return found.map { ($0.token, $0.workspace) }
    }

    /// The workspace's tokens, live ones first, newest first (their hashes only: tokens are shown once).
    public func list(workspaceID: Workspace.ID) async throws -> [APIToken] {
        try await database.read { sql in
            try await sql.select().columns("*").from("api_tokens").where("workspace_id", .equal, workspaceID)
                .orderBy("created_at", .descending).orderBy("id").limit(500)
                .all(decoding: APIToken.self)
        }.sorted { ($0.revokedAt == nil ? 0 : 1, -$0.createdAt) < ($1.revokedAt == nil ? 0 : 1, -$1.createdAt) }
    }

    /// Revokes a token of a workspace; false when there is no such token there.
    public func revoke(id: String, workspaceID: Workspace.ID, actor: String, now: Instant) async throws -> Bool {
        try await database.write { sql in
            let revoked = try await sql.update("api_tokens").set("revoked_at", to: now.secondsSince1970)
                .where("id", .equal, id).where("workspace_id", .equal, workspaceID)
                .returning("id").all()
            guard !revoked.isEmpty else { return false }
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "token.revoke",
                                      subjectType: "api_token", subjectID: id, details: "API token revoked", now: now)
            return true
        }
    }
}

/// Failed sign-ins, counted per account and per address to slow down guessing.
public struct LoginFailures: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func record(email: String, address: String, now: Instant) async throws {
        try await database.write { sql in
            try await sql.insert(into: "login_failures").columns("id", "email", "address", "at")
                .values(SQLBind(NewID.make()), SQLBind(email.lowercased()), SQLBind(address), SQLBind(now.secondsSince1970))
                .run()
        }
    }

    /// Failures for this account and from this address since `since`.
    public func count(email: String, address: String, since: Instant) async throws -> (account: Int, address: Int) {
        try await database.read { sql in
            let account = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n")
                .from("login_failures").where("email", .equal, email.lowercased())
                .where("at", .greaterThanOrEqual, since.secondsSince1970).first()?.decode(column: "n", as: Int.self) ?? 0
            let fromAddress = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n")
                .from("login_failures").where("address", .equal, address)
                .where("at", .greaterThanOrEqual, since.secondsSince1970).first()?.decode(column: "n", as: Int.self) ?? 0
            return (account, fromAddress)
        }
    }

    /// Forgets failures older than `before` (they no longer count towards any limit).
    public func forget(before: Instant) async throws {
        try await database.write { sql in
            try await sql.delete(from: "login_failures").where("at", .lessThan, before.secondsSince1970).run()
        }
    }

    /// Forgets an account's failures after a successful sign-in.
    public func clear(email: String) async throws {
        try await database.write { sql in
            try await sql.delete(from: "login_failures").where("email", .equal, email.lowercased()).run()
        }
    }
}
