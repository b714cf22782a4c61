import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("API: mailboxes")
struct MailboxesAPITests {
    @Test("connect after a test that says what failed (the password never shown back), list with folder states, change what happens to read mail, fetch now, remove; another workspace's mailbox is not found",
          arguments: DatabaseBackend.allCases)
    func mailboxes(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await DovecotTestServer.with { server in
                try await server.append((1...3).map { number in
                    (Data(String(buffer: rawEmail(subject: "Question \(number)", messageID: "api-\(number)@example.org")).utf8), false)
                })
                let desk = try await TestDesk.make(database, policyYAML: policyYAML)
                let other = try await TestDesk.make(database, slug: "other", policyYAML: policyYAML)
                try await application(database).test(.router) { client in
                    func body(_ fields: [String: String], port: Int? = nil, days: Int? = nil) -> ByteBuffer {
                        var text = fields.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ")
                        if let port { text += ", \"port\": \(port)" }
                        if let days { text += ", \"import_since_days\": \(days)" }
                        return ByteBuffer(string: "{\(text), \"allow_untrusted_certificate\": true}")
                    }
                    let base = ["host": "127.0.0.1", "username": server.username]
                    let wrong = try await client.execute(uri: "/api/v1/mailboxes", method: .post, headers: desk.api,
                                                         body: body(base.merging(["password": "not-it"]) { $1 }, port: server.tlsPort))
                    #expect(wrong.status == .unprocessableContent)
                    #expect(try errorField(wrong.body).code == "connection_failed")
                    #expect(try errorField(wrong.body).message?.contains("refused the user name or password") == true)
                    let moveNowhere = try await client.execute(
                        uri: "/api/v1/mailboxes", method: .post, headers: desk.api,
                        body: body(base.merging(["password": server.password, "after_reading": "move:Nowhere"]) { $1 }, port: server.tlsPort))
                    #expect(moveNowhere.status == .unprocessableContent)
                    #expect(try errorField(moveNowhere.body).field == "folders")

                    let created = try await client.execute(uri: "/api/v1/mailboxes", method: .post, headers: desk.api,
                                                           body: body(base.merging(["password": server.password,
                                                                                    "after_reading": "mark-read"]) { $1 },
                                                                      port: server.tlsPort, days: 30))
                    #expect(created.status == .created, "\(String(buffer: created.body))")
                    #expect(!String(buffer: created.body).contains(server.password))
                    let mailbox = try json(created.body)
                    let id = try #require(mailbox["id"] as? String)
                    #expect(mailbox["after_reading"] as? String == "mark-read" && mailbox["sign_in"] as? String == "password")

                    let changed = try await client.execute(uri: "/api/v1/mailboxes/\(id)", method: .patch, headers: desk.api,
                                                           body: ByteBuffer(string: #"{"after_reading": "mark-read", "paused": true}"#))
                    #expect(changed.status == .ok)
                    // Paused, so the desk's own rounds leave it to the fetch asked for below.
                    #expect(try json(changed.body)["after_reading"] as? String == "mark-read")
                    #expect(try json(changed.body)["paused"] as? Bool == true)
                    let bad = try await client.execute(uri: "/api/v1/mailboxes/\(id)", method: .patch, headers: desk.api,
                                                       body: ByteBuffer(string: #"{"after_reading": "delete"}"#))
                    let badField = try errorField(bad.body).field
                    #expect(bad.status == .unprocessableContent && badField == "after_reading")

                    // The desk's own round may be reading it at this moment (it was not paused at first):
                    // then the answer is 409 until it is done.
                    var fetched = try await client.execute(uri: "/api/v1/mailboxes/\(id)/fetch", method: .post, headers: desk.api)
                    let asked = ContinuousClock.now
                    while fetched.status == .conflict, ContinuousClock.now - asked < .seconds(30) {
                        #expect(try errorField(fetched.body).code == "busy")
                        try await Task.sleep(for: .milliseconds(200))
                        fetched = try await client.execute(uri: "/api/v1/mailboxes/\(id)/fetch", method: .post, headers: desk.api)
                    }
                    #expect(fetched.status == .ok)
                    let folders = try #require(try json(fetched.body)["folders"] as? [[String: Any]])
                    #expect(folders.first?["folder"] as? String == "INBOX" && folders.first?["error"] is NSNull, "\(folders)")

                    // Whoever read them, all three are stored once and, as chosen, marked read on the server.
                    let listed = try json(try await client.execute(uri: "/api/v1/mailboxes", method: .get, headers: desk.api).body)
                    let items = try #require(listed["items"] as? [[String: Any]])
                    let states = try #require(items.first?["folder_states"] as? [[String: Any]])
                    #expect(states.first?["highest_uid"] as? Int == 3 && states.first?["backlog"] as? Int == 0)
                    let unseen = try await IMAPClient.withConnection(server.settings()) { connection in
                        _ = try await connection.examine("INBOX")
                        return try await connection.uidSearch("UNSEEN")
                    }
                    #expect(unseen.isEmpty)

                    for (method, uri) in [(HTTPRequest.Method.patch, "/api/v1/mailboxes/\(id)"), (.delete, "/api/v1/mailboxes/\(id)"),
                                          (.post, "/api/v1/mailboxes/\(id)/fetch")] {
                        let response = try await client.execute(uri: uri, method: method, headers: other.api,
                                                                body: ByteBuffer(string: #"{"paused": true}"#))
                        #expect(response.status == .notFound, "\(method) \(uri)")
                    }
                    let otherList = try json(try await client.execute(uri: "/api/v1/mailboxes", method: .get, headers: other.api).body)
                    #expect((otherList["items"] as? [Any])?.isEmpty == true)

                    let removed = try await client.execute(uri: "/api/v1/mailboxes/\(id)", method: .delete, headers: desk.api)
                    #expect(removed.status == .noContent)
                }
            }
        }
    }
}
