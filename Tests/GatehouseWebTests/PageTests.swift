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

/// A form body, percent-encoded.
func form(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return ByteBuffer(string: fields.map { key, value in
        key + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }.joined(separator: "&"))
}

/// The value of a cookie the response sets, and the Set-Cookie line.
func setCookie(_ response: TestResponse, _ name: String) -> (value: String, line: String)? {
    for line in response.headers[values: .setCookie] where line.hasPrefix(name + "=") {
        let value = line.dropFirst(name.count + 1).prefix(while: { $0 != ";" })
        return (String(value), line)
    }
    return nil
}

/// The value of a hidden field in a page.
func hiddenField(_ html: String, _ name: String) -> String? {
    guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
    return String(html[range.upperBound...].prefix(while: { $0 != "\"" }))
}

/// A `multipart/form-data` body with files, as a browser sends a form with a file field.
func multipartForm(_ fields: [(String, String)], files: [(field: String, name: String, text: String)],
                   boundary: String = "----gatehouse-test-boundary") -> (HTTPFields, ByteBuffer) {
    var body = ""
    for (key, value) in fields {
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n"
    }
    for file in files {
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n"
            + "Content-Type: text/calendar\r\n\r\n\(file.text)\r\n"
    }
    body += "--\(boundary)--\r\n"
    return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(string: body))
}

/// A holiday calendar as a government site offers one: yearly New Year, a one-off day, a timed meeting.
let holidayCalendarFile = """
    BEGIN:VCALENDAR\r
    VERSION:2.0\r
    PRODID:-//Test//Holidays//EN\r
    BEGIN:VEVENT\r
    UID:new-year@test\r
    DTSTART;VALUE=DATE:20250101\r
    DTEND;VALUE=DATE:20250102\r
    RRULE:FREQ=YEARLY\r
    SUMMARY:New Year\\'s Day\r
    END:VEVENT\r
    BEGIN:VEVENT\r
    UID:july@test\r
    DTSTART;VALUE=DATE:20270705\r
    DTEND;VALUE=DATE:20270706\r
    SUMMARY:Independence Day\r
      (observed)\r
    END:VEVENT\r
    BEGIN:VEVENT\r
    UID:meeting@test\r
    DTSTART:20261215T100000Z\r
    DTEND:20261215T110000Z\r
    SUMMARY:Supplier meeting\r
    END:VEVENT\r
    END:VCALENDAR\r

    """

let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

@Suite("Pages: setup, sign in, sign out")
struct PageTests {
    @Test("the first-run link creates the owner and workspace, signs them in, and then stops working",
          arguments: DatabaseBackend.allCases)
    func setup(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let link = try #require(try await FirstRun.setupLink(database: database, baseURL: "http://127.0.0.1:8080", now: start))
            let token = String(link.split(separator: "=").last!)
            try await application(database).test(.router) { client in
                let page = try await client.execute(uri: "/setup?token=\(token)", method: .get)
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                #expect(html.contains("Welcome to Gatehouse"))
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                let formToken = try #require(hiddenField(html, "form_token"))
                let cookie = try #require(setCookie(page, "gatehouse_form"))
                #expect(cookie.line.contains("HttpOnly"))
                #expect(cookie.line.contains("SameSite=Lax"))

                var headers = formHeaders
                headers[.cookie] = "gatehouse_form=\(cookie.value)"
                var fields = [("token", token), ("form_token", formToken), ("name", "Rosa Rivera"),
                              ("email", "Rosa@Rivera.example"), ("password", "short"), ("business", "Rivera <Plumbing>"),
                              ("slug", "rivera"), ("timezone", "America/Chicago"), ("example", "plumber-chicago"),
                              ("hours_mon", "9-5")]
                let refused = try await client.execute(uri: "/setup", method: .post, headers: headers, body: form(fields))
                #expect(refused.status == .unprocessableContent)
                #expect(String(buffer: refused.body).contains("at least 10 characters"))
                #expect(String(buffer: refused.body).contains("Rivera &lt;Plumbing&gt;"))
                #expect(!String(buffer: refused.body).contains("Rivera <Plumbing>"))

                fields[4] = ("password", "a long enough password")
                let done = try await client.execute(uri: "/setup", method: .post, headers: headers, body: form(fields))
                #expect(done.status == .ok)
                #expect(String(buffer: done.body).contains("Your desk is ready"))
                #expect(String(buffer: done.body).contains("href=\"/w/rivera\""))
                let session = try #require(setCookie(done, "gatehouse_session"))
                #expect(session.line.contains("HttpOnly"))
                #expect(session.line.contains("SameSite=Lax"))
                #expect(!session.line.contains("Secure"))

                let home = try await client.execute(uri: "/", method: .get, headers: [.cookie: "gatehouse_session=\(session.value)"])
                #expect(home.status == .seeOther)
                #expect(home.headers[.location] == "/today")
                let today = try await client.execute(uri: "/today", method: .get, headers: [.cookie: "gatehouse_session=\(session.value)"])
                #expect(today.status == .ok)
                #expect(String(buffer: today.body).contains("<span>rosa@rivera.example</span>"))
                #expect(String(buffer: today.body).contains("Rivera &lt;Plumbing&gt;"))

                let again = try await client.execute(uri: "/setup?token=\(token)", method: .get)
                #expect(again.status == .gone)
            }
            let workspace = try #require(try await Workspaces(database: database).find(slug: "rivera"))
            #expect(workspace.name == "Rivera <Plumbing>")
            #expect(try workspace.policy().business.timeZoneIdentifier == "America/Chicago")
        }
    }

    @Test("""
        a new owner's answers make their own policy: Novak's details, hours typed in 12-hour style and holidays \
        are saved, and nothing of the example's business reaches the policy or the public page
        """, arguments: DatabaseBackend.allCases)
    func setupWritesTheOwnersOwnPolicy(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let link = try #require(try await FirstRun.setupLink(database: database, baseURL: "http://x", now: start))
            let token = String(link.split(separator: "=").last!)
            try await application(database).test(.router) { client in
                let page = try await client.execute(uri: "/setup?token=\(token)", method: .get)
                let html = String(buffer: page.body)
                #expect(html.contains("<option value=\"America/New_York\">"), "time zones are offered as a list")
                #expect(html.contains("name=\"urgent_sign\" value=\"burst pipe\""))
                var headers = formHeaders
                headers[.cookie] = "gatehouse_form=\(try #require(setCookie(page, "gatehouse_form")).value)"
                var fields = [
                    ("token", token), ("form_token", try #require(hiddenField(html, "form_token"))),
                    ("name", "Nina Novak"), ("email", "nina@novak-plumbing.example"), ("password", "a long enough password"),
                    ("business", "Novak Plumbing"), ("slug", "novak"), ("business_email", "office@novak-plumbing.example"),
                    ("phone", "+1 212 555 0199"), ("website", ""), ("timezone", "America/New_York"), ("currency", ""),
                    ("hours_mon", "7am-4pm"), ("hours_tue", "7am-4pm"), ("hours_wed", "7am-4pm"), ("hours_thu", "7am-4pm"),
                    ("hours_fri", "7am till whenever"), ("hours_sat", "closed"), ("hours_sun", ""),
                    ("windows", "10:30, 3:30pm"), ("closures", "2026-12-25 Christmas Day"),
                    ("phone_channel", "urgent-only"), ("sms_channel", "not-accepted"),
                    ("urgent_definition", "Water where it should not be."), ("urgent_sign", "burst pipe"),
                    ("urgent_sign", "flooding"), ("other_signs", "sewer smell, no heat"),
                    ("example", "plumber-chicago"), ("keep_offer", "yes"), ("public_url", "https://desk.novak-plumbing.example/"),
                ]
                let refused = try await client.execute(uri: "/setup", method: .post, headers: headers, body: form(fields))
                #expect(refused.status == .unprocessableContent)
                let again = String(buffer: refused.body)
                #expect(again.contains("Friday&#39;s hours: &#39;7am till whenever&#39; is not a time range")
                        || again.contains("Friday's hours"), "the problem names the day: \(again)")
                #expect(again.contains("value=\"Novak Plumbing\""), "what was typed is still there")
                #expect(again.contains("value=\"flooding\" checked"), "ticked signs stay ticked")

                fields[16] = ("hours_fri", "7am-3pm")
                // Sent as the browser sends it, with a calendar file of holidays.
                let (multipartHeaders, body) = multipartForm(fields, files: [("holidays_ics", "us-holidays.ics", holidayCalendarFile)])
                var sent = multipartHeaders
                sent[.cookie] = headers[.cookie]
                let done = try await client.execute(uri: "/setup", method: .post, headers: sent, body: body)
                #expect(done.status == .ok)
                let ready = String(buffer: done.body)
                #expect(ready.contains("referral partners were left out"))
                #expect(ready.contains("3 holidays were read from your calendar file; left out: 1 timed event (not whole days), 2 already past."),
                        "\(ready)")

                let publicPage = String(buffer: try await client.execute(uri: "/w/novak", method: .get).body)
                #expect(publicPage.contains("Novak Plumbing"))
                #expect(publicPage.contains("+1 212 555 0199"))
                for rivera in ["Rivera", "rivera.example", "312 555 0142", "Lakeside", "Thanksgiving"] {
                    #expect(!publicPage.contains(rivera), "the public page must not show the example's '\(rivera)'")
                }
            }
            #expect(try await DeskSettings(database: database).publicAddress() == "https://desk.novak-plumbing.example")
            let workspace = try #require(try await Workspaces(database: database).find(slug: "novak"))
            let policy = try workspace.policy()
            #expect(policy.business.email == "office@novak-plumbing.example")
            #expect(policy.hours[.friday].map(\.description) == ["07:00-15:00"])
            #expect(policy.urgent.signs == ["burst pipe", "flooding", "sewer smell", "no heat"])
            #expect(workspace.policyYAML.contains("2026-12-25: \"Christmas Day\""), "the typed closure is kept")
            #expect(workspace.policyYAML.contains("2027-01-01: \"New Year's Day\""), "\(workspace.policyYAML)")
            #expect(workspace.policyYAML.contains("2028-01-01: \"New Year's Day\""))
            #expect(workspace.policyYAML.contains("2027-07-05: \"Independence Day (observed)\""))
            #expect(!workspace.policyYAML.contains("Supplier meeting"), "a timed event is not a holiday")
            #expect(!workspace.policyYAML.contains("2026-01-01"), "a past holiday is left out")
            for rivera in ["Rivera", "rivera.example", "312 555 0142", "Lakeside", "Thanksgiving", "America/Chicago"] {
                #expect(!workspace.policyYAML.contains(rivera), "the saved policy must not carry '\(rivera)'")
            }
        }
    }

    @Test("a setup or sign-in form without its CSRF token is refused", arguments: DatabaseBackend.allCases)
    func csrf(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let link = try #require(try await FirstRun.setupLink(database: database, baseURL: "http://x", now: start))
            let token = String(link.split(separator: "=").last!)
            try await application(database).test(.router) { client in
                let forged = try await client.execute(uri: "/setup", method: .post, headers: formHeaders, body: form([
                    ("token", token), ("form_token", "guess"), ("name", "Mallory"), ("email", "m@evil.example"),
                    ("password", "a long enough password"), ("business", "Evil"), ("slug", "evil"),
                    ("timezone", "UTC"), ("example", "plumber-chicago"),
                ]))
                #expect(forged.status == .forbidden)
                let signIn = try await client.execute(uri: "/signin", method: .post, headers: formHeaders,
                                                      body: form([("email", "a@b.example"), ("password", "x")]))
                #expect(signIn.status == .forbidden)
            }
            #expect(try await Accounts(database: database).hasUsers() == false)
        }
    }

    /// Rivera's workspace and its owner, owner@rivera.example, whose password is "correct horse battery".
    static func riveraOwner(_ database: Database) async throws -> User {
        let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: policyYAML,
                                                                       actor: "test", now: start)
        let accounts = Accounts(database: database)
        let user = try await accounts.createUser(email: "owner@rivera.example", name: "Owner",
                                                 passwordHash: try await Passwords.hash("correct horse battery", cost: 4),
                                                 now: start)
        try await accounts.setRole(.owner, userID: user.id, workspaceID: workspace.id, actor: "test", now: start)
        return user
    }

    @Test("behind a trusted proxy (serve --trusted-proxy) a sign-in is recorded under the visitor's address from X-Forwarded-For; without one the header is ignored, so no visitor picks the address they are counted under",
          arguments: [true, false])
    func forwardedClient(trusted: Bool) async throws {
        try await TestDatabase.with(.sqlite) { database in
            let user = try await Self.riveraOwner(database)
            let application = try await buildApplication(
                configuration: DeskConfiguration(host: "127.0.0.1", port: 0),
                environment: DeskEnvironment(desk: Desk(database: database, clock: FixedClock(instant: start)),
                                             trustedProxies: trusted ? try TrustedProxies.read(["127.0.0.1", "::1"]) : .none))
            try await application.test(.live) { client in
                let forwarded = HTTPField.Name("X-Forwarded-For")!
                let page = try await client.execute(uri: "/signin", method: .get, headers: [forwarded: "203.0.113.7"])
                let formToken = try #require(hiddenField(String(buffer: page.body), "form_token"))
                let cookie = try #require(setCookie(page, "gatehouse_form")).value
                var headers = formHeaders
                headers[.cookie] = "gatehouse_form=\(cookie)"
                headers[forwarded] = "203.0.113.7"
                let signedIn = try await client.execute(uri: "/signin", method: .post, headers: headers, body: form([
                    ("form_token", formToken), ("email", "owner@rivera.example"), ("password", "correct horse battery"),
                ]))
                #expect(signedIn.status == .seeOther)
            }
            let record = try #require(try await SignIns(database: database).list(userID: user.id, now: start).first)
            if trusted {
                #expect(record.address == "203.0.113.7")
            } else {
                #expect(record.address == "127.0.0.1" || record.address == "::1", "the peer, not what the header claims")
            }
        }
    }

    @Test("sign in, sign out, and throttling after repeated failures", arguments: DatabaseBackend.allCases)
    func signIn(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            _ = try await Self.riveraOwner(database)
            try await application(database).test(.router) { client in
                func attempt(_ password: String) async throws -> TestResponse {
                    let page = try await client.execute(uri: "/signin", method: .get)
                    let formToken = try #require(hiddenField(String(buffer: page.body), "form_token"))
                    let cookie = try #require(setCookie(page, "gatehouse_form")).value
                    var headers = formHeaders
                    headers[.cookie] = "gatehouse_form=\(cookie)"
                    return try await client.execute(uri: "/signin", method: .post, headers: headers, body: form([
                        ("form_token", formToken), ("email", "owner@rivera.example"), ("password", password),
                    ]))
                }
                let wrong = try await attempt("wrong password")
                #expect(wrong.status == .unauthorized)
                #expect(String(buffer: wrong.body).contains("The email or password is not right."))

                let right = try await attempt("correct horse battery")
                #expect(right.status == .seeOther)
                let session = try #require(setCookie(right, "gatehouse_session")).value
                let home = try await client.execute(uri: "/today", method: .get, headers: [.cookie: "gatehouse_session=\(session)"])
                let csrf = try #require(hiddenField(String(buffer: home.body), "csrf"))

                var headers = formHeaders
                headers[.cookie] = "gatehouse_session=\(session)"
                let forgedOut = try await client.execute(uri: "/signout", method: .post, headers: headers, body: form([("csrf", "nope")]))
                #expect(forgedOut.status == .forbidden)
                let out = try await client.execute(uri: "/signout", method: .post, headers: headers, body: form([("csrf", csrf)]))
                #expect(out.status == .seeOther)
                let after = try await client.execute(uri: "/", method: .get, headers: [.cookie: "gatehouse_session=\(session)"])
                #expect(after.status == .seeOther)
                #expect(after.headers[.location] == "/signin")

                for _ in 0..<5 { _ = try await attempt("still wrong") }
                let locked = try await attempt("correct horse battery")
                #expect(locked.status == .tooManyRequests)
                #expect(String(buffer: locked.body).contains("wait 15 minutes"))
            }
        }
    }

    @Test("an unknown address gets a clear page, and an unknown API path a JSON error")
    func notFound() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let fixture = try await TestDesk.make(database, policyYAML: policyYAML)
            try await application(database).test(.router) { client in
                let page = try await client.execute(uri: "/no/such/page", method: .get)
                #expect(page.status == .notFound)
                #expect(String(buffer: page.body).contains("Page not found"))
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                let api = try await client.execute(uri: "/api/v1/nothing-here", method: .get, headers: fixture.api)
                #expect(api.status == .notFound)
                #expect(try errorField(api.body).code == "http_404")
            }
        }
    }

    @Test("a session cookie is marked Secure behind an HTTPS proxy", arguments: [DatabaseBackend.sqlite])
    func secureBehindProxy(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await application(database).test(.router) { client in
                let page = try await client.execute(uri: "/signin", method: .get, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
                #expect(try #require(setCookie(page, "gatehouse_form")).line.contains("Secure"))
            }
        }
    }
}
