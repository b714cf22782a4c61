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

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let location = try options.location()
        let applied = try await options.withDatabase(migrate: false) { database in
            try await database.migrate(now: SystemClock().now)
        }
        Terminal.output(applied.isEmpty ? "\(location): schema is up to date"
                        : "\(location): applied \(applied.count) migration\(applied.count == 1 ? "" : "s"): "
                            + applied.joined(separator: ", "))
    }
}

/// The real clock: the one place the command line reads the time, and hands it in.
struct SystemClock {
    var now: Instant { Instant(secondsSince1970: Int64(Date().timeIntervalSince1970)) }
}
