import Foundation

import GatehouseCore
import SQLKit

/// One step of the schema, applied once and recorded in `schema_migrations`.
///
/// Migrations are the one place where the two engines are written apart:
/// each statement is shared unless it names a type the engines spell
/// differently (`{BLOB}`), which is filled in per engine.
struct Migration: Sendable {
    let id: String
    let statements: [String]

    func sql(for backend: DatabaseBackend) -> [String] {
        statements.map { statement in
            switch backend {
            case .sqlite: statement.replacingOccurrences(of: "{BLOB}", with: "BLOB")
            case .postgres: statement.replacingOccurrences(of: "{BLOB}", with: "BYTEA")
            }
        }
    }
}

extension Database {
    /// Brings the schema up to date; returns the ids of the migrations it applied.
    ///
    /// Safe to run from several instances at once: on PostgreSQL the runner
    /// holds an advisory lock for the length of its transaction.
    @discardableResult
    public func migrate(now: Instant) async throws -> [String] {
        try await migrate(now: now, through: nil)
    }

    /// Brings the schema up to the migration `lastID` (all of them when nil): how a test sets up
    /// the data an older version left, to migrate it.
    func migrate(now: Instant, through lastID: String?) async throws -> [String] {
        let backend = self.backend
        do {
            return try await write { sql in
                if backend == .postgres {
                    // Serialise concurrent start-ups; the lock ends with the transaction.
                    try await sql.raw("SELECT pg_advisory_xact_lock(4242001)").run()
                }
                try await sql.raw("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        id TEXT PRIMARY KEY,
                        applied_at BIGINT NOT NULL
                    )
                    """).run()
                let applied = Set(try await sql.select().column("id").from("schema_migrations").all()
                    .map { try $0.decode(column: "id", as: String.self) })
                var newlyApplied: [String] = []
                let wanted = lastID.map { last in Schema.migrations.filter { $0.id <= last } } ?? Schema.migrations
                for migration in wanted where !applied.contains(migration.id) {
                    for statement in migration.sql(for: backend) {
                        try await sql.raw(SQLQueryString(statement)).run()
                    }
                    try await sql.insert(into: "schema_migrations")
                        .columns("id", "applied_at")
                        .values(SQLBind(migration.id), SQLBind(now.secondsSince1970))
                        .run()
                    newlyApplied.append(migration.id)
                }
                return newlyApplied
            }
        } catch let error as StoreError where error.code == .unreachable {
            throw error
        } catch {
            throw StoreError(.migrationFailed, "the database schema could not be brought up to date: \(error)")
        }
    }

    /// The ids of the migrations already applied, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await read { sql in
            try await sql.select().column("id").from("schema_migrations").orderBy("id").all()
                .map { try $0.decode(column: "id", as: String.self) }
        }
    }
}
