import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("gatehouse backup and restore")
struct BackupCommandTests {
    static func customerMail(_ number: Int) -> Data {
        Data(["From: Customer \(number) <c\(number)@example.org>", "To: office@rivera.example", "Subject: Question \(number)",
              "Message-ID: <q\(number)@example.org>", "", "Could you help?"].joined(separator: "\r\n").utf8)
    }

    /// Customers 0..<count writing to a new desk at `path` (through the real intake).
    static func write(_ numbers: Range<Int>, to path: String) async throws {
        let now = Instant(secondsSince1970: Int64(Date().timeIntervalSince1970))
        let database = try await Database.open(.sqlite(path: path))
        try await database.migrate(now: now)
        let workspace: Workspace
        if let existing = try await Workspaces(database: database).find(slug: "rivera") {
            workspace = existing
        } else {
            workspace = try await Workspaces(database: database)
                .create(slug: "rivera", policyYAML: TestPolicies.plumber, actor: "test", now: now)
        }
        _ = try await Intake(database: database, workspace: workspace).ingestEmails(numbers.map(customerMail), now: now)
        await database.close()
    }

    @Test("a backup made while the desk runs is one consistent, checked copy, readable by its owner only; restoring it puts it back and keeps the database it replaced beside it")
    func backUpAndRestore() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        let backup = folder.appendingPathComponent("nightly.sqlite").path
        try await Self.write(0..<5, to: path)

        let server = try ServerProcess(database: .sqlite(path: path))
        let made = try GatehouseProcess.run(["backup", "--to", backup, "--database", "sqlite:\(path)"])
        #expect(made.status == 0, "\(made.errors)")
        #expect(made.output.contains("backed up sqlite:\(path) to \(backup) in "))
        #expect(made.output.contains(": 1 workspace, 5 customers, "))
        #expect(made.output.hasSuffix("; checked\n"))
        let mode = try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int
        #expect(mode == 0o600, "customers' messages and sealed secrets: the owner's eyes only")
        let again = try GatehouseProcess.run(["backup", "--to", backup, "--database", "sqlite:\(path)"])
        #expect(again.status == 1)
        #expect(again.errors.contains("\(backup) already exists; back up to a new file (nothing was overwritten)"))
        // Never under a running desk: it would go on writing to the database restored away from it.
        let underServe = try GatehouseProcess.run(["restore", backup, "--database", "sqlite:\(path)"])
        #expect(underServe.status == 1)
        #expect(underServe.errors.contains("a gatehouse serve is running on \(path); stop it first, then restore (nothing was changed)"))
        #expect(server.stop() == 0)

        // Three more customers write after the backup; then the backup is restored.
        try await Self.write(5..<8, to: path)
        let inbound = "direction = 'inbound'"
        #expect(try await IngestCommandTests.count("messages", at: path, where: inbound) == 8)
        let restored = try GatehouseProcess.run(["restore", backup, "--database", "sqlite:\(path)"])
        #expect(restored.status == 0, "\(restored.errors)")
        #expect(restored.output.contains("restored \(backup) to sqlite:\(path): 1 workspace, 5 customers, "))
        let aside = try #require(restored.output.components(separatedBy: "the database it replaced is kept as ").last?
            .trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try await IngestCommandTests.count("messages", at: path, where: inbound) == 5)
        #expect(try await IngestCommandTests.count("customers", at: path) == 5)
        #expect(try await IngestCommandTests.count("messages", at: aside, where: inbound) == 8, "nothing is lost by restoring")
        #expect(try await IngestCommandTests.count("messages", at: backup, where: inbound) == 5, "the backup itself is unchanged")

        // What is not a backup is refused before anything changes.
        let junk = folder.appendingPathComponent("notes.txt")
        try "not a database".write(to: junk, atomically: true, encoding: .utf8)
        let refused = try GatehouseProcess.run(["restore", junk.path, "--database", "sqlite:\(path)"])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("is not a Gatehouse backup: it is not an SQLite database (nothing was changed)"))
        #expect(try await IngestCommandTests.count("messages", at: path, where: inbound) == 5)
        let postgres = try GatehouseProcess.run(["backup", "--to", folder.appendingPathComponent("pg.sqlite").path,
                                                 "--database", "postgres://gatehouse:secret@127.0.0.1:1/gatehouse"])
        #expect(postgres.status == 1)
        #expect(postgres.errors.contains("for PostgreSQL use pg_dump (docs/deploy.md)"))
    }
}
