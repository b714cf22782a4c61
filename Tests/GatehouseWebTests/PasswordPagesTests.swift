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

@Suite("Pages: changing and resetting a password")
struct PasswordPagesTests {
    /// Signs `email` in with `password`: the session cookie, or nil when refused.
    static func signIn(_ client: some TestClientProtocol, _ email: String, _ password: String) async throws -> String? {
        let page = try await client.execute(uri: "/signin", method: .get)
        let formToken = try #require(hiddenField(String(buffer: page.body), "form_token"))
        var headers = formHeaders
        headers[.cookie] = "gatehouse_form=\(try #require(setCookie(page, "gatehouse_form")).value)"
        let done = try await client.execute(uri: "/signin", method: .post, headers: headers, body: form([
            ("form_token", formToken), ("email", email), ("password", password),
        ]))
        return setCookie(done, "gatehouse_session").map { "gatehouse_session=\($0.value)" }
    }

    @Test("a password change checks the current one, ends the other sign-ins and keeps this one", arguments: DatabaseBackend.allCases)
    func change(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await application(database).test(.router) { client in
                let owner = try await OwnerSession.signIn(client, database, role: .owner)
                let elsewhere = try #require(try await Self.signIn(client, "owner@rivera.example", "correct horse battery"))
                let page = String(buffer: try await client.execute(uri: "/settings/account", method: .get,
                                                                   headers: [.cookie: owner.cookie]).body)
                #expect(page.contains("This browser"))
                #expect(page.contains("Another sign-in"))
                var headers = formHeaders
                headers[.cookie] = owner.cookie
                let wrong = try await client.execute(uri: "/settings/account/password", method: .post, headers: headers, body: form([
                    ("csrf", owner.csrf), ("current", "not my password"), ("password", "a brand new password"),
                    ("confirm", "a brand new password"),
                ]))
                #expect(wrong.status == .unprocessableContent)
                #expect(String(buffer: wrong.body).contains("Current password: it is not right."))
                let changed = try await client.execute(uri: "/settings/account/password", method: .post, headers: headers, body: form([
                    ("csrf", owner.csrf), ("current", "correct horse battery"), ("password", "a brand new password"),
                    ("confirm", "a brand new password"),
                ]))
                #expect(changed.status == .seeOther)
                #expect(try await client.execute(uri: "/today", method: .get, headers: [.cookie: owner.cookie]).status == .ok)
                #expect(try await client.execute(uri: "/today", method: .get, headers: [.cookie: elsewhere]).status == .seeOther,
                        "the other sign-in has ended")
                #expect(try await Self.signIn(client, "owner@rivera.example", "correct horse battery") == nil)
                #expect(try await Self.signIn(client, "owner@rivera.example", "a brand new password") != nil)
            }
        }
    }

    @Test("""
        forgot password: the link is mailed (read at the SMTP server), works once to set a new password that ends every \
        sign-in; a used or expired link gets a clear page; an unknown address gets the same answer and no mail
        """, arguments: DatabaseBackend.allCases)
    func reset(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with { server throws in
                let key = ServerKey.random()
                let environment = DeskEnvironment(desk: Desk(database: database, clock: FixedClock(instant: start),
                                                  intake: IntakeSettings(publicBaseURL: "https://desk.example"), serverKey: key))
                let app = try await buildApplication(configuration: DeskConfiguration(host: "127.0.0.1", port: 0),
                                                     environment: environment)
                try await app.test(.router) { client in
                    let owner = try await OwnerSession.signIn(client, database, role: .owner)
                    var headers = formHeaders
                    headers[.cookie] = owner.cookie
                    _ = try await client.execute(uri: "/settings/email", method: .post, headers: headers, body: form([
                        ("csrf", owner.csrf), ("method", "smtp"), ("host", "127.0.0.1"), ("security", "none"),
                        ("port", "\(server.port)"),
                    ]))
                    func ask(_ email: String) async throws -> String {
                        let page = try await client.execute(uri: "/signin/forgot", method: .get)
                        var headers = formHeaders
                        headers[.cookie] = "gatehouse_form=\(try #require(setCookie(page, "gatehouse_form")).value)"
                        let asked = try await client.execute(uri: "/signin/forgot", method: .post, headers: headers, body: form([
                            ("form_token", try #require(hiddenField(String(buffer: page.body), "form_token"))), ("email", email),
                        ]))
                        return String(buffer: asked.body)
                    }
                    let unknown = try await ask("nobody@rivera.example")
                    #expect(unknown.contains("If <strong>nobody@rivera.example</strong> has an account here"))
                    let known = try await ask("owner@rivera.example")
                    #expect(known.contains("If <strong>owner@rivera.example</strong> has an account here"))

                    // The link arrives at the mail server, addressed to the owner only.
                    var mails: [SMTPTestServer.Received] = []
                    for _ in 0..<100 where mails.isEmpty {
                        mails = try server.received()
                        if mails.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
                    }
                    try #require(mails.count == 1)
                    #expect(mails[0].recipients == ["owner@rivera.example"])
                    let text = try MailReader.read(Data(mails[0].text.utf8)).textBody
                    #expect(text.contains("Open this link within 30 minutes"))
                    let link = try #require(text.split(separator: "\n").first { $0.hasPrefix("https://desk.example/reset/") })
                    let path = String(link.dropFirst("https://desk.example".count))

                    let formPage = try await client.execute(uri: path, method: .get)
                    #expect(formPage.status == .ok)
                    var resetHeaders = formHeaders
                    resetHeaders[.cookie] = "gatehouse_form=\(try #require(setCookie(formPage, "gatehouse_form")).value)"
                    let fields = [("form_token", try #require(hiddenField(String(buffer: formPage.body), "form_token"))),
                                  ("password", "a reset password!"), ("confirm", "a reset password!")]
                    let mismatch = try await client.execute(uri: path, method: .post, headers: resetHeaders,
                                                            body: form(Array(fields.dropLast()) + [("confirm", "something else")]))
                    #expect(String(buffer: mismatch.body).contains("The two new passwords are not the same."))
                    let set = try await client.execute(uri: path, method: .post, headers: resetHeaders, body: form(fields))
                    #expect(set.status == .seeOther)
                    #expect(set.headers[.location] == "/signin?reset=1")
                    #expect(try await client.execute(uri: "/today", method: .get, headers: [.cookie: owner.cookie]).status == .seeOther,
                            "every sign-in ended")
                    #expect(try await Self.signIn(client, "owner@rivera.example", "a reset password!") != nil)
                    let again = try await client.execute(uri: path, method: .get)
                    #expect(again.status == .gone)
                    #expect(String(buffer: again.body).contains("This link does not work any more"))
                }
                // A link asked for now does not work an hour later.
                let made = TokenMaker.make()
                _ = try await PasswordResetProbe.request(database, token: made.token, hash: made.hash)
                let later = DeskEnvironment(desk: Desk(database: database, clock: FixedClock(instant: start + .hours(1)),
                                            intake: IntakeSettings(publicBaseURL: "https://desk.example"), serverKey: key))
                try await buildApplication(configuration: DeskConfiguration(host: "127.0.0.1", port: 0), environment: later)
                    .test(.router) { client in
                        let expired = try await client.execute(uri: "/reset/\(made.token)", method: .get)
                        #expect(expired.status == .gone)
                    }
            }
        }
    }
}

import GatehouseDesk

enum PasswordResetProbe {
    static func request(_ database: Database, token: String, hash: String) async throws -> PasswordReset.Requested {
        try await PasswordReset(database: database, publicBaseURL: "https://desk.example")
            .request(email: "owner@rivera.example", token: token, tokenHash: hash, now: start)
    }
}
