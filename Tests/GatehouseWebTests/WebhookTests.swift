import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

/// What a webhook receiver on 127.0.0.1 was sent, and how it answers (200 unless told otherwise).
actor HookInbox {
    struct Call: Sendable {
        var path: String
        var headers: HTTPFields
        var body: String
    }

    private(set) var calls: [Call] = []
    private var answers: [HTTPResponse.Status] = []

    /// The next calls are answered with these statuses, in order.
    func answer(_ statuses: [HTTPResponse.Status]) { answers = statuses }

    func record(_ call: Call) -> HTTPResponse.Status {
        calls.append(call)
        return answers.isEmpty ? .ok : answers.removeFirst()
    }

    /// Waits (at most `seconds`) until `count` calls have arrived.
    func waitFor(_ count: Int, seconds: Int = 15) async -> [Call] {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while calls.count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return calls
    }
}

/// A real HTTP server that takes webhook calls, for the length of `body`.
func withHookReceiver(_ body: @Sendable (HookInbox, Int) async throws -> Void) async throws {
    let inbox = HookInbox()
    let router = Router()
    router.post("hook/*") { request, _ -> Response in
        let bytes = try await request.body.collect(upTo: 1 << 20)
        let status = await inbox.record(.init(path: request.uri.path, headers: request.headers,
                                              body: String(buffer: bytes)))
        return Response(status: status)
    }
    let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await receiver.test(.live) { client in
        try await body(inbox, try #require(client.port))
    }
}

/// The burst pipe, from a customer whose plan includes urgent access.
func urgentEmail(messageID: String = "maria-1@example.com") -> ByteBuffer {
    rawEmail(from: "Maria Lopez <maria@example.com>", subject: "HELP", messageID: messageID,
             body: "The pipe burst and the basement is flooding!")
}

func addCareCustomer(_ desk: TestDesk) async throws {
    _ = try await Customers(database: desk.database, workspaceID: desk.workspace.id)
        .create(CustomerDraft(name: "Maria Lopez", planID: "care", emails: ["maria@example.com"]), actor: "test", now: start)
}

@Suite("Webhooks for urgent messages")
struct WebhookTests {
    @Test("an urgent message is posted to the owner's webhook at once, signed; what is not urgent is not",
          arguments: DatabaseBackend.allCases)
    func urgentCallsTheHook(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await withHookReceiver { inbox, port in
                let desk = try await TestDesk.make(database)
                try await addCareCustomer(desk)
                let added = try await OwnerWebhooks(database: database, workspace: desk.workspace, key: testServerKey)
                    .add(url: "http://127.0.0.1:\(port)/hook/phone", description: "my phone", actor: "test", now: start)
                let hook = added.hook
                try await intakeApplication(database).test(.router) { client in
                    let calm = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest,
                                                        body: rawEmail())
                    #expect(calm.status == .accepted)
                    let urgent = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest,
                                                          body: urgentEmail())
                    #expect(urgent.status == .accepted)
                    // Nudged by intake: no waiting for the 15-second round.
                    let calls = await inbox.waitFor(1, seconds: 10)
                    try #require(calls.count == 1)
                    let call = calls[0]
                    #expect(call.path == "/hook/phone")
                    #expect(call.headers[.contentType] == "application/json; charset=utf-8")
                    let timestamp = try #require(call.headers[HTTPField.Name("Gatehouse-Timestamp")!])
                    #expect(timestamp == String(start.secondsSince1970))
                    let expected = WebhookSender.signature(secret: added.secret, timestamp: timestamp, body: Data(call.body.utf8))
                    #expect(call.headers[HTTPField.Name("Gatehouse-Signature")!] == "sha256=" + expected)
                    // A signature made with another secret does not match.
                    #expect(WebhookSender.signature(secret: "whsec_other", timestamp: timestamp, body: Data(call.body.utf8))
                        != expected)

                    let event = try #require(try JSONSerialization.jsonObject(with: Data(call.body.utf8)) as? [String: Any])
                    #expect(event["event"] as? String == "urgent")
                    #expect(event["workspace"] as? String == "rivera")
                    let customer = try #require(event["customer"] as? [String: Any])
                    #expect(customer["name"] as? String == "Maria Lopez")
                    #expect(customer["contact"] as? String == "maria@example.com")
                    let conversation = try #require(event["conversation"] as? [String: Any])
                    #expect((conversation["status_url"] as? String)?.hasPrefix(TestDesk.publicURL + "/status/") == true)
                    #expect((event["message"] as? [String: Any])?["excerpt"] as? String
                        == "The pipe burst and the basement is flooding!")
                    let reasons = try #require(event["reasons"] as? [String])
                    #expect(reasons.contains { $0.contains("Care plan includes urgent access") })

                    // The owner sees the call as delivered (once the receiver's answer is recorded); the calm
                    // message made none.
                    var items: [[String: Any]] = []
                    for _ in 0..<100 {
                        let deliveries = try await client.execute(uri: "/api/v1/webhooks/deliveries", method: .get,
                                                                  headers: desk.api)
                        items = try #require(try json(deliveries.body)["items"] as? [[String: Any]])
                        if items.first?["state"] as? String != "calling" { break }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    #expect(items.count == 1)
                    #expect(items.first?["state"] as? String == "delivered")
                    #expect(items.first?["webhook_id"] as? String == hook.id)
                    // The same message delivered again pages no one twice.
                    let again = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest,
                                                         body: urgentEmail())
                    #expect(try json(again.body)["status"] as? String == "duplicate")
                }
                #expect(await inbox.calls.count == 1)
            }
        }
    }

    @Test("a hook's secret is stored only sealed with the server key; one an earlier version stored in plain text is sealed when the desk starts and signs as before; another key cannot open it",
          arguments: DatabaseBackend.allCases)
    func secretsSealedAtRest(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await withHookReceiver { inbox, port in
                let desk = try await TestDesk.make(database)
                let added = try await OwnerWebhooks(database: database, workspace: desk.workspace, key: testServerKey)
                    .add(url: "http://127.0.0.1:\(port)/hook/new", description: "", actor: "test", now: start)
                struct Stored: Decodable { var id: String; var secret: String; var secret_sealed: String? }
                func stored() async throws -> [String: Stored] {
                    Dictionary(uniqueKeysWithValues: try await database.read { sql in
                        try await sql.select().columns("id", "secret", "secret_sealed").from("webhooks").all(decoding: Stored.self)
                    }.map { ($0.id, $0) })
                }
                let fresh = try #require(try await stored()[added.hook.id])
                #expect(fresh.secret == "")
                #expect(fresh.secret_sealed?.hasPrefix("v1:") == true && fresh.secret_sealed?.contains(added.secret) == false)
                #expect(try testServerKey.open(try #require(fresh.secret_sealed)) == added.secret)

                // A hook as an earlier version stored it: the secret in plain text.
                try await database.write { sql in
                    try await sql.insert(into: "webhooks").columns("id", "workspace_id", "url", "description", "secret", "created_at")
                        .values(SQLBind("legacy-hook"), SQLBind(desk.workspace.id), SQLBind("http://127.0.0.1:\(port)/hook/old"),
                                SQLBind(""), SQLBind("whsec_legacy"), SQLBind(start.secondsSince1970)).run()
                }
                let serving = Desk(database: database, serverKey: testServerKey)
                #expect(try await serving.sealStoredSecrets() == 1)
                #expect(try await serving.sealStoredSecrets() == 0, "sealed once")
                let legacy = try #require(try await stored()["legacy-hook"])
                #expect(legacy.secret == "")
                #expect(try testServerKey.open(try #require(legacy.secret_sealed)) == "whsec_legacy")

                // It signs with the same secret as before; a desk with another key cannot open it and says so.
                let hook = try #require(try await OwnerWebhooks(database: database, workspace: desk.workspace, key: testServerKey)
                    .hook("legacy-hook"))
                let sent = await WebhookSender(database: database, key: testServerKey)
                    .call(hook, body: "{}", deliveryID: "test-1", now: start)
                #expect(sent.result == .delivered(status: 200))
                let call = try #require(await inbox.waitFor(1).first)
                #expect(call.headers[HTTPField.Name("Gatehouse-Signature")!]
                    == "sha256=" + WebhookSender.signature(secret: "whsec_legacy", timestamp: String(start.secondsSince1970),
                                                           body: Data("{}".utf8)))
                let stranger = await WebhookSender(database: database, key: .random())
                    .call(hook, body: "{}", deliveryID: "test-2", now: start)
                guard case .failed(let reason) = stranger.result else {
                    Issue.record("a desk with another key should fail, not \(stranger.result)"); return
                }
                #expect(reason.contains("cannot be opened with this server's key"))
                #expect(await inbox.calls.count == 1, "nothing unsigned or wrongly signed is sent")
            }
        }
    }

    @Test("a receiver that is down is tried again after growing pauses, its error kept; a removed hook is not called",
          arguments: DatabaseBackend.allCases)
    func retries(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await withHookReceiver { inbox, port in
                let desk = try await TestDesk.make(database)
                try await addCareCustomer(desk)
                let hooks = OwnerWebhooks(database: database, workspace: desk.workspace, key: testServerKey)
                _ = try await hooks.add(url: "http://127.0.0.1:\(port)/hook/a", description: "", actor: "test", now: start)
                let gone = try await hooks.add(url: "http://127.0.0.1:\(port)/hook/removed", description: "", actor: "test",
                                               now: start).hook
                let intake = try Intake(database: database, workspace: desk.workspace)
                let summary = try await intake.ingestEmails([Data(buffer: urgentEmail())], now: start).summary
                #expect(summary.ownerNotices == 1)
                #expect(try await hooks.remove(gone.id, actor: "test", now: start))

                await inbox.answer([.serviceUnavailable, .internalServerError])
                let sender = WebhookSender(database: database, key: testServerKey)
                let first = try await sender.deliverDue(now: { start })
                #expect(first.count == 2)
                let removed = try #require(first.first { $0.webhookID == gone.id })
                #expect(removed.result == .failed(reason: "the webhook was removed before it could be called"))
                let down = try #require(first.first { $0.webhookID != gone.id })
                #expect(down.result == .retrying(at: start + .minutes(1), reason: "127.0.0.1 answered HTTP 503"))

                // Not again before the pause is over; then again, and a longer pause after a second failure.
                #expect(try await sender.deliverDue(now: { start + TimeSpan(seconds: 30) }).isEmpty)
                let second = try await sender.deliverDue(now: { start + TimeSpan(seconds: 61) })
                #expect(second.map(\.result) == [.retrying(at: start + TimeSpan(seconds: 61) + .minutes(5),
                                                           reason: "127.0.0.1 answered HTTP 500")])
                let third = try await sender.deliverDue(now: { start + .minutes(7) })
                #expect(third.map(\.result) == [.delivered(status: 200)])
                #expect(await inbox.calls.map(\.path) == ["/hook/a", "/hook/a", "/hook/a"])
                #expect(try await sender.deliverDue(now: { start + .hours(1) }).isEmpty)

                let tasks = try await TaskQueue(database: database)
                    .recent(workspaceID: desk.workspace.id, kind: WebhookDeliveries.kind)
                #expect(Set(tasks.map(\.state)) == [.done, .failed])
                #expect(tasks.first { $0.state == .done }?.lastError == "127.0.0.1 answered HTTP 500")
            }
        }
    }

    @Test("a receiver that gives up for good is given up on after a day of tries")
    func givesUp() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database)
            try await addCareCustomer(desk)
            // Nothing listens on this port: every call is refused.
            _ = try await OwnerWebhooks(database: database, workspace: desk.workspace, key: testServerKey)
                .add(url: "http://127.0.0.1:9/hook", description: "", actor: "test", now: start)
            _ = try await Intake(database: database, workspace: desk.workspace)
                .ingestEmails([Data(buffer: urgentEmail())], now: start)
            let sender = WebhookSender(database: database, key: testServerKey)
            var now = start
            var results: [WebhookOutcome.Result] = []
            for _ in 0..<(WebhookSender.retryPauses.count + 1) {
                let attemptAt = now
                let outcomes = try await sender.deliverDue(now: { attemptAt })
                try #require(outcomes.count == 1)
                results.append(outcomes[0].result)
                if case .retrying(let at, _) = outcomes[0].result { now = at }
            }
            #expect(results.dropLast().allSatisfy { if case .retrying = $0 { true } else { false } })
            guard case .failed(let reason) = results.last else {
                Issue.record("the last attempt should give up, not \(String(describing: results.last))")
                return
            }
            #expect(reason.contains("no answer from 127.0.0.1"))
            #expect(now - start >= TimeSpan.hours(22))
            let dayLater = now + TimeSpan.hours(24)
            let after = try await sender.deliverDue(now: { dayLater })
            #expect(after.isEmpty)
        }
    }

    @Test("webhooks are added (secret shown once), listed, tested and removed through the API; bad addresses are refused",
          arguments: DatabaseBackend.allCases)
    func api(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await withHookReceiver { inbox, port in
                let desk = try await TestDesk.make(database)
                let other = try await TestDesk.make(database, slug: "other")
                try await intakeApplication(database).test(.router) { client in
                    for (url, message) in [("ftp://example.com/x", "url must start with https:// or http://, not ftp:"),
                                           ("not a url", "url 'not a url' is not a web address"),
                                           ("https://", "url 'https://' has no host")] {
                        let refused = try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: desk.api,
                                                               body: ByteBuffer(string: #"{"url": "\#(url)"}"#))
                        #expect(refused.status == .unprocessableContent)
                        #expect(try errorField(refused.body).field == "url")
                        #expect(try errorField(refused.body).message == message)
                    }
                    let missing = try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: desk.api,
                                                           body: ByteBuffer(string: #"{"description": "x"}"#))
                    #expect(missing.status == .unprocessableContent)
                    #expect(try errorField(missing.body).field == "url")

                    let url = "http://127.0.0.1:\(port)/hook/ntfy"
                    let created = try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: desk.api,
                                                           body: ByteBuffer(string: #"{"url": "\#(url)", "description": "ntfy"}"#))
                    #expect(created.status == .created)
                    let hook = try json(created.body)
                    let id = try #require(hook["id"] as? String)
                    #expect((hook["secret"] as? String)?.hasPrefix("whsec_") == true)
                    let twice = try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: desk.api,
                                                         body: ByteBuffer(string: #"{"url": "\#(url)"}"#))
                    #expect(twice.status == .conflict)

                    let listed = try await client.execute(uri: "/api/v1/webhooks", method: .get, headers: desk.api)
                    let items = try #require(try json(listed.body)["items"] as? [[String: Any]])
                    #expect(items.map { $0["url"] as? String } == [url])
                    #expect(items.first?["secret"] == nil)
                    #expect(items.first?["description"] as? String == "ntfy")

                    let tested = try await client.execute(uri: "/api/v1/webhooks/\(id)/test", method: .post, headers: desk.api)
                    #expect(try json(tested.body)["delivered"] as? Bool == true)
                    let call = try #require(await inbox.waitFor(1).first)
                    #expect(call.body.contains(#""event":"test""#))
                    await inbox.answer([.notFound])
                    let failing = try await client.execute(uri: "/api/v1/webhooks/\(id)/test", method: .post, headers: desk.api)
                    #expect(try json(failing.body)["delivered"] as? Bool == false)
                    #expect(try json(failing.body)["error"] as? String == "127.0.0.1 answered HTTP 404")

                    // Another workspace neither sees nor removes it.
                    let theirs = try await client.execute(uri: "/api/v1/webhooks", method: .get, headers: other.api)
                    #expect((try json(theirs.body)["items"] as? [Any])?.isEmpty == true)
                    let notTheirs = try await client.execute(uri: "/api/v1/webhooks/\(id)", method: .delete, headers: other.api)
                    #expect(notTheirs.status == .notFound)
                    let removed = try await client.execute(uri: "/api/v1/webhooks/\(id)", method: .delete, headers: desk.api)
                    #expect(removed.status == .noContent)
                    let again = try await client.execute(uri: "/api/v1/webhooks/\(id)", method: .delete, headers: desk.api)
                    #expect(again.status == .notFound)
                }
            }
        }
    }
}
