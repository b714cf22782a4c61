import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import SQLKit
import Testing

/// The disk holding the SQLite database fills up under a running desk (a small tmpfs the test
/// mounts, then fills), and is given room again.
@Suite("The disk holding the SQLite database fills up")
struct DiskFullTests {
    /// A tmpfs of `megabytes` mounted at a new folder; nil (after saying why) where this machine
    /// does not let the test mount one (not root, or no CAP_SYS_ADMIN in a container).
    static func mountSmallDisk(megabytes: Int) throws -> String? {
        let folder = "/tmp/gatehouse-disk-\(NewID.make().prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let mounted = try ChildProcess.start("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", folder],
                                             output: .null, error: .null).wait()
        guard mounted.succeeded else {
            try? FileManager.default.removeItem(atPath: folder)
            print("The full-disk test is skipped: this machine does not let it mount a small disk (mount -t tmpfs)")
            return nil
        }
        return folder
    }

    static func unmount(_ folder: String) {
        _ = try? ChildProcess.start("/bin/umount", ["-l", folder], output: .null, error: .null).wait()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// An email from `name`, with `padding` bytes of text (a photo's worth makes it larger than any
    /// room the database's write-ahead log kept from earlier writes).
    static func mail(_ name: String, padding: Int = 0) -> String {
        let line = String(repeating: "x", count: 76) + "\r\n"
        return "From: \(name.capitalized) <\(name)@example.org>\r\nTo: office@rivera.example\r\nSubject: The boiler\r\n"
            + "Message-ID: <\(name)@example.org>\r\n\r\nThe boiler makes a noise.\r\n"
            + String(repeating: line, count: padding / line.utf8.count)
    }

    @Test("intake exits 75 and /inbound/email answers 503, keeping every message it had; /health says the disk is full; both take mail again once there is room")
    func fillsUp() async throws {
        guard let disk = try Self.mountSmallDisk(megabytes: 40) else { return }
        defer { Self.unmount(disk) }
        let path = disk + "/desk.sqlite", url = "sqlite:" + disk + "/desk.sqlite"
        #expect(try GatehouseProcess.run(["workspace", "create", "rivera", "--policy", GatehouseProcess.example("plumber-chicago.yml"),
                                          "--database", url]).status == 0)
        let ingestToken = try GatehouseProcess.run(["token", "create", "--workspace", "rivera", "--scope", "ingest", "--database", url])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        for name in ["ada", "bo", "cas"] {
            #expect(try GatehouseProcess.run(["ingest", "--workspace", "rivera", "--database", url], input: Self.mail(name)).status == 0)
        }
        let server = try ServerProcess(database: .sqlite(path: path))
        defer { _ = server.stop() }
        let http = PlainHTTP()
        let base = "http://127.0.0.1:\(server.port)"
        let relay = ["Authorization": "Bearer \(ingestToken)", "Content-Type": "message/rfc822"]
        #expect(try http.send("GET", base + "/health").status == 200)

        // The disk fills up.
        let filler = disk + "/filler"
        _ = try ChildProcess.start("/bin/dd", ["if=/dev/zero", "of=\(filler)", "bs=64k"], output: .null, error: .null).wait()
        let piped = try GatehouseProcess.run(["ingest", "--workspace", "rivera", "--database", url],
                                             input: Self.mail("dee", padding: 3 << 20))
        #expect(piped.status == 75, "the mail server is told to try again later: \(piped.errors)")
        let posted = try http.send("POST", base + "/inbound/email", headers: relay, body: Self.mail("eve", padding: 3 << 20))
        #expect(posted.status == 503, "\(posted.body)")
        let full = try http.send("GET", base + "/health")
        #expect(full.status == 503 && full.body.contains("disk full"), "\(full.body)")

        // Room again.
        try FileManager.default.removeItem(atPath: filler)
        #expect(try http.send("GET", base + "/health").status == 200)
        let again = try GatehouseProcess.run(["ingest", "--workspace", "rivera", "--database", url],
                                             input: Self.mail("dee", padding: 3 << 20))
        #expect(again.status == 0, "\(again.errors)")
        #expect(try http.send("POST", base + "/inbound/email", headers: relay, body: Self.mail("eve", padding: 3 << 20)).status == 202)

        let database = try await Database.open(.sqlite(path: path))
        let stored = try await database.read { sql in
            try await sql.raw("SELECT header_message_id, processed_at FROM messages WHERE direction = 'inbound' ORDER BY received_at").all()
                .map { (try $0.decode(column: "header_message_id", as: String.self), try $0.decode(column: "processed_at", as: Int64?.self)) }
        }
        await database.close()
        #expect(Set(stored.map(\.0)) == ["ada@example.org", "bo@example.org", "cas@example.org", "dee@example.org", "eve@example.org"])
        #expect(stored.count == 5, "each once")
        #expect(stored.allSatisfy { $0.1 != nil }, "each filed")
    }
}
