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

/// Every route the desk has, from its router, so that a route added later is tried as well:
/// nobody picks which ones are checked.
private func allRoutes(_ database: Database) async throws -> [(method: HTTPRequest.Method, path: String)] {
    let router = try await buildRouter(DeskEnvironment(desk: Desk(database: database, serverKey: testServerKey)))
    return router.routes.map { ($0.method, "\($0.path)") }
}

/// `path` with each `{name}` replaced by what `value` gives for it (from the segment before it).
private func filled(_ path: String, _ value: (_ collection: String, _ name: String) -> String) -> String {
    let parts = path.split(separator: "/").map(String.init)
    var out: [String] = []
    for (index, part) in parts.enumerated() {
        if part.hasPrefix("{"), part.hasSuffix("}") {
            out.append(value(index > 0 ? parts[index - 1] : "", String(part.dropFirst().dropLast())))
        } else {
            out.append(part)
        }
    }
    return "/" + out.joined(separator: "/")
}

@Suite("Every route, tried as an attacker would: from the router's own list")
struct RouteSweepTests {
    /// Public pages whose forms carry their own proof (a capability token in the address, or the
    /// form token of a page given to a visitor), and the API and intake, which take bearer tokens.
    static func isOwnersForm(_ path: String) -> Bool {
        !["/api/", "/inbound/", "/w/", "/agree/", "/alerts/", "/change/", "/reset/", "/status/"].contains { path.hasPrefix($0) }
            && !["/setup", "/signin", "/signin/forgot"].contains(path)
    }

    @Test("every form of the owner's desk refuses a forged or missing CSRF token and changes nothing", arguments: DatabaseBackend.allCases)
    func csrfOnEveryForm(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let forms = try await allRoutes(database).filter { $0.method == .post && Self.isOwnersForm($0.path) }.map(\.path)
            #expect(forms.count >= 60, "the router lists the owner's forms (\(forms.count))")
            try await intakeApplication(database).test(.router) { client in
                let ids = try await OwnerPagesTests.seed(client, desk)
                let owner = try await OwnerSession.start(client, database)
                let audited = try await auditCount(database)
                for path in forms {
                    let uri = filled(path) { collection, _ in collection == "conversations" ? ids.care.rawValue : "x" }
                    for csrf in ["forged", ""] {
                        let response = try await owner.post(uri, [("name", "Forged"), ("text", "forged"), ("confirm", "yes")], csrf: csrf)
                        #expect(response.status == .forbidden, "\(uri) with csrf '\(csrf)': \(response.status)")
                        let said = String(buffer: response.body)
                        #expect(said.contains("Nothing was changed.") || (uri == "/signout" && said.contains("The sign-out form had expired.")),
                                "\(uri)")
                    }
                }
                #expect(try await auditCount(database) == audited, "nothing was changed")
                #expect(try await owner.get("/today").status == .ok, "still signed in: no form signed the owner out")
            }
        }
    }

    @Test("another workspace's token gets nothing from any API route with an id of this workspace's: never found, never changed",
          arguments: DatabaseBackend.allCases)
    func otherWorkspaceOnEveryRoute(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let mine = try await TestDesk.make(database, slug: "rivera")
            let theirs = try await TestDesk.make(database, slug: "theirs")
            let routes = try await allRoutes(database).filter { $0.path.hasPrefix("/api/v1/") && $0.path.contains("{") }
            #expect(routes.count >= 30, "the router lists the API's routes with ids (\(routes.count))")
            try await intakeApplication(database).test(.router) { client in
                // This workspace's rows, made through its own door.
                let ids = try await OwnerPagesTests.seed(client, mine)
                func create(_ uri: String, _ body: String) async throws -> String {
                    let response = try await client.execute(uri: uri, method: .post, headers: mine.api, body: ByteBuffer(string: body))
                    #expect(response.status == .created, "\(uri): \(response.status) \(String(buffer: response.body))")
                    return try #require(try json(response.body)["id"] as? String, "\(uri)")
                }
                let customers = Customers(database: database, workspaceID: mine.workspace.id)
                let customer = try #require(try await customers.find(contact: "maria@example.org")).id.rawValue
                let job = try await create("/api/v1/jobs", #"{"customer_id": "\#(customer)", "title": "New boiler", "included": ["the boiler"], "next_step": "agree the date", "pricing": "fixed", "price_cents": 48000}"#)
                let agreed = try await client.execute(uri: "/api/v1/jobs/\(job)/status", method: .post, headers: mine.api,
                                                      body: ByteBuffer(string: #"{"status": "agreed"}"#))
                #expect(agreed.status == .ok, "\(String(buffer: agreed.body))")
                let order = try await create("/api/v1/jobs/\(job)/change-orders", #"{"item": "a second radiator", "price_cents": 0}"#)
                let appointment = try await create("/api/v1/appointments", #"{"customer_id": "\#(customer)", "start": "2026-09-22T10:00:00-05:00", "minutes": 30, "title": "Call with Maria", "override_reason": "test"}"#)
                let article = try await create("/api/v1/articles", #"{"title": "Bleeding a radiator", "body": "Turn the key a quarter.", "published": true}"#)
                let webhook = try await create("/api/v1/webhooks", #"{"url": "http://127.0.0.1:9/hook"}"#)
                let session = try await create("/api/v1/sessions", #"{"customer_id": "\#(customer)"}"#)
                let messages = try await database.read { sql in
                    try await sql.select().column("id").from("messages").where("conversation_id", .equal, ids.care.rawValue)
                        .all(decoding: [String: String].self)
                }
                let message = try #require(messages.first?["id"])
                let task = try #require(try await Outbox(database: database, workspaceID: mine.workspace.id).list(state: nil).first).task.id
                let mailbox = NewID.make()   // no server to connect here: an id nobody has
                let byCollection = ["customers": customer, "conversations": ids.care.rawValue, "messages": message, "jobs": job,
                                    "change-orders": order, "appointments": appointment, "articles": article, "webhooks": webhook,
                                    "sessions": session, "outbox": task, "mailboxes": mailbox]
                var tried = 0
                for route in routes {
                    let uri = filled(route.path) { collection, _ in byCollection[collection] ?? "x" }
                    let body = route.method == .get || route.method == .delete ? nil : ByteBuffer(string: "{}")
                    let response = try await client.execute(uri: uri, method: route.method, headers: theirs.api, body: body)
                    #expect(response.status == .notFound || response.status == .badRequest || response.status == .unprocessableContent,
                            "\(route.method) \(uri) with another workspace's token: \(response.status)")
                    #expect(!String(buffer: response.body).contains("Maria"), "\(route.method) \(uri) told another workspace about her")
                    tried += 1
                }
                #expect(tried == routes.count)
                // Everything is still there, and still theirs alone.
                for uri in ["/api/v1/customers/\(customer)", "/api/v1/jobs/\(job)", "/api/v1/change-orders/\(order)",
                            "/api/v1/appointments/\(appointment)", "/api/v1/articles/\(article)", "/api/v1/sessions/\(session)",
                            "/api/v1/conversations/\(ids.care)", "/api/v1/messages/\(message)", "/api/v1/outbox/\(task)"] {
                    #expect(try await client.execute(uri: uri, method: .get, headers: mine.api).status == .ok, "\(uri)")
                }
                #expect(try await client.execute(uri: "/api/v1/webhooks", method: .get, headers: mine.api).body.readableBytes > 20)
            }
        }
    }

    private func auditCount(_ database: Database) async throws -> Int {
        try await database.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_log")
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}
