import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import SQLKit
import Testing

/// PostgreSQL stopped under a running desk, and started again: what an operator restarting the
/// database (or a crash of it) does to the desk's customers and to the mail server handing it mail.
@Suite("PostgreSQL stopped and started again under a running desk")
struct PostgresOutageTests {
    static func mail(_ number: Int) -> String {
        "From: Customer \(number) <customer\(number)@example.org>\r\nTo: office@rivera.example\r\n"
            + "Subject: Question \(number)\r\nMessage-ID: <outage-\(number)@example.org>\r\n\r\nCould you call me back?\r\n"
    }

    @Test("while it is down every request is answered 503 within seconds, /health says so and `ingest` exits 75; once it is back the desk serves again by itself; every message it accepted is stored and filed")
    func stoppedAndStarted() async throws {
        guard let cluster = try PostgresCluster.start() else { return }
        defer { cluster.remove() }
        let admin = try await Database.open(cluster.location(), connectTimeout: .seconds(60))
        try await admin.read { sql in try await sql.raw("CREATE DATABASE desk").run() }
        await admin.close()
        let location = cluster.location(database: "desk")
        let url = location.url
        #expect(try GatehouseProcess.run(["workspace", "create", "rivera", "--policy", GatehouseProcess.example("plumber-chicago.yml"),
                                          "--database", url]).status == 0)
        let api = try GatehouseProcess.run(["token", "create", "--workspace", "rivera", "--database", url])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        let ingest = try GatehouseProcess.run(["token", "create", "--workspace", "rivera", "--scope", "ingest", "--database", url])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)

        let server = try ServerProcess(database: location)
        defer { _ = server.stop() }
        let http = PlainHTTP()
        let base = "http://127.0.0.1:\(server.port)"
        let relay = ["Authorization": "Bearer \(ingest)", "Content-Type": "message/rfc822"]
        let reader = ["Authorization": "Bearer \(api)"]
        var accepted: [Int] = []
        var number = 0
        func deliver() throws -> PlainHTTP.Reply {
            number += 1
            let reply = try http.send("POST", base + "/inbound/email", headers: relay, body: Self.mail(number))
            if reply.status == 202 { accepted.append(number) }
            return reply
        }

        // Up: mail and reads, one after the other.
        for _ in 0..<10 {
            #expect(try deliver().status == 202)
            #expect(try http.send("GET", base + "/api/v1/conversations", headers: reader).status == 200)
        }

        try cluster.stopServer()
        // Down: every request answered at once with 503, none left hanging.
        for _ in 0..<1 {
            var started = ContinuousClock.now
            let refused = try deliver()
            #expect(refused.status == 503, "\(refused.body)")
            #expect(refused.headers["retry-after"] == "60")
            #expect(ContinuousClock.now - started < .seconds(20), "answered within seconds, not left to time out")
            started = ContinuousClock.now
            let read = try http.send("GET", base + "/api/v1/conversations", headers: reader)
            #expect(read.status == 503, "\(read.body)")
            #expect(ContinuousClock.now - started < .seconds(20), "answered within seconds, not left to time out")
        }
        let health = try http.send("GET", base + "/health")
        #expect(health.status == 503 && health.body.contains("unreachable"), "\(health.body)")
        let piped = try GatehouseProcess.run(["ingest", "--workspace", "rivera", "--database", url], input: Self.mail(1_000),
                                             timeLimit: 120)
        #expect(piped.status == 75, "the mail server is told to try again later: \(piped.errors)")

        try cluster.startServer()
        // Back: the desk takes mail again by itself, without being restarted.
        let deadline = ContinuousClock.now + .seconds(60)
        var first: PlainHTTP.Reply
        repeat {
            first = try deliver()
            if first.status != 202 { try await Task.sleep(for: .milliseconds(500)) }
        } while first.status != 202 && ContinuousClock.now < deadline
        #expect(first.status == 202, "the desk takes mail again once PostgreSQL is back: \(first.body)")
        for _ in 0..<5 {
            #expect(try deliver().status == 202)
            #expect(try http.send("GET", base + "/api/v1/conversations", headers: reader).status == 200)
        }
        #expect(try http.send("GET", base + "/health").status == 200)
        #expect(try GatehouseProcess.run(["ingest", "--workspace", "rivera", "--database", url], input: Self.mail(1_000)).status == 0)

        // Nothing accepted was lost, and each was filed.
        let database = try await Database.open(location, connectTimeout: .seconds(60))
        let stored = try await database.read { sql in
            try await sql.raw("SELECT header_message_id, processed_at FROM messages WHERE direction = 'inbound'").all()
                .map { (try $0.decode(column: "header_message_id", as: String.self),
                        try $0.decode(column: "processed_at", as: Int64?.self)) }
        }
        await database.close()
        let expected = Set(accepted.map { "outage-\($0)@example.org" } + ["outage-1000@example.org"])
        #expect(Set(stored.map(\.0)) == expected)
        #expect(stored.count == expected.count, "each stored once")
        #expect(stored.allSatisfy { $0.1 != nil }, "each filed")
    }
}
