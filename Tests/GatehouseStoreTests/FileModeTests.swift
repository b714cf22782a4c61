import Foundation
import GatehouseCore
import Testing
@testable import GatehouseStore

@Suite("Store: a new SQLite database is readable by its owner only")
struct FileModeTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("the folder is 0700; the database, its WAL and its shared-memory file are 0600")
    func modes() async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-modes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let path = parent.appendingPathComponent("data/gatehouse.sqlite").path
        let database = try await Database.open(.sqlite(path: path))
        try await database.write { sql in
            try await sql.raw("CREATE TABLE t (x INTEGER)").run()
            try await sql.raw("INSERT INTO t VALUES (1)").run()
        }
        #expect(try Self.mode(parent.appendingPathComponent("data").path) == 0o700)
        #expect(try Self.mode(path) == 0o600)
        #expect(try Self.mode(path + "-wal") == 0o600)
        #expect(try Self.mode(path + "-shm") == 0o600)
        await database.close()
    }
}
