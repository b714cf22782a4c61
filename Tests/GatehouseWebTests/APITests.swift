import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import Hummingbird
import HummingbirdTesting
import Testing

let start = TestDesk.monday

let policyYAML = TestPolicies.plumber

func application(_ database: Database) async throws -> some ApplicationProtocol {
    try await buildApplication(configuration: DeskConfiguration(host: "127.0.0.1", port: 0),
                     environment: DeskEnvironment(desk: Desk(database: database, clock: FixedClock(instant: start))))
}

func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any])
}

func errorField(_ buffer: ByteBuffer) throws -> (code: String?, field: String?, message: String?) {
    let error = try json(buffer)["error"] as? [String: Any]
    return (error?["code"] as? String, error?["field"] as? String, error?["message"] as? String)
}

@Suite("JSON API")
struct APITests {
    @Test("health checks the database; metrics are in Prometheus format", arguments: DatabaseBackend.allCases)
    func healthAndMetrics(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await application(database).test(.router) { client in
                try await client.execute(uri: "/health", method: .get) { response throws in
                    #expect(response.status == .ok)
                    #expect(try json(response.body)["database"] as? String == "ok")
                }
                try await client.execute(uri: "/metrics", method: .get) { response throws in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("# TYPE"))
                }
            }
        }
    }

    @Test("without a valid token the API answers 401 with a JSON error", arguments: DatabaseBackend.allCases)
    func unauthorized(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            _ = try await TestDesk.make(database, policyYAML: policyYAML)
            try await application(database).test(.router) { client in
                try await client.execute(uri: "/api/v1/customers", method: .get) { response throws in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"gatehouse\"")
                    #expect(try errorField(response.body).code == "unauthorized")
                }
                try await client.execute(uri: "/api/v1/customers", method: .get,
                                         headers: [.authorization: "Bearer gh_not-a-real-token"]) { response throws in
                    #expect(response.status == .unauthorized)
                }
            }
        }
    }

    @Test("the policy is read and replaced; an invalid one gets 422 with line and column",
          arguments: DatabaseBackend.allCases)
    func policy(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let fixture = try await TestDesk.make(database, policyYAML: policyYAML)
            try await application(database).test(.router) { client in
                try await client.execute(uri: "/api/v1/policy", method: .get, headers: fixture.api) { response throws in
                    #expect(response.status == .ok)
                    #expect(try json(response.body)["yaml"] as? String == policyYAML)
                }
                try await client.execute(uri: "/api/v1/policy", method: .put, headers: [.authorization: "Bearer \(fixture.apiToken)", .contentType: "text/yaml"],
                                         body: ByteBuffer(string: "business:\n  name: X\n  timezone: Mars/Base\nhours: {}\n")) { response throws in
                    #expect(response.status == .unprocessableContent)
                    let error = try #require(try json(response.body)["error"] as? [String: Any])
                    #expect(error["code"] as? String == "invalid_policy")
                    let problems = try #require(error["problems"] as? [[String: Any]])
                    #expect(problems.count == 1)
                    #expect(problems.first?["line"] as? Int == 3)
                    #expect(problems.first?["column"] as? Int == 13)
                }
                let renamed = policyYAML.replacingOccurrences(of: "Rivera Plumbing", with: "Rivera & Sons")
                let body = try JSONSerialization.data(withJSONObject: ["yaml": renamed])
                try await client.execute(uri: "/api/v1/policy", method: .put, headers: fixture.api,
                                         body: ByteBuffer(bytes: body)) { response throws in
                    #expect(response.status == .ok)
                    #expect(try json(response.body)["name"] as? String == "Rivera & Sons")
                }
                // Read your own write at once, although the token's lookup is remembered for a moment.
                try await client.execute(uri: "/api/v1/policy", method: .get, headers: fixture.api) { response throws in
                    #expect(try json(response.body)["yaml"] as? String == renamed)
                }
            }
        }
    }

    @Test("customers: create, page, search, get, update and delete", arguments: DatabaseBackend.allCases)
    func customers(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let fixture = try await TestDesk.make(database, policyYAML: policyYAML)
            try await application(database).test(.router) { client in
                var created: [String] = []
                for index in 0..<7 {
                    let body = #"{"name": "Customer \#(index)", "emails": ["c\#(index)@example.com"], "plan": "care"}"#
                    try await client.execute(uri: "/api/v1/customers", method: .post, headers: fixture.api,
                                             body: ByteBuffer(string: body)) { response throws in
                        #expect(response.status == .created)
                        let customer = try json(response.body)
                        #expect(customer["plan"] as? String == "care")
                        #expect(response.headers[.location] == "/api/v1/customers/\(customer["id"] as? String ?? "")")
                        created.append(customer["id"] as? String ?? "")
                    }
                }
                var names: [String] = []
                var next: String? = nil
                repeat {
                    let uri = "/api/v1/customers?limit=3" + (next.map { "&after=\($0)" } ?? "")
                    try await client.execute(uri: uri, method: .get, headers: fixture.api) { response throws in
                        #expect(response.status == .ok)
                        let page = try json(response.body)
                        names += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                        next = page["next"] as? String
                    }
                } while next != nil
                #expect(names == (0..<7).map { "Customer \($0)" })
                try await client.execute(uri: "/api/v1/customers?search=c4%40", method: .get, headers: fixture.api) { response throws in
                    let items = try json(response.body)["items"] as? [[String: Any]]
                    #expect(items?.map { $0["name"] as? String } == ["Customer 4"])
                }
                try await client.execute(uri: "/api/v1/customers/\(created[2])", method: .patch, headers: fixture.api,
                                         body: ByteBuffer(string: #"{"notes": "prefers mornings"}"#)) { response throws in
                    #expect(response.status == .ok)
                    let customer = try json(response.body)
                    #expect(customer["notes"] as? String == "prefers mornings")
                    #expect(customer["name"] as? String == "Customer 2")
                    #expect(customer["emails"] as? [String] == ["c2@example.com"])
                }
                try await client.execute(uri: "/api/v1/customers/\(created[2])", method: .delete, headers: fixture.api) { response throws in
                    #expect(response.status == .noContent)
                }
                try await client.execute(uri: "/api/v1/customers/\(created[2])", method: .get, headers: fixture.api) { response throws in
                    #expect(response.status == .notFound)
                    #expect(try errorField(response.body).code == "not_found")
                }
            }
        }
    }

    @Test("bad input gets 400, 413 or 422 with the field named", arguments: DatabaseBackend.allCases)
    func badInput(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let fixture = try await TestDesk.make(database, policyYAML: policyYAML)
            try await application(database).test(.router) { client in
                let cases: [(String, HTTPResponse.Status, String?, String?)] = [
                    (#"{"name": "Ana""#, .badRequest, "malformed_json", nil),
                    (#"["Ana"]"#, .badRequest, "malformed_json", nil),
                    (#"{"name": 42}"#, .badRequest, "wrong_type", "name"),
                    (#"{"name": "Ana", "emails": "ana@example.com"}"#, .badRequest, "wrong_type", "emails"),
                    (#"{"name": "Ana", "colour": "blue"}"#, .unprocessableContent, "unknown_field", "colour"),
                    (#"{"emails": ["ana@example.com"]}"#, .unprocessableContent, "missing_field", "name"),
                    (#"{"name": "Ana", "plan": "gold"}"#, .unprocessableContent, "invalid", "plan"),
                    (#"{"name": "Ana", "emails": ["not an address"]}"#, .unprocessableContent, "invalid", "emails"),
                ]
                for (body, status, code, field) in cases {
                    try await client.execute(uri: "/api/v1/customers", method: .post, headers: fixture.api,
                                             body: ByteBuffer(string: body)) { response throws in
                        #expect(response.status == status, "\(body)")
                        let error = try errorField(response.body)
                        #expect(error.code == code, "\(body)")
                        #expect(error.field == field, "\(body)")
                    }
                }
                let huge = #"{"name": "Ana", "notes": ""# + String(repeating: "x", count: 600_000) + #""}"#
                try await client.execute(uri: "/api/v1/customers", method: .post, headers: fixture.api,
                                         body: ByteBuffer(string: huge)) { response throws in
                    #expect(response.status == .contentTooLarge)
                }
                for limit in ["0", "500", "ten"] {
                    try await client.execute(uri: "/api/v1/customers?limit=\(limit)", method: .get, headers: fixture.api) { response throws in
                        #expect(response.status == .badRequest)
                        #expect(try errorField(response.body).field == "limit")
                    }
                }
                // A well-formed cursor no page handed out is a position all the same: the list pages on from it.
                try await client.execute(uri: "/api/v1/customers?after=zzzz", method: .get, headers: fixture.api) { response in
                    #expect(response.status == .ok)
                }
                // A cursor is base64url: anything else is a bad parameter (400), as the document says.
                try await client.execute(uri: "/api/v1/customers?after=bogus!", method: .get, headers: fixture.api) { response throws in
                    #expect(response.status == .badRequest)
                    #expect(try errorField(response.body).field == "after")
                }
            }
        }
    }

    @Test("a token of one workspace never sees another workspace's rows", arguments: DatabaseBackend.allCases)
    func isolation(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let mine = try await TestDesk.make(database, slug: "mine", policyYAML: policyYAML)
            let theirs = try await TestDesk.make(database, slug: "theirs", policyYAML: policyYAML)
            let customer = try await Customers(database: database, workspaceID: mine.workspace.id)
                .create(CustomerDraft(name: "Private Person", planID: "standard", emails: ["private@example.com"]),
                        actor: "test", now: start)
            let conversation = try await Conversations(database: database, workspaceID: mine.workspace.id)
                .create(customerID: customer.id, subject: "Leaking tap", channel: .email, now: start)
            try await application(database).test(.router) { client in
                for uri in ["/api/v1/customers/\(customer.id)", "/api/v1/conversations/\(conversation.id)"] {
                    try await client.execute(uri: uri, method: .get, headers: theirs.api) { response throws in
                        #expect(response.status == .notFound, "\(uri)")
                    }
                    try await client.execute(uri: uri, method: .get, headers: mine.api) { response throws in
                        #expect(response.status == .ok, "\(uri)")
                    }
                }
                for uri in ["/api/v1/customers", "/api/v1/customers?search=Private", "/api/v1/conversations"] {
                    try await client.execute(uri: uri, method: .get, headers: theirs.api) { response throws in
                        #expect((try json(response.body)["items"] as? [Any])?.isEmpty == true, "\(uri)")
                    }
                }
                try await client.execute(uri: "/api/v1/customers/\(customer.id)", method: .delete, headers: theirs.api) { response throws in
                    #expect(response.status == .notFound)
                }
                try await client.execute(uri: "/api/v1/customers/\(customer.id)", method: .patch, headers: theirs.api,
                                         body: ByteBuffer(string: #"{"name": "Stolen"}"#)) { response throws in
                    #expect(response.status == .notFound)
                }
                try await client.execute(uri: "/api/v1/policy", method: .get, headers: theirs.api) { response throws in
                    #expect(try json(response.body)["workspace"] as? String == "theirs")
                }
            }
            #expect(try await Customers(database: database, workspaceID: mine.workspace.id).get(customer.id)?.name == "Private Person")
        }
    }

    @Test("conversations are listed newest first with their messages", arguments: DatabaseBackend.allCases)
    func conversations(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let fixture = try await TestDesk.make(database, policyYAML: policyYAML)
            let customer = try await Customers(database: database, workspaceID: fixture.workspace.id)
                .create(CustomerDraft(name: "Ana", planID: "standard", emails: ["ana@example.com"]), actor: "test", now: start)
            let conversations = Conversations(database: database, workspaceID: fixture.workspace.id)
            let older = try await conversations.create(customerID: customer.id, subject: "Older", channel: .email, now: start)
            let newer = try await conversations.create(customerID: customer.id, subject: "Newer", channel: .email,
                                                       now: start + .minutes(5))
            let raw = Data("From: ana@example.com\r\nSubject: Older\r\n\r\nThe tap drips.\r\n".utf8)
            try await conversations.append(StoredMessage(workspaceID: fixture.workspace.id, conversationID: older.id,
                                                         direction: .inbound, channel: "email", headerMessageID: "<1@example.com>",
                                                         contentHash: "hash-1", raw: raw, sender: "ana@example.com",
                                                         subject: "Older", textBody: "The tap drips.",
                                                         receivedAt: start + TimeSpan(seconds: 600)))
            try await application(database).test(.router) { client in
                try await client.execute(uri: "/api/v1/conversations", method: .get, headers: fixture.api) { response throws in
                    let items = try json(response.body)["items"] as? [[String: Any]]
                    // The older conversation has the latest message, so it comes first.
                    #expect(items?.map { $0["subject"] as? String } == ["Older", "Newer"])
                }
                try await client.execute(uri: "/api/v1/conversations/\(older.id)", method: .get, headers: fixture.api) { response throws in
                    let detail = try json(response.body)
                    let messages = try #require(detail["messages"] as? [[String: Any]])
                    #expect(messages.count == 1)
                    #expect(messages[0]["text"] as? String == "The tap drips.")
                    #expect(messages[0]["raw_size"] as? Int == raw.count)
                }
                _ = newer
            }
        }
    }
}
