import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseStore

/// `gatehouse backup --to FILE`: a consistent copy of the SQLite database, made while the desk runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database to a new file, consistently, while the desk runs.",
        discussion: """
            The copy is one moment of the database (SQLite's VACUUM INTO): the desk goes on taking \
            messages meanwhile. The new file is readable by its owner only and is checked before the \
            command says it is done. Keep the server key (gatehouse-data/server.key) backed up too, \
            apart from it: without the key, the saved mail passwords cannot be opened. For \
            PostgreSQL, use pg_dump (docs/deploy.md).
            """)

    @Option(help: ArgumentHelp("The new file to write (it must not exist yet).", valueName: "file")) var to: String
    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let location = try options.location()
        guard case .sqlite = location else {
            Terminal.error("gatehouse: error: --database: backup copies an SQLite database; for PostgreSQL use pg_dump (docs/deploy.md)")
            throw ExitCode(1)
        }
        let target = URL(fileURLWithPath: to).standardizedFileURL.path
        let started = ContinuousClock.now
        try await options.withDatabase(migrate: false) { database in
            try await database.backUp(to: target)
        }
        // Read back before saying it is done.
        let contents = try await DatabaseOptions.withDatabase(at: .sqlite(path: target), migrate: false) { backup in
            try await backup.checkedContents()
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        let size = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        Terminal.output("backed up \(location) to \(target) in \(Self.seconds(ContinuousClock.now - started)): "
                        + "\(contents.summary), \(Self.megabytes(size)); checked")
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.2f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
}

/// `gatehouse restore FILE`: puts a backup in place of the SQLite database (the desk stopped).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup in place of the SQLite database (stop the desk first).",
        discussion: """
            The backup is checked first (SQLite's integrity check; written by this version of Gatehouse \
            or an older one, whose schema is then brought up to date) on a copy; only then does it take \
            the database's place. The database it replaces is not deleted: it is kept beside it as \
            NAME.before-restore-TIME, with its WAL. Stop gatehouse serve before restoring, and start it \
            again after.
            """)

    @Argument(help: "The backup file (made by gatehouse backup).") var file: String
    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        guard case .sqlite(let path) = try options.location() else {
            Terminal.error("gatehouse: error: --database: restore puts back an SQLite file; for PostgreSQL use pg_restore (docs/deploy.md)")
            throw ExitCode(1)
        }
        let files = FileManager.default
        let source = URL(fileURLWithPath: file).standardizedFileURL.path
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        guard !ServingLock.isHeld(for: target) else {
            Terminal.error("gatehouse: error: a gatehouse serve is running on \(path); stop it first, then restore (nothing was changed)")
            throw ExitCode(1)
        }
        guard files.fileExists(atPath: source) else {
            Terminal.error("gatehouse: error: \(file): no such file")
            throw ExitCode(1)
        }
        // Every SQLite database file begins with these 16 bytes.
        guard let handle = FileHandle(forReadingAtPath: source),
              (try? handle.read(upToCount: 16)) == Data("SQLite format 3\0".utf8) else {
            Terminal.error("gatehouse: error: \(file) is not a Gatehouse backup: it is not an SQLite database (nothing was changed)")
            throw ExitCode(1)
        }
        try? handle.close()
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent()
        try? files.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Checked and brought up to date on a copy beside the database, so the backup itself is never changed.
        let staging = target + ".restoring"
        for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: staging + suffix) }
        do {
            try files.copyItem(atPath: source, toPath: staging)
            try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: staging)
        } catch {
            Terminal.error("gatehouse: error: cannot copy \(file) to \(staging): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let contents: DatabaseContents
        do {
            contents = try await DatabaseOptions.withDatabase(at: .sqlite(path: staging), migrate: false) { database in
                let contents = try await database.checkedContents()
                _ = try await database.migrate(now: SystemClock().now)
                _ = try await database.read { sql in try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
                return contents
            }
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: staging + suffix) }
            throw error
        }
        for suffix in ["-wal", "-shm"] { try? files.removeItem(atPath: staging + suffix) }
        var keptAside: String?
        if files.fileExists(atPath: target) {
            let stamp = ISO8601.format(SystemClock().now, utcOffsetSeconds: 0).replacingOccurrences(of: ":", with: "")
                .replacingOccurrences(of: "+0000", with: "Z")
            let aside = "\(target).before-restore-\(stamp)"
            for suffix in ["", "-wal", "-shm"] where files.fileExists(atPath: target + suffix) {
                try files.moveItem(atPath: target + suffix, toPath: aside + suffix)
            }
            keptAside = aside
        }
        try files.moveItem(atPath: staging, toPath: target)
        Terminal.output("restored \(source) to sqlite:\(target): \(contents.summary)"
                        + (keptAside.map { "; the database it replaced is kept as \($0)" } ?? ""))
    }
}
