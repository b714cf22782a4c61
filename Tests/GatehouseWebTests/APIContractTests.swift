import Foundation
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// What schemathesis found where the API and its document disagreed, one sentence each; the
/// whole document is checked by `SchemathesisTests` against a running desk.
@Suite("The API takes what its document declares")
struct APIContractTests {
    @Test("an address asked with a method it does not take is 405 with the methods it takes, the fixed word before the parameter")
    func methodNotAllowed() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try await TestDesk.make(database, policyYAML: policyYAML)
            try await application(database).test(.router) { client in
                let trace = try await client.execute(uri: "/api/v1/customers", method: .trace, headers: fixture.api)
                #expect(trace.status == .methodNotAllowed)
                #expect(trace.headers[.allow] == "GET, POST")
                #expect(try errorField(trace.body).code == "method_not_allowed")
                // /webhooks/deliveries is its own address, not /webhooks/{id}.
                let deliveries = try await client.execute(uri: "/api/v1/webhooks/deliveries", method: .options, headers: fixture.api)
                #expect(deliveries.status == .methodNotAllowed && deliveries.headers[.allow] == "GET")
                let one = try await client.execute(uri: "/api/v1/webhooks/abc", method: .get, headers: fixture.api)
                #expect(one.status == .methodNotAllowed && one.headers[.allow] == "DELETE")
                // An address that is not the API's is still 404.
                #expect(try await client.execute(uri: "/api/v1/nothing", method: .trace, headers: fixture.api).status == .notFound)
            }
        }
    }

    @Test("null is refused where the document does not declare it, naming the field")
    func nulls() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try await TestDesk.make(database, policyYAML: policyYAML)
            try await application(database).test(.router) { client in
                let created = try await client.execute(uri: "/api/v1/customers", method: .post, headers: fixture.api,
                                                       body: ByteBuffer(string: #"{"name": "Ana", "notes": null}"#))
                #expect(created.status == .badRequest)
                #expect(try errorField(created.body).field == "notes")
                #expect(try errorField(created.body).code == "wrong_type")
                #expect(try errorField(created.body).message == "'notes' must be a string, not null; leave it out to keep it as it is")
            }
        }
    }

    @Test("include_cancelled is true or false; an optional body may be left out; an instant may carry a fraction of a second")
    func parameters() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try await TestDesk.make(database, policyYAML: policyYAML)
            try await application(database).test(.router) { client in
                let odd = try await client.execute(uri: "/api/v1/appointments?include_cancelled=AAA", method: .get, headers: fixture.api)
                #expect(odd.status == .badRequest)
                #expect(try errorField(odd.body).field == "include_cancelled")
                #expect(try await client.execute(uri: "/api/v1/appointments?include_cancelled=false", method: .get,
                                                 headers: fixture.api).status == .ok)
                // As JavaScript's toISOString writes it.
                let range = "from=2026-09-21T00:00:00.000Z&to=2026-09-28T00:00:00.123Z"
                #expect(try await client.execute(uri: "/api/v1/appointments?\(range)", method: .get, headers: fixture.api).status == .ok)
                // No body at all on an operation whose body is optional reaches the operation (here: no such job).
                let summary = try await client.execute(uri: "/api/v1/jobs/missing/summary", method: .post, headers: fixture.api)
                #expect(summary.status == .notFound, "\(String(buffer: summary.body))")
                // A webhook's description is at most 200 characters, as declared.
                let long = #"{"url": "https://example.org/hook", "description": ""# + String(repeating: "d", count: 201) + #""}"#
                let webhook = try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: fixture.api,
                                                       body: ByteBuffer(string: long))
                #expect(webhook.status == .unprocessableContent)
                #expect(try errorField(webhook.body).field == "description")
            }
        }
    }
}
