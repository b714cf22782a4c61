import Foundation
import ArgumentParser
import GatehouseCore
import GatehouseStore

/// `--database URL`, shared by every command that uses the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=disable|prefer|require].")
    var database: String = DatabaseLocation.defaultSQLite.description

    /// The location, or exit 1 with a clear message.
    func location() throws -> DatabaseLocation {
        do {
            return try DatabaseLocation.parse(database)
        } catch {
            Terminal.error("gatehouse: error: --database: \(error.message)")
            throw ExitCode(1)
        }
    }

    /// Opens and migrates the database, runs `body`, and closes it; store problems exit
    /// 75 (try again later) when the database is unreachable, 1 otherwise.
    func withDatabase<T>(migrate: Bool = true, _ body: (Database) async throws -> T) async throws -> T {
        try await Self.withDatabase(at: try location(), migrate: migrate, body)
    }

    /// The same for a database the command names itself (a backup file).
    static func withDatabase<T>(at location: DatabaseLocation, migrate: Bool = true,
                                _ body: (Database) async throws -> T) async throws -> T {
        do {
            let database = try await Database.open(location, connectTimeout: try connectTimeout())
            do {
                if migrate { try await database.migrate(now: SystemClock().now) }
                let result = try await body(database)
                await database.close()
                return result
            } catch {
                await database.close()
                throw error
            }
        } catch let error as StoreError {
            Terminal.error("gatehouse: error: \(error.message)")
            throw ExitCode(error.code == .unreachable ? 75 : 1)
        }
    }
}

extension DatabaseOptions {
    /// How long a command waits at its start for the database server to answer:
    /// GATEHOUSE_CONNECT_TIMEOUT seconds (1 to 3600), else 10. A busy or starting PostgreSQL
    /// server may need longer; past it the command exits 75 (try again later).
    static func connectTimeout(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Duration {
        guard let raw = environment["GATEHOUSE_CONNECT_TIMEOUT"], !raw.isEmpty else { return .seconds(10) }
        guard let seconds = Int(raw.trimmingCharacters(in: .whitespaces)), (1...3600).contains(seconds) else {
            Terminal.error("gatehouse: error: GATEHOUSE_CONNECT_TIMEOUT: '\(raw)' is not a number of seconds from 1 to 3600")
            throw ExitCode(1)
        }
        return .seconds(seconds)
    }
}
