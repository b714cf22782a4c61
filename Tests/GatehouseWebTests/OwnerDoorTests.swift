import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The one door to the owner's pages: every page and every form of the desk asks for a session,
/// and no form changes anything without the session's CSRF token. Public pages stay open.
@Suite("Pages: one door to the owner's desk")
struct OwnerDoorTests {
    static let ownerGets = ["/today", "/inbox", "/customers", "/customers/new", "/jobs", "/jobs/new", "/appointments",
                            "/reports", "/policy", "/settings", "/settings/email", "/conversations/x", "/jobs/x", "/changes/x",
                            "/sessions/x", "/customers/x"]
    static let ownerPosts = ["/customers/new", "/jobs/new", "/appointments", "/appointments/feed", "/sessions",
                             "/reports/additional-charge", "/policy", "/settings/tokens", "/settings/webhooks", "/settings/team",
                             "/settings/email", "/settings/email/test", "/conversations/x/reply", "/conversations/x/correct",
                             "/conversations/x/change-order", "/conversations/x/refer", "/jobs/x/status", "/changes/x/send"]

    @Test("without a session every owner page and form leads to sign in, coming back where it was")
    func signInFirst() async throws {
        try await TestDatabase.with(.sqlite) { database in
            _ = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                for path in Self.ownerGets {
                    let response = try await client.execute(uri: path, method: .get)
                    #expect(response.status == .seeOther, "\(path)")
                    #expect(response.headers[.location] == "/signin?next=" + path, "\(path)")
                }
                for path in Self.ownerPosts {
                    let response = try await client.execute(uri: path, method: .post, headers: formHeaders, body: form([("csrf", "x")]))
                    #expect(response.status == .seeOther, "\(path)")
                    #expect(response.headers[.location] == "/signin?next=/", "\(path)")
                }
                // The customer's pages need no session.
                #expect(try await client.execute(uri: "/w/rivera", method: .get).status == .ok)
            }
        }
    }

    @Test("signed in, a form without the session's CSRF token changes nothing and leads back to the page it came from",
          arguments: DatabaseBackend.allCases)
    func csrfEverywhere(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                for path in Self.ownerPosts {
                    let forged = try await owner.post(path, [("name", "Forged"), ("text", "forged")], csrf: "forged")
                    #expect(forged.status == .forbidden, "\(path)")
                    #expect(String(buffer: forged.body).contains("Nothing was changed."), "\(path)")
                }
                #expect(try await Customers(database: database, workspaceID: desk.workspace.id).list(limit: 10).items.isEmpty)
                var headers = formHeaders
                headers[.cookie] = owner.cookie
                headers[.referer] = "http://localhost/customers/new"
                let fromPage = try await client.execute(uri: "/customers/new", method: .post, headers: headers,
                                                        body: form([("csrf", "forged"), ("name", "Forged")]))
                #expect(String(buffer: fromPage.body).contains("href=\"/customers/new\""))
                headers[.referer] = "https://elsewhere.example/phish"
                let fromAway = try await client.execute(uri: "/jobs/x/status", method: .post, headers: headers,
                                                        body: form([("csrf", "forged")]))
                #expect(String(buffer: fromAway.body).contains("href=\"/jobs\""), "a link from another site is never followed back")
                // With the token, the same form goes through the door.
                let created = try await owner.post("/customers/new", [("name", "Ada Brook"), ("plan_id", "standard"),
                                                                     ("emails", "ada@example.org")])
                #expect(created.status == .seeOther)
            }
        }
    }
}
