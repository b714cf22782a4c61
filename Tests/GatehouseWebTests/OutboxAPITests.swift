import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The outbox through the API: replies, the owner's decisions, the mail settings.
/// `start` is Monday 21 September 2026, 09:13 in Chicago.
@Suite("Outbox API")
struct OutboxAPITests {
    static func body(_ object: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(data: try JSONSerialization.data(withJSONObject: object))
    }

    @Test("a reply written through the API waits for the 15:30 window, can be sent now or cancelled, and is invisible to another workspace",
          arguments: DatabaseBackend.allCases)
    func replies(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let other = try await TestDesk.make(database, slug: "other")
            try await intakeApplication(database).test(.router) { client in
                _ = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: rawEmail())
                let conversation = try #require(try await desk.conversations().first)
                let written = try await client.execute(uri: "/api/v1/conversations/\(conversation.id)/replies", method: .post,
                                                       headers: desk.api, body: try Self.body(["text": "Tomorrow at 9 suits me."]))
                #expect(written.status == .created)
                let reply = try json(written.body)
                let id = try #require(reply["id"] as? String)
                #expect(reply["state"] as? String == "scheduled")
                #expect(reply["purpose"] as? String == "reply")
                #expect(reply["send_at"] as? String == "2026-09-21T20:30:00+00:00")
                #expect((reply["why"] as? String)?.hasPrefix("next response window, 3:30 PM (the 10:30 AM window is sooner") == true)
                #expect(reply["to"] as? String == "dana@example.org")
                #expect(reply["writing_minutes"] as? Int == 0)
                #expect(reply["writing_time"] as? String == "No time was recorded for it: the reply did not say when its writing began.")

                // A client that says when its composer opened has the writing time recorded, as the reply page does.
                let timed = try json(try await client.execute(
                    uri: "/api/v1/conversations/\(conversation.id)/replies", method: .post, headers: desk.api,
                    body: try Self.body(["text": "And bring the washer.", "composing_started_at": "2026-09-21T14:01:20Z"])).body)
                #expect(timed["writing_minutes"] as? Int == 12)
                #expect(timed["writing_time"] as? String == "12 minutes of writing is recorded for the customer.")
                let badStart = try await client.execute(
                    uri: "/api/v1/conversations/\(conversation.id)/replies", method: .post, headers: desk.api,
                    body: try Self.body(["text": "Hi", "composing_started_at": "at nine"]))
                #expect(badStart.status == .badRequest)
                #expect(try errorField(badStart.body).field == "composing_started_at")

                let hidden = try await client.execute(uri: "/api/v1/outbox/\(id)", method: .get, headers: other.api)
                #expect(hidden.status == .notFound)
                let stolen = try await client.execute(uri: "/api/v1/outbox/\(id)/cancel", method: .post, headers: other.api)
                #expect(stolen.status == .notFound)
                let elsewhere = try await client.execute(uri: "/api/v1/conversations/\(conversation.id)/replies", method: .post,
                                                         headers: other.api, body: try Self.body(["text": "Hi"]))
                #expect(elsewhere.status == .notFound)

                let now = try await client.execute(uri: "/api/v1/outbox/\(id)/send-now", method: .post, headers: desk.api)
                #expect(now.status == .ok)
                #expect(try json(now.body)["send_at"] as? String == "2026-09-21T14:13:20+00:00")
                let cancelled = try await client.execute(uri: "/api/v1/outbox/\(id)/cancel", method: .post, headers: desk.api)
                #expect(try json(cancelled.body)["state"] as? String == "cancelled")
                let again = try await client.execute(uri: "/api/v1/outbox/\(id)/send-now", method: .post, headers: desk.api)
                #expect(again.status == .conflict)
                #expect(try errorField(again.body).message == "this email is cancelled; that applies only to scheduled, held or retrying email")
                let listed = try await client.execute(uri: "/api/v1/outbox?state=cancelled", method: .get, headers: desk.api)
                #expect((try json(listed.body)["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])

                let empty = try await client.execute(uri: "/api/v1/conversations/\(conversation.id)/replies", method: .post,
                                                     headers: desk.api, body: try Self.body(["text": "  "]))
                #expect(empty.status == .unprocessableContent)
                #expect(try errorField(empty.body).field == "text")
                let wrong = try await client.execute(uri: "/api/v1/conversations/\(conversation.id)/replies", method: .post,
                                                     headers: desk.api, body: try Self.body(["text": "Hi", "send_now": "yes"]))
                #expect(wrong.status == .badRequest)
                #expect(try errorField(wrong.body).field == "send_now")
                let settle = try await client.execute(uri: "/api/v1/outbox/\(id)/settle", method: .post, headers: desk.api,
                                                      body: try Self.body([:]))
                #expect(settle.status == .unprocessableContent)
                #expect(try errorField(settle.body).field == "arrived")
            }
        }
    }

    @Test("mail settings: stored with the password sealed and never shown, kept when left out, checked with a real test email",
          arguments: DatabaseBackend.allCases)
    func settings(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with(.init(auth: (user: "desk@rivera.example", password: "pa55 word"))) { server throws in
                let desk = try await TestDesk.make(database)
                try await intakeApplication(database).test(.router) { client in
                    let none = try await client.execute(uri: "/api/v1/settings/mail", method: .get, headers: desk.api)
                    #expect(none.status == .notFound)
                    let put = try await client.execute(uri: "/api/v1/settings/mail", method: .put, headers: desk.api, body: try Self.body([
                        "method": "smtp", "host": "127.0.0.1", "port": server.port, "security": "none",
                        "username": "desk@rivera.example", "password": "pa55 word",
                    ]))
                    #expect(put.status == .ok)
                    let shown = try await client.execute(uri: "/api/v1/settings/mail", method: .get, headers: desk.api)
                    let text = String(buffer: shown.body)
                    #expect(!text.contains("pa55"))
                    #expect(try json(shown.body)["password_set"] as? Bool == true)
                    // An edit that leaves the password out keeps it.
                    let edit = try await client.execute(uri: "/api/v1/settings/mail", method: .put, headers: desk.api, body: try Self.body([
                        "method": "smtp", "host": "127.0.0.1", "port": server.port, "security": "none",
                        "username": "desk@rivera.example",
                    ]))
                    #expect(edit.status == .ok)
                    let test = try await client.execute(uri: "/api/v1/settings/mail/test", method: .post, headers: desk.api,
                                                        body: try Self.body(["to": "owner@rivera.example"]))
                    #expect(test.status == .ok)
                    let result = try json(test.body)
                    #expect(result["delivered"] as? Bool == true, "\(result)")
                    let received = try server.received()
                    #expect(received.map(\.recipients) == [["owner@rivera.example"]])
                    #expect(received.first?.text.contains("Subject: Gatehouse test email") == true)
                    #expect(result["queue_id"] as? String == received.first?.queueID)

                    for (fields, field) in [(["method": "smtp", "host": "smtp.example.com", "port": 99_999], "port"),
                                            (["method": "smtp", "host": "smtp.example.com", "security": "ssl"], "security"),
                                            (["method": "smtp", "host": "smtp.example.com", "username": "new-user"], "password"),
                                            (["method": "fax"], "method"),
                                            (["method": "smtp", "host": "smtp.example.com", "colour": "blue"], "colour")]
                        as [([String: Any], String)] {
                        let bad = try await client.execute(uri: "/api/v1/settings/mail", method: .put, headers: desk.api,
                                                           body: try Self.body(fields))
                        #expect(bad.status == .unprocessableContent, "\(fields)")
                        #expect(try errorField(bad.body).field == field)
                    }
                    let broken = try await client.execute(uri: "/api/v1/settings/mail/test", method: .post, headers: desk.api,
                                                          body: try Self.body(["to": "owner@"]))
                    #expect(broken.status == .unprocessableContent)
                    let removed = try await client.execute(uri: "/api/v1/settings/mail", method: .delete, headers: desk.api)
                    #expect(removed.status == .noContent)
                }
            }
        }
    }

    @Test("a test email to a server that is not there says so, and sends nothing")
    func unreachableTest() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database)
            let port = try await SMTPTestServer.with { server in server.port }
            try await intakeApplication(database).test(.router) { client in
                _ = try await client.execute(uri: "/api/v1/settings/mail", method: .put, headers: desk.api, body: try Self.body([
                    "method": "smtp", "host": "127.0.0.1", "port": port, "security": "none",
                ]))
                let test = try await client.execute(uri: "/api/v1/settings/mail/test", method: .post, headers: desk.api,
                                                    body: try Self.body(["to": "owner@rivera.example"]))
                let result = try json(test.body)
                #expect(result["delivered"] as? Bool == false)
                #expect((result["error"] as? String)?.contains("could not connect to 127.0.0.1") == true)
            }
        }
    }
}
