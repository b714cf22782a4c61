import Foundation
import GatehouseCore
import SQLKit

/// What a database holds, counted, for a backup's or a restore's receipt.
public struct DatabaseContents: Sendable, Equatable {
    public var workspaces: Int
    public var customers: Int
    public var messages: Int
    /// The newest migration applied.
    public var schema: String?

    public var summary: String {
        "\(workspaces) workspace\(workspaces == 1 ? "" : "s"), \(customers) customer\(customers == 1 ? "" : "s"), "
            + "\(messages) message\(messages == 1 ? "" : "s")"
    }
}

extension Database {
    /// A consistent copy of this SQLite database in a new file, made while the desk runs: SQLite's
    /// `VACUUM INTO` reads one snapshot (writers go on meanwhile) and writes it compacted. The file
    /// is made readable by its owner only, like the database: it holds customers' messages and the
    /// sealed secrets. PostgreSQL is backed up with `pg_dump` (docs/deploy.md).
    public func backUp(to path: String) async throws(StoreError) {
        guard backend == .sqlite else {
            throw StoreError(.invalid, "a PostgreSQL database is backed up with pg_dump; see docs/deploy.md")
        }
        let files = FileManager.default
        guard !files.fileExists(atPath: path) else {
            throw StoreError(.invalid, "\(path) already exists; back up to a new file (nothing was overwritten)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard files.fileExists(atPath: folder) else { throw StoreError(.invalid, "the folder \(folder) does not exist") }
        // Made empty first, with its mode: VACUUM INTO fills an empty file and keeps the mode.
        guard files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError(.invalid, "cannot create \(path): check the folder's permissions")
        }
        do {
            try await read { sql in try await sql.raw("VACUUM INTO \(bind: path)").run() }
        } catch {
            try? files.removeItem(atPath: path)
            throw StoreError.classify(error, backend: backend)
        }
    }

    /// Counts what the database holds and checks it: SQLite's integrity check passes, and every
    /// migration it has is one this build knows (a backup from a newer Gatehouse is refused).
    public func checkedContents() async throws(StoreError) -> DatabaseContents {
        let backend = self.backend
        do {
            return try await read { sql in
                if backend == .sqlite {
                    let result = try await sql.raw("PRAGMA integrity_check").first()
                    let verdict = try result.map { try $0.decode(column: "integrity_check", as: String.self) } ?? "no answer"
                    guard verdict == "ok" else { throw StoreError(.invalid, "the database is damaged: \(verdict)") }
                }
                let applied = try await sql.select().column("id").from("schema_migrations").all()
                    .map { try $0.decode(column: "id", as: String.self) }
                let known = Set(Schema.migrations.map(\.id))
                if let unknown = applied.sorted().first(where: { !known.contains($0) }) {
                    throw StoreError(.invalid, "the database was written by a newer Gatehouse (migration \(unknown)); "
                                     + "restore it with that version or a later one")
                }
                func count(_ table: String) async throws -> Int {
                    let row = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(table).first()
                    return Int(try row?.decode(column: "n", as: Int64.self) ?? 0)
                }
                return DatabaseContents(workspaces: try await count("workspaces"), customers: try await count("customers"),
                                        messages: try await count("messages"), schema: applied.max())
            }
        } catch let error as StoreError {
            throw error
        } catch {
            if "\(error)".contains("no such table") {
                throw StoreError(.invalid, "this is not a Gatehouse database (it has no schema_migrations table)")
            }
            throw StoreError.classify(error, backend: backend)
        }
    }
}
