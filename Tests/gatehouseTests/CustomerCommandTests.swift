import Foundation
import GatehouseTestSupport
import Testing

@Suite("gatehouse customer export and erase")
struct CustomerCommandTests {
    @Test("export writes a zip of everything about a customer, found by email, readable by its owner only; erase asks for --yes, then leaves nothing of theirs and the others as they were")
    func exportThenErase() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-customer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        try await BackupCommandTests.write(0..<3, to: path)
        let zip = folder.appendingPathComponent("c1.zip").path

        let exported = try GatehouseProcess.run(["customer", "export", "C1@example.org", "--to", zip, "--database", "sqlite:\(path)"])
        #expect(exported.status == 0, "\(exported.errors)")
        #expect(exported.output.hasPrefix("wrote \(zip) ("))
        #expect(exported.output.contains("messages.mbox "))
        let mode = try FileManager.default.attributesOfItem(atPath: zip)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let printed = try Program.python(
            "import sys, zipfile, mailbox; z = zipfile.ZipFile(sys.argv[1]); open(sys.argv[2], 'wb').write(z.read('messages.mbox')); "
                + "print(sorted(m['Subject'] for m in mailbox.mbox(sys.argv[2])))", [zip, zip + ".mbox"]).output
        #expect(printed.contains("'Question 1'") && !printed.contains("Question 2"), "\(printed)")
        let twice = try GatehouseProcess.run(["customer", "export", "c1@example.org", "--to", zip, "--database", "sqlite:\(path)"])
        #expect(twice.status == 1 && twice.errors.contains("exists already"))

        let unconfirmed = try GatehouseProcess.run(["customer", "erase", "c1@example.org", "--database", "sqlite:\(path)"])
        #expect(unconfirmed.status == 1 && unconfirmed.errors.contains("add --yes to confirm"))
        let erased = try GatehouseProcess.run(["customer", "erase", "c1@example.org", "--yes", "--database", "sqlite:\(path)"])
        #expect(erased.status == 0, "\(erased.errors)")
        #expect(erased.output.hasPrefix("erased: 1 conversation, 2 messages, 0 time entries, "))
        let again = try GatehouseProcess.run(["customer", "erase", "c1@example.org", "--yes", "--database", "sqlite:\(path)"])
        #expect(again.status == 1 && again.errors.contains("no customer c1@example.org"))
        // The others are still there.
        let other = try GatehouseProcess.run(["customer", "export", "c2@example.org", "--to", zip + ".2", "--database", "sqlite:\(path)"])
        #expect(other.status == 0)
    }
}
