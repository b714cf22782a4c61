import Foundation
import GatehouseCore
import Testing
@testable import GatehouseStore

@Suite("Store: an SQLite database let go without closing it")
struct ForgottenCloseTests {
    /// A caller that throws between opening and closing (a failed check in a test, an error on the
    /// way to serving) lets the database go unclosed. Its connections must close all the same:
    /// SQLite removes the write-ahead log when the last connection to the file closes, so the log
    /// going away is the sign. (Before, a debug build stopped the whole process here.)
    @Test("its connections are closed when the last reference goes: the write-ahead log is removed")
    func closedWhenLetGo() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-letgo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        func openWriteAndLetGo() async throws {
            let database = try await Database.open(.sqlite(path: path))
            try await database.write { sql in
                try await sql.raw("CREATE TABLE t (x INTEGER)").run()
                try await sql.raw("INSERT INTO t VALUES (1)").run()
            }
        }
        try await openWriteAndLetGo()
        let deadline = Date().addingTimeInterval(30)
        while FileManager.default.fileExists(atPath: path + "-wal"), Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "a connection is still open")
        // The data was committed and is there for the next opening.
        let again = try await Database.open(.sqlite(path: path))
        let row = try await again.read { sql in try await sql.raw("SELECT COUNT(*) AS n FROM t").first() }
        await again.close()
        #expect(try row?.decode(column: "n", as: Int.self) == 1)
    }
}
