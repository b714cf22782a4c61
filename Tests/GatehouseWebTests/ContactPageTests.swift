import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A visitor's browser: opens the contact page, then sends the form with its token and cookie.
struct Visitor {
    let client: any TestClientProtocol
    var path = "/w/rivera/contact"

    func open() async throws -> (html: String, headers: HTTPFields, token: String) {
        let page = try await client.execute(uri: path, method: .get)
        #expect(page.status == .ok)
        let html = String(buffer: page.body)
        let token = try #require(hiddenField(html, "form_token"))
        let cookie = try #require(setCookie(page, "gatehouse_form")).value
        var headers = formHeaders
        headers[.cookie] = "gatehouse_form=\(cookie)"
        return (html, headers, token)
    }

    func send(_ fields: [(String, String)]) async throws -> TestResponse {
        let opened = try await open()
        return try await client.execute(uri: path, method: .post, headers: opened.headers,
                                        body: form([("form_token", opened.token)] + fields))
    }
}

@Suite("Public contact form")
struct ContactPageTests {
    static let valid = [("name", "Olga Berg"), ("email", "olga@example.net"), ("phone", ""), ("subject", "Dripping tap"),
                        ("message", "The bathroom tap drips. Could someone look at it next week?"), ("website", "")]

    @Test("the form says when an answer will come and how to reach the business when it is urgent",
          arguments: DatabaseBackend.allCases)
    func promiseAndUrgentRoute(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let policy = try desk.workspace.policy()
            let calendar = BusinessCalendar(policy: policy)
            let due = try #require(calendar.promise(received: start, plan: policy.defaultPlan)).due
            try await intakeApplication(database).test(.router) { client in
                let html = try await Visitor(client: client).open().html
                #expect(html.contains("you will hear back by <strong>\(calendar.spoken(due))</strong>"))
                #expect(html.contains("No heat, no water, or water leaking inside the home."))
                #expect(html.contains(#"please call <a href="tel:+13125550142">+1 312 555 0142</a>"#), "one tap to call")
                #expect(!html.contains("type=\"checkbox\""))
                for field in ["name", "email", "phone", "subject", "message"] {
                    #expect(html.contains("<label for=\"\(field)\""), "every control has a label")
                }
                let missing = try await client.execute(uri: "/w/nobody/contact", method: .get)
                #expect(missing.status == .notFound)
            }
        }
    }

    @Test("a form without an email comes back with the error beside the field and the message kept",
          arguments: DatabaseBackend.allCases)
    func missingEmail(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let response = try await Visitor(client: client).send([
                    ("name", "Olga <Berg>"), ("email", ""), ("message", "My tap drips & the sink is slow."), ("website", ""),
                ])
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("aria-describedby=\"email-error\""))
                let input = try #require(html.range(of: "id=\"email\""))
                let error = try #require(html.range(of: "<p class=\"field-error\" id=\"email-error\">Please give your email address"))
                let nextField = try #require(html.range(of: "<label for=\"phone\""))
                #expect(input.upperBound < error.lowerBound && error.upperBound < nextField.lowerBound)
                #expect(html.contains(">My tap drips &amp; the sink is slow.</textarea>"))
                #expect(html.contains("value=\"Olga &lt;Berg&gt;\""))
                #expect(!html.contains("message-error"))
            }
            #expect(try await desk.conversations().isEmpty)
        }
    }

    @Test("a robot that fills the hidden field is thanked, and nothing is stored", arguments: DatabaseBackend.allCases)
    func honeypot(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                var fields = Self.valid
                fields[5] = ("website", "http://cheap-pills.example")
                let response = try await Visitor(client: client).send(fields)
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Thank you, Olga"))
            }
            #expect(try await desk.conversations().isEmpty)
            #expect(try await Inbox(database: database, workspaceID: desk.workspace.id).unfiled().isEmpty)
            #expect(try await TaskQueue(database: database).list(workspaceID: desk.workspace.id).isEmpty)
        }
    }

    @Test("after five messages in ten minutes from one address the form kindly says to wait (429)",
          arguments: DatabaseBackend.allCases)
    func rateLimit(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let other = try await TestDesk.make(database, slug: "other")
            try await intakeApplication(database).test(.router) { client in
                let visitor = Visitor(client: client)
                for number in 1...5 {
                    var fields = Self.valid
                    fields[4] = ("message", "Message number \(number)")
                    #expect(try await visitor.send(fields).status == .ok)
                }
                let sixth = try await visitor.send(Self.valid)
                #expect(sixth.status == .tooManyRequests)
                #expect(sixth.headers[.retryAfter] == "600")
                #expect(String(buffer: sixth.body).contains("Please wait ten minutes"))
                // The limit is per workspace.
                let elsewhere = try await Visitor(client: client, path: "/w/other/contact").send(Self.valid)
                #expect(elsewhere.status == .ok)
            }
            let stored = try await desk.inboundMessages().compactMap(\.textBody).sorted()
            #expect(stored == (1...5).map { "Message number \($0)" })
            #expect(try await other.inboundMessages().count == 1)
        }
    }

    @Test("a valid message is stored as a web-form conversation, acknowledged by email, and answered with the promise",
          arguments: DatabaseBackend.allCases)
    func valid(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let visitor = Visitor(client: client)
                // Without the form token nothing is taken, and the words come back.
                let forged = try await client.execute(uri: "/w/rivera/contact", method: .post, headers: formHeaders,
                                                      body: form(Self.valid))
                #expect(forged.status == .forbidden)
                #expect(String(buffer: forged.body).contains("The bathroom tap drips."))
                #expect(try await desk.conversations().isEmpty)

                let withPhone = Self.valid.map { $0.0 == "phone" ? ("phone", "+1 (312) 555-0177") : $0 }
                let response = try await visitor.send(withPhone)
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                let conversations = try await desk.conversations()
                try #require(conversations.count == 1)
                let conversation = conversations[0]
                #expect(conversation.channel == .webForm)
                #expect(conversation.subject == "Dripping tap")
                let promised = try #require(conversation.promisedAt)
                let calendar = BusinessCalendar(policy: try desk.workspace.policy())
                #expect(html.contains("You will hear back by <strong>\(calendar.spoken(promised))</strong>"))
                #expect(html.contains("\(TestDesk.publicURL)/status/\(try #require(conversation.statusToken))"))
                #expect(html.contains("A confirmation is on its way to your email."))
            }
            let tasks = try await TaskQueue(database: database).list(workspaceID: desk.workspace.id)
            #expect(tasks.map(\.kind) == ["deliver-email"])
            let customers = try await Customers(database: database, workspaceID: desk.workspace.id).list().items
            #expect(customers.first?.emails == ["olga@example.net"])
            #expect(customers.first?.phones == ["+13125550177"], "the phone she gave is kept as a way to reach her")
        }
    }
}
