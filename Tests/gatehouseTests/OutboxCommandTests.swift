import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("gatehouse outbox send")
struct OutboxCommandTests {
    /// Before the real time the command runs at, so everything seeded is due.
    static let now = Instant(secondsSince1970: 1_790_000_000)

    /// A workspace whose mail goes to `server`, sealed with the key in `keyFile`.
    static func workspace(_ database: Database, server: SMTPTestServer, keyFile: String, policy: String = TestPolicies.plumber,
                          now: Instant = now) async throws -> Workspace {
        let workspace = try await Workspaces(database: database)
            .create(slug: "rivera", policyYAML: policy, actor: "test", now: now)
        let key = try ServerKey.load(environment: [:], file: keyFile)
        let sending = MailSending(method: .smtp(SMTPServerSettings(host: "127.0.0.1", port: server.port, security: .none)))
        try await MailSettingsStore(database: database).put(try sending.stored(key: key, at: now.secondsSince1970),
                                                            workspaceID: workspace.id, actor: "test", now: now)
        return workspace
    }

    @Test("killed (SIGKILL) in the middle of 500 messages and restarted: each arrives exactly once, none lost, the uncertain reported",
          arguments: DatabaseBackend.allCases)
    func killed(backend: DatabaseBackend) async throws {
        try await TestDatabase.withLocation(backend) { location in
            try await SMTPTestServer.with(.init(delayMilliseconds: 4)) { server in
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-kill-\(NewID.make())")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                let keyFile = folder.appendingPathComponent("server.key").path
                let database = try await Database.open(location, connectTimeout: .seconds(120))
                try await database.migrate(now: Self.now)
                let workspace = try await Self.workspace(database, server: server, keyFile: keyFile)
                // Due now, by the real clock `outbox send` reads: mail due long ago would wait for review (LateMail).
                let dueNow = Instant(secondsSince1970: Int64(Date().timeIntervalSince1970))
                let tasks = try await OutboxSeed.seed(database, workspaceID: workspace.id, count: 500, sendAt: dueNow, now: Self.now)
                await database.close()

                let arguments = ["outbox", "send", "--database", location.url, "--key-file", keyFile, "--lease", "2",
                                 "--batch", "50"]
                let first = try ChildProcess.start(GatehouseProcess.executable.path, arguments, output: .null, error: .null)
                // Kill it once a good part has gone, in the middle of a batch.
                let deadline = Date().addingTimeInterval(120)
                while try server.received().count < 120, first.isRunning, Date() < deadline { usleep(5_000) }
                first.send(SIGKILL)
                first.wait()
                let beforeRestart = try server.received().count
                #expect(beforeRestart >= 120 && beforeRestart < 500, "killed after \(beforeRestart) messages")
                // The killed process's leases run out after two seconds; then a new run takes over.
                usleep(2_500_000)
                let second = try GatehouseProcess.run(arguments)
                #expect(second.status == 0, "\(second.errors)")

                let reopened = try await Database.open(location, connectTimeout: .seconds(120))
                let outbox = Outbox(database: reopened, workspaceID: workspace.id)
                let emails = try await outbox.list(limit: 1000)
                await reopened.close()
                #expect(emails.count == 500)
                let states = Dictionary(grouping: emails, by: \.state).mapValues(\.count)
                let sent = states[.sent] ?? 0, uncertain = states[.uncertain] ?? 0
                #expect(sent + uncertain == 500, "states: \(states)")
                #expect(Set(emails.map(\.task.id)) == Set(tasks))

                let received = try server.received()
                let counts = Dictionary(grouping: received, by: \.messageID).mapValues(\.count)
                #expect(counts.values.allSatisfy { $0 == 1 }, "sent twice: \(counts.filter { $0.value > 1 }.keys.sorted())")
                // Every sent message arrived; each uncertain one arrived at most once (never resent).
                #expect(received.count >= sent && received.count <= sent + uncertain,
                        "received \(received.count), sent \(sent), uncertain \(uncertain)")
                #expect(Set(received.map(\.messageID)).isSubset(of: Set((0..<500).map(OutboxSeed.messageID))))
                #expect(uncertain <= 4, "each of the (at most 4) connections has at most one message between its final dot and the answer")
                print("outbox kill test (\(backend)): killed after \(beforeRestart) received; sent \(sent), uncertain \(uncertain)")
            }
        }
    }

    @Test("with nothing set up, it says what waits; bad options are refused")
    func summaryAndOptions() async throws {
        try await TestDatabase.withLocation(.sqlite) { location in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-outbox-\(NewID.make())")
            defer { try? FileManager.default.removeItem(at: folder) }
            let keyFile = folder.appendingPathComponent("server.key").path
            let empty = try GatehouseProcess.run(["outbox", "send", "--database", location.url, "--key-file", keyFile])
            #expect(empty.status == 0)
            #expect(empty.outputLines == ["sent 0, retrying 0, failed 0, uncertain 0, waiting 0"])
            #expect(FileManager.default.fileExists(atPath: keyFile))
            let bad = try GatehouseProcess.run(["outbox", "send", "--database", location.url, "--batch", "0"])
            #expect(bad.status == 64)
            #expect(bad.errors.contains("--batch must be at least 1"))
        }
    }
}
