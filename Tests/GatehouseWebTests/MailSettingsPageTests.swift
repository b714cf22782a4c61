import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Page: email settings")
struct MailSettingsPageTests {
    @Test("the owner saves SMTP settings (the password never shown again), sends a test email, and a forged form is refused",
          arguments: DatabaseBackend.allCases)
    func ownerSetsUpMail(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with(.init(auth: (user: "desk", password: "s3cret <pass>"))) { server throws in
                try await application(database).test(.router) { client in
                    let owner = try await OwnerSession.signIn(client, database, role: .owner)
                    var headers = formHeaders
                    headers[.cookie] = owner.cookie
                    let fields = [("method", "smtp"), ("host", "127.0.0.1"), ("security", "none"), ("port", "\(server.port)"),
                                  ("username", "desk"), ("password", "s3cret <pass>")]
                    let forged = try await client.execute(uri: "/settings/email", method: .post, headers: headers,
                                                          body: form([("csrf", "guess")] + fields))
                    #expect(forged.status == .forbidden)
                    let bad = try await client.execute(uri: "/settings/email", method: .post, headers: headers,
                                                       body: form([("csrf", owner.csrf), ("method", "smtp"), ("host", "smtp example")]))
                    #expect(bad.status == .unprocessableContent)
                    #expect(String(buffer: bad.body).contains("SMTP server: &quot;smtp example&quot; is not a host name"))
                    let saved = try await client.execute(uri: "/settings/email", method: .post, headers: headers,
                                                         body: form([("csrf", owner.csrf)] + fields))
                    #expect(saved.status == .seeOther)
                    let page = try await client.execute(uri: "/settings/email?saved=1", method: .get, headers: [.cookie: owner.cookie])
                    let html = String(buffer: page.body)
                    #expect(html.contains("Saved."))
                    #expect(html.contains("A password is stored (never shown)"))
                    #expect(!html.contains("s3cret"))
                    let test = try await client.execute(uri: "/settings/email/test", method: .post, headers: headers,
                                                        body: form([("csrf", owner.csrf), ("to", "rosa@rivera.example")]))
                    #expect(test.status == .ok)
                    #expect(String(buffer: test.body).contains("The test email was accepted by the mail server"))
                    #expect(try server.received().map(\.recipients) == [["rosa@rivera.example"]])
                }
            }
        }
    }

    @Test("staff see the settings but cannot change them; without a session it is the sign-in page")
    func staff() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await application(database).test(.router) { client in
                let anonymous = try await client.execute(uri: "/settings/email", method: .get)
                #expect(anonymous.status == .seeOther)
                #expect(anonymous.headers[.location] == "/signin?next=/settings/email")
                let staff = try await OwnerSession.signIn(client, database, role: .staff)
                let page = try await client.execute(uri: "/settings/email", method: .get, headers: [.cookie: staff.cookie])
                #expect(String(buffer: page.body).contains("Only the workspace's owner can change these settings."))
                var headers = formHeaders
                headers[.cookie] = staff.cookie
                let refused = try await client.execute(uri: "/settings/email", method: .post, headers: headers,
                                                       body: form([("csrf", staff.csrf), ("method", "sendmail")]))
                #expect(refused.status == .forbidden)
                #expect(try await MailSettingsStore(database: database).get(workspaceID: try #require(
                    try await Workspaces(database: database).find(slug: "rivera")).id) == nil)
            }
        }
    }
}

@Suite("Page: the outbox, and switching sending on")
struct OutboxPageTests {
    @Test("""
        saving mail settings for the first time leads to the outbox, where the waiting acknowledgement is shown with \
        the desk's proposal; doing as proposed writes it again with a fresh promise and schedules it
        """, arguments: DatabaseBackend.allCases)
    func switchOn(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let fixture = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                _ = try await client.execute(uri: "/inbound/email", method: .post, headers: fixture.ingest, body: rawEmail())
            }
            try await SMTPTestServer.with { server throws in
                let later = FixedClock(instant: start + .hours(48))
                try await intakeApplication(database, clock: later).test(.router) { client in
                    let owner = try await OwnerSession.signIn(client, database, role: .owner)
                    var headers = formHeaders
                    headers[.cookie] = owner.cookie
                    let saved = try await client.execute(uri: "/settings/email", method: .post, headers: headers, body: form([
                        ("csrf", owner.csrf), ("method", "smtp"), ("host", "127.0.0.1"), ("security", "none"),
                        ("port", "\(server.port)"),
                    ]))
                    #expect(saved.status == .seeOther)
                    #expect(saved.headers[.location] == "/outbox?review=1")
                    let review = String(buffer: try await client.execute(uri: "/outbox?review=1", method: .get,
                                                                         headers: [.cookie: owner.cookie]).body)
                    #expect(review.contains("Waiting for your review"))
                    #expect(review.contains("Write again with a fresh promise"))
                    #expect(review.contains("has passed; it is written again to promise by Wednesday, September 23"))

                    let done = try await client.execute(uri: "/outbox/review", method: .post, headers: headers,
                                                        body: form([("csrf", owner.csrf)]))
                    #expect(done.status == .seeOther)
                    let after = String(buffer: try await client.execute(uri: try #require(done.headers[.location]), method: .get,
                                                                        headers: [.cookie: owner.cookie]).body)
                    #expect(after.contains("Done: sent 0, rewritten 1, dropped 0, asked 0."))
                    #expect(!after.contains("Waiting for your review"))
                    #expect(["Scheduled", "Sending", "Sent recently"].contains { after.contains("<h2 id=\"\($0 == "Sent recently" ? "sent" : $0.lowercased())-heading\">\($0)</h2>") },
                            "it is on its way")
                    #expect(after.contains("written again after your review"))

                    let forged = try await client.execute(uri: "/outbox/review", method: .post, headers: headers,
                                                          body: form([("csrf", "guess")]))
                    #expect(forged.status == .forbidden)
                }
            }
            #expect(try await Outbox(database: database, workspaceID: fixture.workspace.id).list(state: .held).isEmpty)
        }
    }
}

@Suite("Page: the go-live checklist on Today")
struct GoLivePageTests {
    @Test("Today shows what is left to go live, a test email accepted by the server ticks sending, and it can be put away",
          arguments: DatabaseBackend.allCases)
    func checklist(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with { server throws in
                // A desk whose policy is still the plumber example as shipped.
                _ = try await Workspaces(database: database).create(slug: "rivera", policyYAML: try TestDesk.plumberPolicy(),
                                                                    actor: "test", now: start)
                try await application(database).test(.router) { client in
                    let owner = try await OwnerSession.signIn(client, database, role: .owner)
                    func today() async throws -> String {
                        String(buffer: try await client.execute(uri: "/today", method: .get, headers: [.cookie: owner.cookie]).body)
                    }
                    let first = try await today()
                    #expect(first.contains("Getting started <span class=\"muted small\">0 of 5 done</span>"))
                    #expect(first.contains("Your policy still says “Rivera Plumbing &amp; Heating”"))
                    #expect(first.contains("Set up sending"))
                    #expect(first.contains("&lt;a href=&quot;"), "the website snippet is shown as text to copy")

                    var headers = formHeaders
                    headers[.cookie] = owner.cookie
                    _ = try await client.execute(uri: "/settings/email", method: .post, headers: headers, body: form([
                        ("csrf", owner.csrf), ("method", "smtp"), ("host", "127.0.0.1"), ("security", "none"),
                        ("port", "\(server.port)"),
                    ]))
                    #expect(try await today().contains("Send a test email"))
                    _ = try await client.execute(uri: "/settings/email/test", method: .post, headers: headers,
                                                 body: form([("csrf", owner.csrf), ("to", "rosa@rivera.example")]))
                    #expect(try await today().contains("Your mail server has accepted mail from the desk."))

                    let away = try await client.execute(uri: "/today/checklist/dismiss", method: .post, headers: headers,
                                                        body: form([("csrf", owner.csrf)]))
                    #expect(away.status == .seeOther)
                    #expect(try await !today().contains("Getting started"))
                }
            }
        }
    }
}

@Suite("Page: the desk's public address in settings")
struct PublicAddressPageTests {
    @Test("the owner keeps the public address; a wrong one is refused beside its field", arguments: DatabaseBackend.allCases)
    func keep(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await application(database).test(.router) { client in
                let owner = try await OwnerSession.signIn(client, database, role: .owner)
                var headers = formHeaders
                headers[.cookie] = owner.cookie
                let wrong = try await client.execute(uri: "/settings/public-address", method: .post, headers: headers,
                                                     body: form([("csrf", owner.csrf), ("public_url", "desk.rivera.example")]))
                #expect(wrong.status == .unprocessableContent)
                #expect(String(buffer: wrong.body).contains("id=\"public-url-error\""))
                let kept = try await client.execute(uri: "/settings/public-address", method: .post, headers: headers,
                                                    body: form([("csrf", owner.csrf), ("public_url", "https://desk.rivera.example/")]))
                #expect(kept.status == .seeOther)
                let page = String(buffer: try await client.execute(uri: "/settings?done=address", method: .get,
                                                                   headers: [.cookie: owner.cookie]).body)
                #expect(page.contains("value=\"https://desk.rivera.example\""))
                #expect(page.contains("The public address is kept."))
            }
            #expect(try await DeskSettings(database: database).publicAddress() == "https://desk.rivera.example")
        }
    }
}
