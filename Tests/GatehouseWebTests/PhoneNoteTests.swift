import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// What a refused request said.
struct Refusal: Equatable {
    var status: HTTPResponse.Status
    var code: String?
    var field: String?
}

@Suite("API: phone notes")
struct PhoneNoteTests {
    @Test("a noted call about a burst pipe is filed as urgent, with its reasons, and the caller is not sent an acknowledgement",
          arguments: DatabaseBackend.allCases)
    func burstPipe(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let body = #"{"name": "Ben Okafor", "phone": "+1 (312) 555-0100", "email": "ben@example.net", "#
                    + #""text": "Burst pipe in the basement, water everywhere", "at": "2026-09-21T08:55:00-05:00"}"#
                let created = try await client.execute(uri: "/api/v1/phone-notes", method: .post, headers: desk.api,
                                                       body: ByteBuffer(string: body))
                #expect(created.status == .created)
                let note = try json(created.body)
                #expect(note["urgent"] as? Bool == true)
                #expect((note["quadrant"] as? String)?.isEmpty == false)
                let reasons = try #require(note["reasons"] as? [String])
                #expect(reasons.contains { $0.contains("burst pipe") })
                let conversationID = try #require(note["conversation_id"] as? String)
                let messageID = try #require(note["message_id"] as? String)

                let thread = try json(try await client.execute(uri: "/api/v1/conversations/\(conversationID)", method: .get,
                                                               headers: desk.api).body)
                let conversation = try #require(thread["conversation"] as? [String: Any])
                #expect(conversation["channel"] as? String == "phone")
                #expect(conversation["urgent"] as? Bool == true)
                let messages = try #require(thread["messages"] as? [[String: Any]])
                #expect(messages.map { $0["id"] as? String } == [messageID])
            }
            // The owner took the call: no acknowledgement is queued for the caller.
            #expect(try await TaskQueue(database: database).list(workspaceID: desk.workspace.id).isEmpty)
            let customers = try await Customers(database: database, workspaceID: desk.workspace.id).list().items
            #expect(customers.map(\.name) == ["Ben Okafor"])
        }
    }

    @Test("a bad phone note is refused with the field named", arguments: DatabaseBackend.allCases)
    func badInput(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                func post(_ body: String) async throws -> Refusal {
                    let response = try await client.execute(uri: "/api/v1/phone-notes", method: .post, headers: desk.api,
                                                            body: ByteBuffer(string: body))
                    let error = try errorField(response.body)
                    return Refusal(status: response.status, code: error.code, field: error.field)
                }
                let cases: [(String, Refusal)] = [
                    (#"{"phone": "312 555 0100"}"#,
                     Refusal(status: .unprocessableContent, code: "missing_field", field: "text")),
                    (#"{"phone": "312 555 0100", "text": "  "}"#,
                     Refusal(status: .unprocessableContent, code: "missing_field", field: "text")),
                    (#"{"phone": "312 555 0100", "text": 42}"#,
                     Refusal(status: .badRequest, code: "wrong_type", field: "text")),
                    (#"{"text": "Call me back"}"#,
                     Refusal(status: .unprocessableContent, code: "missing_field", field: "phone")),
                    (#"{"email": "not an address", "text": "Call me back"}"#,
                     Refusal(status: .unprocessableContent, code: "invalid", field: "email")),
                    (#"{"phone": "312 555 0100", "text": "x", "at": "yesterday"}"#,
                     Refusal(status: .badRequest, code: "bad_instant", field: "at")),
                    (#"{"phone": "312 555 0100", "text": "x", "at": "2030-01-01T00:00:00Z"}"#,
                     Refusal(status: .unprocessableContent, code: "invalid", field: "at")),
                    (#"{"phone": "312 555 0100", "text": "x", "urgent": true}"#,
                     Refusal(status: .unprocessableContent, code: "unknown_field", field: "urgent")),
                ]
                for (body, expected) in cases {
                    let refusal = try await post(body)
                    #expect(refusal == expected, "\(body)")
                }
                let malformed = try await post(#"{"phone": "312"#)
                #expect(malformed.status == .badRequest)
            }
            #expect(try await desk.conversations().isEmpty)
        }
    }
}
