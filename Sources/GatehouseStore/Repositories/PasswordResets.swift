import GatehouseCore
import SQLKit

/// Passwords changed and one-time reset links: a new password ends the account's other sign-ins.
public struct PasswordResets: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// How many reset links were made for `userID` since `since` (to refuse a flood of them).
    public func count(userID: String, since: Instant) async throws -> Int {
        try await database.read { sql in
            try await sql.select().column("token_hash").from("password_resets")
                .where("user_id", .equal, userID).where("created_at", .greaterThanOrEqual, since.secondsSince1970)
                .all().count
        }
    }

    /// Keeps a new link's token hash for `userID` until `expires`.
    public func create(userID: String, tokenHash: String, now: Instant, expires: Instant) async throws {
        try await database.write { sql in
            try await sql.insert(into: "password_resets").columns("token_hash", "user_id", "created_at", "expires_at")
                .values(SQLBind(tokenHash), SQLBind(userID), SQLBind(now.secondsSince1970), SQLBind(expires.secondsSince1970))
                .run()
        }
    }

    /// Whether a link is still good (not used, not run out), and whose it is.
    public func user(tokenHash: String, now: Instant) async throws -> String? {
        struct Row: Decodable { var user_id: String }
        return try await database.read { sql in
            try await sql.select().column("user_id").from("password_resets")
                .where("token_hash", .equal, tokenHash).where("expires_at", .greaterThan, now.secondsSince1970)
                .first(decoding: Row.self)?.user_id
        }
    }

    /// Uses a link up and sets the new password in one transaction, ending every sign-in of the
    /// account and every other link of it. Nil when the link was used or has run out.
    public func complete(tokenHash: String, passwordHash: String, now: Instant) async throws -> String? {
        struct Row: Decodable { var user_id: String }
        return try await database.write { sql in
            guard let row = try await sql.delete(from: "password_resets")
                .where("token_hash", .equal, tokenHash).where("expires_at", .greaterThan, now.secondsSince1970)
                .returning("user_id").first(decoding: Row.self)
            else { return nil }
            try await Self.setPassword(userID: row.user_id, passwordHash: passwordHash, keeping: nil, in: sql)
            try await sql.delete(from: "password_resets").where("user_id", .equal, row.user_id).run()
            return row.user_id
        }
    }

    /// A new password for `userID`; every sign-in of the account ends except `keeping` (the one
    /// that changed it), so a password someone else knew stops working everywhere at once.
    public func setPassword(userID: String, passwordHash: String, keeping: String?) async throws {
        try await database.write { sql in
            try await Self.setPassword(userID: userID, passwordHash: passwordHash, keeping: keeping, in: sql)
        }
    }

    static func setPassword(userID: String, passwordHash: String, keeping: String?, in sql: any SQLDatabase) async throws {
        try await sql.update("users").set("password_hash", to: passwordHash).where("id", .equal, userID).run()
        let ending = sql.delete(from: "sessions").where("user_id", .equal, userID)
        if let keeping { ending.where("id_hash", .notEqual, keeping) }
        try await ending.run()
    }
}

extension SignIns {
    /// The account's sign-ins that have not run out, the most recently used first.
    public func list(userID: String, now: Instant) async throws -> [SignInRecord] {
        try await database.read { sql in
            try await sql.select().columns("*").from("sessions")
                .where("user_id", .equal, userID).where("expires_at", .greaterThan, now.secondsSince1970)
                .orderBy("last_seen_at", .descending).all(decoding: SignInRecord.self)
        }
    }

    /// Ends every sign-in of the account but `keeping`; how many ended.
    @discardableResult
    public func endOthers(userID: String, keeping: String) async throws -> Int {
        try await database.write { sql in
            try await sql.delete(from: "sessions").where("user_id", .equal, userID).where("id_hash", .notEqual, keeping)
                .returning("id_hash").all().count
        }
    }
}
