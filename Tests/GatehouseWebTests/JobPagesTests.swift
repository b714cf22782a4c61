import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

/// The customer's side of a page with a form: its token field and cookie.
struct PublicForm {
    let client: any TestClientProtocol
    let uri: String

    func open() async throws -> (status: HTTPResponse.Status, html: String, token: String?, cookie: String?) {
        let page = try await client.execute(uri: uri, method: .get)
        let html = String(buffer: page.body)
        return (page.status, html, hiddenField(html, "form_token"), setCookie(page, "gatehouse_form")?.value)
    }

    func submit(_ fields: [(String, String)], withCookie: Bool = true) async throws -> (status: HTTPResponse.Status, html: String) {
        let opened = try await open()
        var headers = formHeaders
        if withCookie, let cookie = opened.cookie { headers[.cookie] = "gatehouse_form=\(cookie)" }
        let response = try await client.execute(uri: uri, method: .post, headers: headers,
                                                body: form([("form_token", opened.token ?? "")] + fields))
        return (response.status, String(buffer: response.body))
    }
}

@Suite("Pages: jobs, the agreement page and change orders")
struct JobPagesTests {
    static func followUp(_ body: String) -> ByteBuffer {
        ByteBuffer(string: [
            "From: Dana Kowalski <dana@example.org>", "To: Rivera Plumbing & Heating <office@rivera.example>",
            "Subject: Re: Dripping faucet", "Date: Mon, 21 Sep 2026 11:00:00 -0500", "Message-ID: <dana-2@example.org>",
            "In-Reply-To: <dana-1@example.org>", "References: <dana-1@example.org>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "", body, "",
        ].joined(separator: "\r\n"))
    }

    @Test("from a request to a job summary the customer agrees to, then a change order priced and accepted once",
          arguments: DatabaseBackend.allCases)
    func jobToChangeOrder(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let seeded = try await OwnerPagesTests.seed(client, desk)
                let owner = try await OwnerSession.start(client, database)
                let jobs = Jobs(database: database, workspaceID: desk.workspace.id)

                let blank = try await owner.get("/jobs/new?conversation=\(seeded.faucet)")
                #expect(blank.status == .ok)
                #expect(blank.html.contains("value=\"Dripping faucet\""))
                let customerID = try #require(hiddenField(blank.html, "customer_id"))
                var fields = [("customer_id", customerID), ("conversation_id", seeded.faucet.rawValue), ("title", "Kitchen faucet"),
                              ("included", "replace the kitchen faucet\r\nnew shut-off valve"), ("excluded", "tiling"),
                              ("pricing", "fixed"), ("price", "four hundred"), ("starts_on", "2026-09-28"),
                              ("duration_days", "1"), ("next_step", "I order the faucet"), ("next_step_owner", "us")]
                let wrong = try await owner.post("/jobs/new", fields)
                #expect(wrong.status == .unprocessableContent)
                let wrongHTML = String(buffer: wrong.body)
                #expect(wrongHTML.contains("id=\"j-price-error\">“four hundred” is not an amount; write it like 480 or 120.50"))
                #expect(wrongHTML.contains("new shut-off valve"))
                fields[6] = ("price", "$480")
                let created = try await owner.post("/jobs/new", fields)
                #expect(created.status == .seeOther)
                let jobPath = try #require(created.headers[.location]).split(separator: "?").first.map(String.init) ?? ""
                let jobID = String(jobPath.dropFirst("/jobs/".count))
                let page = try await owner.get(jobPath)
                // Browsers send a textarea's lines with CRLF: each line is an item.
                #expect(try await jobs.get(Job.ID(jobID))?.included == ["replace the kitchen faucet", "new shut-off valve"])
                #expect(page.html.contains("Cost: $480 in total"))
                #expect(page.html.contains("Time frame: 1 working day, starting Monday, September 28, 2026"))

                // Time recorded for the job counts for it (and a job that is not the customer's is refused, named).
                let time = [("date", "2026-09-21"), ("start", "14:00"), ("minutes", "45"), ("note", "measured up"),
                            ("billable", "yes")]
                let wrongJob = try await owner.post("/customers/\(customerID)/time", time + [("job_id", "no-such-job")])
                #expect(wrongJob.status == .unprocessableContent)
                #expect(String(buffer: wrongJob.body).contains("id=\"t-job-error\">no job no-such-job for this customer"))
                #expect(try await owner.post("/customers/\(customerID)/time", time + [("job_id", jobID)]).status == .seeOther)
                let entries = try await TimeEntries(database: database, workspaceID: desk.workspace.id)
                    .list(customerID: Customer.ID(customerID), from: start - TimeSpan.hours(48), to: start + TimeSpan.hours(48))
                #expect(entries.map(\.jobID) == [Job.ID(jobID)])

                // The summary goes out through the outbox, with the agreement page's link.
                let sent = try await owner.post("/jobs/\(jobID)/summary", [("send_now", "yes")])
                #expect(sent.status == .seeOther)
                let token = try #require(try await jobs.get(Job.ID(jobID))?.agreementToken)
                let mail = try await Outbox(database: database, workspaceID: desk.workspace.id).list(conversationID: seeded.faucet)
                #expect(mail.contains { $0.payload?.purpose == .reply && $0.state == .scheduled })
                let texts = try await Conversations(database: database, workspaceID: desk.workspace.id).thread(seeded.faucet)
                    .filter { $0.direction != .inbound }.map(\.text)
                #expect(texts.contains { $0.contains("What's included: replace the kitchen faucet and new shut-off valve (not included: tiling)")
                    && $0.contains(TestDesk.publicURL + "/agree/" + token) })

                // The customer agrees on the page; a form without its cookie records nothing.
                let agreement = PublicForm(client: client, uri: "/agree/\(token)")
                let opened = try await agreement.open()
                #expect(opened.status == .ok)
                #expect(opened.html.contains("I agree to this"))
                #expect(try await agreement.submit([], withCookie: false).status == .forbidden)
                #expect(try await jobs.get(Job.ID(jobID))?.status == .proposed)
                let agreed = try await agreement.submit([])
                #expect(agreed.status == .ok)
                #expect(agreed.html.contains("You agreed to this on"))
                #expect(try await jobs.get(Job.ID(jobID))?.status == .agreed)
                #expect(try await client.execute(uri: "/agree/\(String(repeating: "z", count: 32))", method: .get).status == .notFound)

                // A follow-up asks for more: triage reads it against the agreed job.
                let follow = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest,
                                                      body: Self.followUp("Thanks! While you are here, could you also do a water heater install in the basement?"))
                #expect(follow.status == .accepted)
                let conversation = try await owner.get("/conversations/\(seeded.faucet)")
                #expect(conversation.html.contains("Outside the agreed scope"))
                #expect(conversation.html.contains("Turn it into a change order"))
                let drafted = try await owner.post("/conversations/\(seeded.faucet)/change-order", [])
                #expect(drafted.status == .seeOther)
                let changePath = try #require(drafted.headers[.location]).split(separator: "?").first.map(String.init) ?? ""
                let orderID = String(changePath.dropFirst("/changes/".count))
                let draft = try await owner.get(changePath)
                #expect(draft.html.contains("Change order: water heater install"))
                #expect(draft.html.contains("not set yet: write the price you quote"))
                #expect(draft.html.contains("Your policy prices Installations by quote."))
                let unpriced = try await owner.post("/changes/\(orderID)/send", [])
                #expect(unpriced.status == .conflict)
                #expect(String(buffer: unpriced.body).contains("price: write the price you quote before sending the change order"))

                let shown = try #require(hiddenField(draft.html, "shown_message"))
                let message = shown.replacingOccurrences(of: "&#10;", with: "\n").replacingOccurrences(of: "&#39;", with: "'")
                let priced = try await owner.post("/changes/\(orderID)", [("item", "water heater install"), ("price", "1,450"),
                                                                         ("extra_days", "1"), ("message", message),
                                                                         ("shown_message", message)])
                #expect(priced.status == .seeOther)
                let order = try #require(try await ChangeOrders(database: database, workspaceID: desk.workspace.id).get(orderID))
                #expect(order.priceCents == 145_000)
                #expect(order.message.contains("an additional $1,450 (it adds 1 working day to the time frame)"))
                #expect(try await owner.post("/changes/\(orderID)/send", [("send_now", "yes")]).status == .seeOther)

                // The customer accepts once; a second press is told it was already accepted.
                let change = PublicForm(client: client, uri: "/change/\(try #require(order.token))")
                #expect(try await change.open().html.contains("Yes, add it to the job"))
                let accepted = try await change.submit([("answer", "accept")])
                #expect(accepted.status == .ok)
                #expect(accepted.html.contains("You accepted this change on"))
                let again = try await change.submit([("answer", "accept")])
                #expect(again.status == .conflict)
                #expect(again.html.contains("This change was already accepted"))
                let jobPage = try await owner.get(jobPath)
                // A time-boxed call can be started from the job, and its time goes to the job.
                #expect(jobPage.html.contains("<input type=\"hidden\" name=\"job_id\" value=\"\(jobID)\">"))
                let session = try await owner.post("/sessions", [("customer_id", customerID), ("job_id", jobID), ("kind", "call")])
                #expect(session.status == .seeOther)
                #expect(jobPage.html.contains("water heater install <span class=\"tag scope-tag\">added by a change order</span>"))
                #expect(jobPage.html.contains("Accepted changes add <strong>$1,450</strong>"))
                #expect(jobPage.html.contains("$1,930 in total ($480 as first agreed, plus $1,450 for the agreed changes)"))
            }
        }
    }

    @Test("a request for the partner is referred and counted; a no needs its reason; another workspace's job is not found",
          arguments: DatabaseBackend.allCases)
    func referAndDecline(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let seeded = try await OwnerPagesTests.seed(client, desk)
                let owner = try await OwnerSession.start(client, database)
                let roof = try await owner.get("/conversations/\(seeded.roof)")
                #expect(roof.html.contains("Refer to Lakeside Roofing"))
                let referred = try await owner.post("/conversations/\(seeded.roof)/refer", [("partner", "Lakeside Roofing")])
                #expect(referred.status == .seeOther)
                struct Count: Decodable { var partner: String; var topic: String }
                let made = try await database.read { sql in
                    try await sql.select().columns("partner", "topic").from("referrals_made")
                        .where("workspace_id", .equal, desk.workspace.id).all(decoding: Count.self)
                }
                #expect(made.map(\.partner) == ["Lakeside Roofing"])
                let texts = try await Conversations(database: database, workspaceID: desk.workspace.id).thread(seeded.roof)
                    .filter { $0.direction != .inbound }.map(\.text)
                #expect(texts.contains { $0.contains("Lakeside Roofing does it well — you can reach them at hello@lakeside.example") })
                let unknown = try await owner.post("/conversations/\(seeded.roof)/refer", [("partner", "Nobody & Sons")])
                #expect(unknown.status == .unprocessableContent)
                #expect(String(buffer: unknown.body).contains("the policy names no referral partner “Nobody &amp; Sons”"))

                let noReason = try await owner.post("/conversations/\(seeded.roof)/decline", [("reason", " ")])
                #expect(noReason.status == .unprocessableContent)
                let declined = try await owner.post("/conversations/\(seeded.roof)/decline", [("reason", "I only work indoors")])
                #expect(declined.status == .seeOther)
                let after = try await Conversations(database: database, workspaceID: desk.workspace.id).thread(seeded.roof)
                #expect(after.contains { $0.text.contains("I'm not able to take this on: I only work indoors.") })

                // A forged form changes nothing; another workspace's job is not found.
                let forged = try await owner.post("/conversations/\(seeded.roof)/refer", [("partner", "Lakeside Roofing")], csrf: "forged")
                #expect(forged.status == .forbidden)
                let other = try await Workspaces(database: database).create(slug: "other", policyYAML: try TestDesk.plumberPolicy(),
                                                                            actor: "test", now: start)
                let stranger = try await Customers(database: database, workspaceID: other.id)
                    .create(CustomerDraft(name: "Secret Customer", planID: "standard", emails: ["s@example.org"]), actor: "t", now: start)
                let theirs = try await Jobs(database: database, workspaceID: other.id).create(
                    JobDraft(customerID: stranger.id, title: "Their secret job", price: .fixed(cents: 100), nextStep: "x",
                             items: [.init(kind: .included, text: "secret")]), actor: "t", now: start)
                let read = try await owner.get("/jobs/\(theirs.id)")
                #expect(read.status == .notFound)
                #expect(!read.html.contains("Their secret job"))
                #expect(try await owner.post("/jobs/\(theirs.id)/status", [("status", "cancelled")]).status == .notFound)
                #expect(try await Jobs(database: database, workspaceID: other.id).get(theirs.id)?.status == .proposed)
            }
        }
    }

    @Test("the API proposes a job, names bad fields, and takes a change order from quote to its page; another workspace gets 404",
          arguments: DatabaseBackend.allCases)
    func api(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let customer = try await Customers(database: database, workspaceID: desk.workspace.id)
                .create(CustomerDraft(name: "Dana Kowalski", planID: "care", emails: ["dana@example.org"]), actor: "t", now: start)
            let headers: HTTPFields = [.authorization: "Bearer \(desk.apiToken)", .contentType: "application/json"]
            try await intakeApplication(database).test(.router) { client in
                func call(_ method: HTTPRequest.Method, _ uri: String, _ body: String = "{}") async throws -> TestResponse {
                    try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body))
                }
                let unknown = try await call(.post, "/api/v1/jobs", #"{"customer_id": "\#(customer.id)", "colour": "red"}"#)
                #expect(unknown.status == .unprocessableContent)
                #expect(try errorField(unknown.body).field == "colour")
                let wrongType = try await call(.post, "/api/v1/jobs", #"{"customer_id": "\#(customer.id)", "price_cents": "lots"}"#)
                #expect(wrongType.status == .badRequest)
                #expect(try errorField(wrongType.body).field == "price_cents")
                let noItems = try await call(.post, "/api/v1/jobs", #"{"customer_id": "\#(customer.id)", "title": "Faucet", "price_cents": 100, "next_step": "x"}"#)
                #expect(noItems.status == .unprocessableContent)
                #expect(try errorField(noItems.body).field == "included")
                let created = try await call(.post, "/api/v1/jobs", """
                    {"customer_id": "\(customer.id)", "title": "Faucet", "included": ["replace the kitchen faucet"],
                     "pricing": "service", "service_id": "repair", "estimate_minutes": 90, "next_step": "I order it",
                     "next_step_owner": "us"}
                    """)
                #expect(created.status == .created)
                let job = try json(created.body)
                #expect(job["pricing"] as? String == "hourly")
                #expect(job["price_cents"] as? Int == 12_000)
                #expect(job["service_id"] as? String == "repair")
                let id = try #require(job["id"] as? String)
                let early = try await call(.post, "/api/v1/jobs/\(id)/change-orders", #"{"item": "bathroom sink"}"#)
                #expect(early.status == .unprocessableContent)
                #expect(try errorField(early.body).message == "the job is still proposed: add the item to the job itself before it is agreed")
                #expect(try await call(.post, "/api/v1/jobs/\(id)/status", #"{"status": "agreed"}"#).status == .ok)
                let again = try await call(.post, "/api/v1/jobs/\(id)/status", #"{"status": "agreed"}"#)
                #expect(again.status == .conflict)
                let draft = try await call(.post, "/api/v1/jobs/\(id)/change-orders", #"{"item": "water heater install"}"#)
                #expect(draft.status == .created)
                let orderID = try #require(try json(draft.body)["id"] as? String)
                let unpriced = try await call(.post, "/api/v1/change-orders/\(orderID)/send")
                #expect(unpriced.status == .unprocessableContent)
                #expect(try errorField(unpriced.body).field == "price")
                let priced = try await call(.patch, "/api/v1/change-orders/\(orderID)", #"{"price_cents": 145000, "extra_days": 2}"#)
                #expect(priced.status == .ok)
                #expect((try json(priced.body)["message"] as? String)?.contains("an additional $1,450 (it adds 2 working days") == true)
                let sent = try await call(.post, "/api/v1/change-orders/\(orderID)/send", #"{"send_now": true}"#)
                #expect(sent.status == .ok)
                let url = try #require(try json(sent.body)["url"] as? String)
                #expect(url.hasPrefix(TestDesk.publicURL + "/change/"))
                #expect(try await call(.patch, "/api/v1/change-orders/\(orderID)", #"{"item": "other"}"#).status == .conflict)

                let other = try await TestDesk.make(database, slug: "other")
                let theirs: HTTPFields = [.authorization: "Bearer \(other.apiToken)", .contentType: "application/json"]
                #expect(try await client.execute(uri: "/api/v1/jobs/\(id)", method: .get, headers: theirs).status == .notFound)
                #expect(try await client.execute(uri: "/api/v1/change-orders/\(orderID)", method: .get, headers: theirs).status == .notFound)
                let listed = try await client.execute(uri: "/api/v1/jobs?customer=\(customer.id)", method: .get, headers: theirs)
                #expect((try json(listed.body)["items"] as? [Any])?.isEmpty == true)
            }
        }
    }
}
