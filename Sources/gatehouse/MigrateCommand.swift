import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseStore

/// `gatehouse migrate`: brings the database schema up to date.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or update the database schema.",
        discussion: """
            Applies every migration the database has not had yet, in order, and records each in \
            schema_migrations. Safe to run again, and from several instances at once.
            """
    )

    @Option(name: .long, help: "sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE.")
    var database: String = DatabaseLocation.defaultSQLite.description

    func run() async throws {
        let location: DatabaseLocation
        do {
            location = try DatabaseLocation.parse(database)
        } catch {
            Terminal.error("gatehouse: error: --database: \(error.message)")
            throw ExitCode(1)
        }
        do {
            let store = try await Database.open(location)
            do {
                let applied = try await store.migrate(now: SystemClock().now)
                Terminal.output(applied.isEmpty ? "\(location): schema is up to date"
                                : "\(location): applied \(applied.count) migration\(applied.count == 1 ? "" : "s"): "
                                    + applied.joined(separator: ", "))
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        } catch let error as StoreError {
            Terminal.error("gatehouse: error: \(error.message)")
            throw ExitCode(error.code == .unreachable ? 75 : 1)
        }
    }
}

/// The real clock: the one place the command line reads the time, and hands it in.
struct SystemClock {
    var now: Instant { Instant(secondsSince1970: Int64(Date().timeIntervalSince1970)) }
}
