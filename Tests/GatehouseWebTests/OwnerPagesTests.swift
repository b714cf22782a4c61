import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The owner's desk in a browser's place: a signed-in session with its cookie and CSRF token.
struct OwnerSession {
    let client: any TestClientProtocol
    let cookie: String
    let csrf: String

    static func start(_ client: some TestClientProtocol, _ database: Database, role: Role = .owner) async throws -> OwnerSession {
        let signedIn = try await Self.signIn(client, database, role: role)
        return OwnerSession(client: client, cookie: signedIn.cookie, csrf: signedIn.csrf)
    }

    /// Signs a new user with `role` in to the "rivera" workspace (made if missing) through the
    /// sign-in form, as a browser does: the session cookie and the CSRF token of its pages.
    static func signIn(_ client: some TestClientProtocol, _ database: Database, role: Role) async throws -> (cookie: String, csrf: String) {
        let workspace: Workspace
        if let found = try await Workspaces(database: database).find(slug: "rivera") {
            workspace = found
        } else {
            workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: TestPolicies.plumber,
                                                                        actor: "test", now: TestDesk.monday)
        }
        let accounts = Accounts(database: database)
        let email = "\(role.rawValue)@rivera.example"
        let user = try await accounts.createUser(email: email, name: role.rawValue,
                                                 passwordHash: try await Passwords.hash("correct horse battery", cost: 4), now: TestDesk.monday)
        try await accounts.setRole(role, userID: user.id, workspaceID: workspace.id, actor: "test", now: TestDesk.monday)
        let page = try await client.execute(uri: "/signin", method: .get)
        let formToken = try #require(hiddenField(String(buffer: page.body), "form_token"))
        var headers = formHeaders
        headers[.cookie] = "gatehouse_form=\(try #require(setCookie(page, "gatehouse_form")).value)"
        let signedIn = try await client.execute(uri: "/signin", method: .post, headers: headers, body: form([
            ("form_token", formToken), ("email", email), ("password", "correct horse battery"),
        ]))
        let cookie = "gatehouse_session=\(try #require(setCookie(signedIn, "gatehouse_session")).value)"
        let home = try await client.execute(uri: "/today", method: .get, headers: [.cookie: cookie])
        return (cookie, try #require(hiddenField(String(buffer: home.body), "csrf")))
    }

    func get(_ uri: String) async throws -> (status: HTTPResponse.Status, html: String) {
        let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
        return (response.status, String(buffer: response.body))
    }

    func post(_ uri: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> TestResponse {
        var headers = formHeaders
        headers[.cookie] = cookie
        return try await client.execute(uri: uri, method: .post, headers: headers,
                                        body: form([("csrf", csrf ?? self.csrf)] + fields))
    }
}

/// The part of a page between two markers, to check where something is shown.
func section(_ html: String, from start: String, to end: String) -> String {
    guard let lower = html.range(of: start) else { return "" }
    let rest = html[lower.upperBound...]
    return String(rest[..<(rest.range(of: end)?.lowerBound ?? rest.endIndex)])
}

@Suite("Pages: the owner's inbox, conversations and the customer's status page")
struct OwnerPagesTests {
    /// Three requests: an urgent one from a Care customer, a roof job for the partner, a dripping faucet.
    static func seed(_ client: some TestClientProtocol, _ desk: TestDesk) async throws -> (care: Conversation.ID, roof: Conversation.ID, faucet: Conversation.ID) {
        let customers = Customers(database: desk.database, workspaceID: desk.workspace.id)
        _ = try await customers.create(CustomerDraft(name: "Maria Lopez", planID: "care", emails: ["maria@example.org"]),
                                       actor: "test", now: start)
        let mails = [
            rawEmail(from: "Maria Lopez <maria@example.org>", subject: "Burst pipe", messageID: "maria-1@example.org",
                     body: "A burst pipe is flooding the basement, please come as soon as you can."),
            rawEmail(from: "Tom Reed <tom@example.org>", subject: "Gutters", messageID: "tom-1@example.org",
                     body: "Could you clear the gutters on the roof this autumn?"),
            rawEmail(),
        ]
        for mail in mails {
            let response = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: mail)
            #expect(response.status == .accepted)
        }
        let bySubject = Dictionary(uniqueKeysWithValues: try await desk.conversations().map { ($0.subject, $0.id) })
        return (try #require(bySubject["Burst pipe"]), try #require(bySubject["Gutters"]), try #require(bySubject["Dripping faucet"]))
    }

    @Test("the inbox puts each request in its quadrant with its reason, filters by plan and finds words in bodies",
          arguments: DatabaseBackend.allCases)
    func inbox(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                _ = try await Self.seed(client, desk)
                let owner = try await OwnerSession.start(client, database)
                let page = try await owner.get("/inbox")
                #expect(page.status == .ok)
                // The quadrants update themselves after the latest urgent message the page shows.
                #expect(page.html.contains("id=\"live-quadrants\" data-live"))
                #expect(!page.html.contains("data-live-since=\"0\""), "the burst pipe is urgent: the page knows when it came")
                let doNow = section(page.html, from: "id=\"q-do-now\"", to: "</section>")
                let refer = section(page.html, from: "id=\"q-delegate-or-refer\"", to: "</section>")
                let someday = section(page.html, from: "id=\"q-someday\"", to: "</section>")
                #expect(doNow.contains("Burst pipe"))
                #expect(doNow.contains("do now: urgent by the policy"))
                #expect(refer.contains("Gutters"))
                #expect(refer.contains("Lakeside Roofing"))
                #expect(someday.contains("Dripping faucet") || section(page.html, from: "id=\"q-schedule\"", to: "</section>")
                    .contains("Dripping faucet"))
                #expect(!doNow.contains("Gutters") && !doNow.contains("Dripping faucet"))
                #expect(page.html.contains("3 open conversations"))

                let care = try await owner.get("/inbox?plan=care")
                #expect(care.html.contains("Burst pipe"))
                #expect(!care.html.contains("Gutters") && !care.html.contains("Dripping faucet"))
                let found = try await owner.get("/inbox?q=autumn")
                #expect(found.html.contains("Gutters"), "words in a message body are found")
                #expect(!found.html.contains("Burst pipe"))
                let percent = try await owner.get("/inbox?q=%25")
                #expect(!percent.html.contains("Gutters"), "a % typed in the search is matched literally")
                let nobody = try await client.execute(uri: "/inbox", method: .get)
                #expect(nobody.status == .seeOther)
                #expect(nobody.headers[.location] == "/signin?next=/inbox")
            }
        }
    }

    @Test("a quadrant pages through many conversations, and a made-up cursor is a clear error", arguments: DatabaseBackend.allCases)
    func paging(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let customer = try await Customers(database: database, workspaceID: desk.workspace.id)
                .create(CustomerDraft(name: "Bob <script>alert(1)</script> Smith", planID: "standard", emails: ["x@example.org"]),
                        actor: "test", now: start)
            let conversations = Conversations(database: database, workspaceID: desk.workspace.id)
            for n in 0..<30 {
                _ = try await conversations.create(customerID: customer.id, subject: "Request \(n)", channel: .email,
                                                   now: start + TimeSpan(seconds: Int64(n)))
            }
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let overview = try await owner.get("/inbox")
                #expect(overview.html.contains("See all 30 in Someday"))
                #expect(overview.html.contains("Bob &lt;script&gt;alert(1)&lt;/script&gt; Smith"))
                #expect(!overview.html.contains("<script>alert(1)"))
                let first = try await owner.get("/inbox?quadrant=someday")
                let firstCount = first.html.components(separatedBy: "class=\"subject\"").count - 1
                #expect(firstCount == 25)
                let next = try #require(section(first.html, from: "<a href=\"/inbox?quadrant=someday&amp;after=", to: "\"")
                    .nonEmpty)
                let second = try await owner.get("/inbox?quadrant=someday&after=" + next)
                #expect(second.html.components(separatedBy: "class=\"subject\"").count - 1 == 5)
                #expect(!second.html.contains("rel=\"next\""))
                let all = Set((first.html + second.html).matches(of: /Request (\d+)</).map { String($0.1) })
                #expect(all.count == 30, "every conversation appears once across the pages")
                let bad = try await owner.get("/inbox?quadrant=someday&after=non%20sense!")
                #expect(bad.status == .badRequest)
                #expect(bad.html.contains("not a cursor from a previous page"))
            }
        }
    }

    @Test("a reply written at 09:13 to a message of 09:00 waits for the 15:30 window (two hours' delay), is held when the customer writes again, and the owner releases it",
          arguments: DatabaseBackend.allCases)
    func replyAndHold(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let ids = try await Self.seed(client, desk)
                let owner = try await OwnerSession.start(client, database)
                let page = try await owner.get("/conversations/\(ids.faucet)")
                #expect(page.status == .ok)
                #expect(page.html.contains("the kitchen faucet drips all day"))
                #expect(page.html.contains("If you write now, your reply leaves <strong>"))
                #expect(page.html.contains("The consolidated answer"))
                #expect(page.html.contains("Say no kindly: refer to Lakeside Roofing"))

                let empty = try await owner.post("/conversations/\(ids.faucet)/reply", [("text", "   ")])
                #expect(empty.status == .unprocessableContent)
                #expect(String(buffer: empty.body).contains("the reply is empty"))
                let forged = try await owner.post("/conversations/\(ids.faucet)/reply", [("text", "Hello")], csrf: "forged")
                #expect(forged.status == .forbidden)

                let sent = try await owner.post("/conversations/\(ids.faucet)/reply", [("text", "Hi Dana, Tuesday 9:00 works. <b>Bring</b> nothing.")])
                #expect(sent.status == .seeOther)
                let after = try await owner.get(try #require(sent.headers[.location]))
                #expect(after.html.contains("Your reply is in the outbox"))
                #expect(after.html.contains("Hi Dana, Tuesday 9:00 works. &lt;b&gt;Bring&lt;/b&gt; nothing."))
                #expect(after.html.contains("leaves today 3:30 PM"))
                #expect(after.html.contains("next response window, 3:30 PM (the 10:30 AM window is sooner than the minimum reply delay"))

                // The customer's status page shows the promise but not the reply that has not left.
                let token = try #require(try await Conversations(database: database, workspaceID: desk.workspace.id)
                    .find(ids.faucet)?.statusToken)
                let status = try await client.execute(uri: "/status/\(token)", method: .get)
                #expect(status.status == .ok)
                let statusHTML = String(buffer: status.body)
                #expect(statusHTML.contains("You will hear back by"))
                #expect(statusHTML.contains("Your message reached Rivera Plumbing"))
                #expect(!statusHTML.contains("Tuesday 9:00 works"))
                #expect(statusHTML.contains("(No heat, no water, or water leaking inside the home), do not wait"),
                        "the definition reads as part of the sentence, without a stray full stop")
                let guessed = try await client.execute(uri: "/status/" + String(token.reversed()), method: .get)
                #expect(guessed.status == .notFound)

                // Dana writes again before 10:30: the reply is held for the owner to look at.
                let again = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: rawEmail(
                    subject: "Re: Dripping faucet", messageID: "dana-2@example.org",
                    body: "Actually it is the bathroom faucet, not the kitchen."))
                #expect(again.status == .accepted)
                let held = try await owner.get("/conversations/\(ids.faucet)")
                #expect(held.html.contains("<strong>held for you</strong> — the customer wrote again after this reply was written"))
                let task = try #require(held.html.firstMatch(of: /outbox\/([^\/"]+)\/release/).map { String($0.1) })
                let elsewhere = try await owner.post("/conversations/\(ids.roof)/outbox/\(task)/cancel", [])
                #expect(elsewhere.status == .notFound, "a conversation's page decides only its own mail")
                #expect(try await Outbox(database: database, workspaceID: desk.workspace.id).get(task)?.state == .held)
                let released = try await owner.post("/conversations/\(ids.faucet)/outbox/\(task)/release", [])
                #expect(released.status == .seeOther)
                let now = try await owner.get(try #require(released.headers[.location]))
                #expect(now.html.contains("Gatehouse, to you"), "the owner's alert is a note in the thread")
                #expect(now.html.contains("\(TestDesk.publicURL)/conversations/\(ids.faucet)"), "and links here")
                #expect(now.html.contains("The reply is released"))
                #expect(now.html.contains("leaves today 3:30 PM"))
            }
        }
    }

    @Test("the owner corrects the triage: the conversation moves, the correction is kept, bad values are named",
          arguments: DatabaseBackend.allCases)
    func correction(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let ids = try await Self.seed(client, desk)
                let owner = try await OwnerSession.start(client, database)
                let bad = try await owner.post("/conversations/\(ids.care)/correct", [("urgent", "maybe"), ("important", "yes"),
                                                                                     ("scope", "everything")])
                #expect(bad.status == .unprocessableContent)
                #expect(String(buffer: bad.body).contains("Urgent: choose yes or no."))
                #expect(String(buffer: bad.body).contains("Scope: choose in scope, out of scope or unclear."))
                let fixed = try await owner.post("/conversations/\(ids.care)/correct", [
                    ("urgent", "no"), ("important", "yes"), ("scope", "in_scope"), ("note", "Only a dripping joint, they said on the phone"),
                ])
                #expect(fixed.status == .seeOther)
                let page = try await owner.get("/conversations/\(ids.care)")
                #expect(page.html.contains("Why it is in Schedule"))
                #expect(page.html.contains("schedule: you marked it important but not urgent"))
                #expect(page.html.contains("not urgent: you marked it not urgent"))
                let why = section(page.html, from: "Why it is in Schedule", to: "</section>")
                #expect(why.contains("not urgent: you marked it not urgent"))
                #expect(!why.contains("urgent: mentions"),
                        "the triage's urgency, which the owner contradicted, is gone from the reasons")
                #expect(page.html.contains("urgency urgent → not urgent (Only a dripping joint, they said on the phone)"))
                let inbox = try await owner.get("/inbox")
                #expect(section(inbox.html, from: "id=\"q-schedule\"", to: "</section>").contains("Burst pipe"))
                let kept = try await Corrections(database: database, workspaceID: desk.workspace.id).list(conversationID: ids.care)
                #expect(kept.map(\.field).contains("urgency"))
                #expect(!kept.map(\.field).contains("importance"), "it was important already: nothing to keep")
            }
        }
    }

    @Test("an urgent conversation shows when the owner was alerted, and one press of I've got it acknowledges it",
          arguments: DatabaseBackend.allCases)
    func alertOnTheConversation(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let ids = try await Self.seed(client, desk)
                let owner = try await OwnerSession.start(client, database)
                let before = try await owner.get("/conversations/\(ids.care)")
                #expect(before.html.contains("You were alerted on"))
                #expect(before.html.contains("/conversations/\(ids.care)/alert/acknowledge"))
                let pressed = try await owner.post("/conversations/\(ids.care)/alert/acknowledge", [])
                #expect(pressed.status == .seeOther)
                let after = try await owner.get("/conversations/\(ids.care)?done=acknowledged")
                #expect(after.html.contains("Acknowledged here on"))
                #expect(!after.html.contains("/alert/acknowledge"), "nothing is left to acknowledge")
            }
        }
    }

    @Test("a message that reuses another's Message-ID is kept as its own, and its page tells the owner to read it with care",
          arguments: DatabaseBackend.allCases)
    func reusedMessageIDOnThePage(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let ids = try await Self.seed(client, desk)
                let imitation = rawEmail(from: "Mallory <mallory@example.net>", subject: "Invoice", messageID: "tom-1@example.org",
                                         body: "Please pay the attached invoice today.")
                let response = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: imitation)
                #expect(response.status == .accepted)
                let invoice = try #require(try await desk.conversations().first { $0.subject == "Invoice" })
                let owner = try await OwnerSession.start(client, database)
                let page = try await owner.get("/conversations/\(invoice.id)")
                #expect(page.html.contains("Read with care"))
                #expect(page.html.contains("the same Message-ID (&lt;tom-1@example.org&gt;)"))
                // The first message with that Message-ID is not the one flagged.
                let gutters = try await owner.get("/conversations/\(ids.roof)")
                #expect(!gutters.html.contains("Read with care"))
            }
        }
    }

    @Test("Today draws the day with a now line, lists what is urgent, and counts the replies waiting for a window",
          arguments: DatabaseBackend.allCases)
    func today(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let ids = try await Self.seed(client, desk)
                let owner = try await OwnerSession.start(client, database)
                let calm = try await owner.get("/today")
                #expect(calm.status == .ok)
                #expect(calm.html.contains("<svg class=\"timeline\""))
                #expect(calm.html.contains("<title>Now, 9:13 AM</title>"))
                #expect(calm.html.contains("Focus, 8:00 AM–10:30 AM"))
                #expect(calm.html.contains("Answer messages, 10:30 AM–11:15 AM"))
                #expect(calm.html.contains("Emergency buffer: 1 hour kept free for emergencies; 1 hour left."))
                let urgent = section(calm.html, from: "id=\"urgent-heading\"", to: "</section>")
                #expect(urgent.contains("Burst pipe"))
                #expect(!urgent.contains("Dripping faucet"))
                // Listed once: urgent now, not again under "due" or "at risk".
                #expect(calm.html.components(separatedBy: "href=\"/conversations/\(ids.care)\"").count == 2,
                        "the urgent conversation is listed once")
                // On a phone the day reads top to bottom, the part under way marked.
                #expect(calm.html.contains("<li class=\"now\"><i style=\"background:#c9d8f5\"></i><span class=\"agenda-time\">8:00 AM–10:30 AM</span> Focus <strong>· now</strong></li>"))
                #expect(calm.html.contains("No reply is waiting for a window."))
                _ = try await owner.post("/conversations/\(ids.faucet)/reply", [("text", "Tuesday at nine?")])
                let after = try await owner.get("/today")
                #expect(after.html.contains("1 reply leaves today 3:30 PM."))
                #expect(after.html.contains("aria-current=\"page\">Today</a>"))
            }
        }
    }

    @Test("customers: a form with a mistake comes back as typed with the error beside the field; the note is kept; search finds them",
          arguments: DatabaseBackend.allCases)
    func customers(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                _ = try await Self.seed(client, desk)
                let owner = try await OwnerSession.start(client, database)
                let bad = try await owner.post("/customers/new", [("name", "Ann <b>Ode</b>"), ("plan_id", "care"), ("kind", "customer"),
                                                                  ("emails", "ann at example"), ("phones", ""), ("notes", "")])
                #expect(bad.status == .unprocessableContent)
                let badHTML = String(buffer: bad.body)
                #expect(badHTML.contains("id=\"c-emails-error\">&#39;ann at example&#39; is not an email address")
                    || badHTML.contains("id=\"c-emails-error\">'ann at example' is not an email address"))
                #expect(badHTML.contains("value=\"Ann &lt;b&gt;Ode&lt;/b&gt;\""), "what was typed is kept, escaped")
                let taken = try await owner.post("/customers/new", [("name", "Ann Ode"), ("plan_id", "care"), ("kind", "customer"),
                                                                    ("emails", "maria@example.org"), ("phones", ""), ("notes", "")])
                #expect(taken.status == .conflict)
                #expect(String(buffer: taken.body).contains("maria@example.org already belongs to another customer"))
                let noPlan = try await owner.post("/customers/new", [("name", "Ann Ode"), ("plan_id", "gold"), ("emails", "")])
                #expect(String(buffer: noPlan.body).contains("choose one of the policy&#39;s plans")
                    || String(buffer: noPlan.body).contains("choose one of the policy's plans"))

                let made = try await owner.post("/customers/new", [("name", "Ann Ode"), ("plan_id", "care"), ("kind", "prospect"),
                                                                   ("emails", "ann@example.org"), ("phones", "+1 312 555 0199"),
                                                                   ("notes", "Prefers mornings.")])
                #expect(made.status == .seeOther)
                let location = try #require(made.headers[.location])
                let id = String(location.dropFirst("/customers/".count).prefix(while: { $0 != "?" }))
                let page = try await owner.get(location)
                #expect(page.html.contains("The customer is added."))
                #expect(page.html.contains("A prospect."))
                #expect(page.html.contains("Care"))
                let noted = try await owner.post("/customers/\(id)/distance", [("distance_note", "Keep calls to 15 minutes; no weekend jobs.")])
                #expect(noted.status == .seeOther)
                let again = try await owner.get("/customers/\(id)")
                #expect(again.html.contains("Keep calls to 15 minutes; no weekend jobs."))
                let list = try await owner.get("/customers?q=555%200199")
                #expect(list.html.contains("Ann Ode"))
                #expect(!list.html.contains("Maria Lopez"))
                let forged = try await owner.post("/customers/\(id)/distance", [("distance_note", "x")], csrf: "forged")
                #expect(forged.status == .forbidden)

                let other = try await Workspaces(database: database).create(slug: "other", policyYAML: try TestDesk.plumberPolicy(),
                                                                            actor: "test", now: start)
                let theirs = try await Customers(database: database, workspaceID: other.id)
                    .create(CustomerDraft(name: "Their Customer", planID: "standard"), actor: "test", now: start)
                #expect(try await owner.get("/customers/\(theirs.id)").status == .notFound)
                let change = try await owner.post("/customers/\(theirs.id)/distance", [("distance_note", "mine now")])
                #expect(change.status == .notFound)
                #expect(!(try await owner.get("/customers?q=Their")).html.contains("Their Customer"))
            }
        }
    }

    @Test("the policy editor shows a problem at its line and never saves it; check previews; save changes the public page",
          arguments: DatabaseBackend.allCases)
    func policyEditor(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let page = try await owner.get("/policy")
                #expect(page.html.contains("Rivera Plumbing &amp; Heating"))
                #expect(page.html.contains("Preview: the public page"))
                let original = desk.workspace.policyYAML
                let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
                let fri = try #require(lines.firstIndex { $0.hasPrefix("  fri:") }) + 1
                let broken = original.replacingOccurrences(of: "  fri: 08:00-15:00", with: "  fri: eight till three")
                let refused = try await owner.post("/policy", [("yaml", broken), ("action", "save")])
                #expect(refused.status == .unprocessableContent)
                let html = String(buffer: refused.body)
                #expect(html.contains("<li value=\"\(fri)\" class=\"bad\"><code>  fri: eight till three</code>"))
                #expect(html.contains("id=\"line-\(fri)\">Line \(fri), column"))
                #expect(html.contains("eight till three"), "what was typed is kept")
                #expect(try await Workspaces(database: database).find(slug: "rivera")?.policyYAML == original)

                let renamed = original.replacingOccurrences(of: "name: Rivera Plumbing & Heating", with: "name: \"Rivera <Pipes>\"")
                #expect(renamed != original)
                let checked = try await owner.post("/policy", [("yaml", renamed), ("action", "check")])
                #expect(String(buffer: checked.body).contains("No problems found. It is not saved yet."))
                #expect(String(buffer: checked.body).contains("How Rivera &lt;Pipes&gt; works"))
                #expect(try await Workspaces(database: database).find(slug: "rivera")?.policyYAML == original)
                let preview = try await owner.post("/policy/preview", [("yaml", renamed)])
                #expect(String(buffer: preview.body).contains("How Rivera &lt;Pipes&gt; works"))

                let saved = try await owner.post("/policy", [("yaml", renamed), ("action", "save")])
                #expect(saved.status == .seeOther)
                let publicPage = String(buffer: try await client.execute(uri: "/w/rivera", method: .get).body)
                #expect(publicPage.contains("<h1>How Rivera &lt;Pipes&gt; works</h1>"))
                #expect(publicPage.contains("<h2>What counts as urgent</h2>"))
                #expect(publicPage.contains("Chicago time (America/Chicago)"))
                #expect(publicPage.contains("<th scope=\"row\">Today"))
                #expect(publicPage.contains("8:00 AM – 12:00 PM"))
                #expect(publicPage.contains("Lakeside Roofing"))
                #expect(try await client.execute(uri: "/w/nobody", method: .get).status == .notFound)

                let staff = try await OwnerSession.start(client, database, role: .staff)
                let denied = try await staff.post("/policy", [("yaml", original), ("action", "save")])
                #expect(denied.status == .forbidden)
                #expect(try await Workspaces(database: database).find(slug: "rivera")?.policyYAML == renamed)
            }
        }
    }

    @Test("settings: a token is shown once and works until revoked; webhooks and team members are added with clear errors",
          arguments: DatabaseBackend.allCases)
    func settings(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let page = try await owner.get("/settings")
                #expect(page.html.contains("\(TestDesk.publicURL)/inbound/email"))
                #expect(page.html.contains("Not set up yet"))
                #expect(!page.html.contains("Change a role"), "alone on the team, there is no role to change")
                let unnamed = try await owner.post("/settings/tokens", [("name", ""), ("scope", "ingest")])
                #expect(unnamed.status == .unprocessableContent)
                let made = try await owner.post("/settings/tokens", [("name", "Postfix relay"), ("scope", "ingest")])
                let madeHTML = String(buffer: made.body)
                let token = try #require(madeHTML.firstMatch(of: /<code class="secret">(gh_[^<]+)<\/code>/).map { String($0.1) })
                let delivered = try await client.execute(uri: "/inbound/email", method: .post,
                                                         headers: [.authorization: "Bearer \(token)", .contentType: "message/rfc822"],
                                                         body: rawEmail(messageID: "via-new-token@example.org"))
                #expect(delivered.status == .accepted)
                let listed = try await owner.get("/settings")
                #expect(listed.html.contains("Postfix relay"))
                #expect(!listed.html.contains(token), "a token is shown once, never again")
                let tokenID = try #require(try await APITokens(database: database).list(workspaceID: desk.workspace.id)
                    .first { $0.name == "Postfix relay" }?.id)
                #expect(try await owner.post("/settings/tokens/\(tokenID)/revoke", []).status == .seeOther)
                let refused = try await client.execute(uri: "/inbound/email", method: .post,
                                                       headers: [.authorization: "Bearer \(token)", .contentType: "message/rfc822"],
                                                       body: rawEmail(messageID: "after-revoke@example.org"))
                #expect(refused.status == .unauthorized)

                let badHook = try await owner.post("/settings/webhooks", [("url", "ftp://phone.example/hook"), ("description", "")])
                #expect(badHook.status == .unprocessableContent)
                #expect(String(buffer: badHook.body).contains("id=\"hook-url-error\""))
                #expect(String(buffer: badHook.body).contains("value=\"ftp://phone.example/hook\""))
                let hook = try await owner.post("/settings/webhooks", [("url", "https://phone.example/hook"), ("description", "my phone")])
                #expect(String(buffer: hook.body).contains("whsec_"))

                let weak = try await owner.post("/settings/team", [("name", "Sam"), ("email", "sam@rivera.example"),
                                                                   ("password", "short"), ("role", "staff")])
                #expect(weak.status == .unprocessableContent)
                #expect(String(buffer: weak.body).contains("Password: the password must be at least"))
                let added = try await owner.post("/settings/team", [("name", "Sam"), ("email", "sam@rivera.example"),
                                                                    ("password", "a long enough secret"), ("role", "staff")])
                #expect(added.status == .seeOther)
                #expect(try await owner.get("/settings").html.contains("Change a role"))
                let members = try await Accounts(database: database).members(workspaceID: desk.workspace.id)
                #expect(members.contains { $0.user.email == "sam@rivera.example" && $0.role == .staff })
                let ownerID = try #require(members.first { $0.role == .owner }?.user.id)
                let demote = try await owner.post("/settings/team/\(ownerID)/role", [("role", "staff")])
                #expect(demote.status == .conflict)
                #expect(String(buffer: demote.body).contains("A workspace keeps at least one owner"))

                let staff = try await OwnerSession.start(client, database, role: .staff)
                let denied = try await staff.post("/settings/tokens", [("name", "mine"), ("scope", "api")])
                #expect(denied.status == .forbidden)
                #expect(try await staff.get("/settings").html.contains("Postfix relay"), "staff see the settings")
            }
        }
    }

    @Test("time for a Care customer: recorded on their page, counted against the allowance, warned before a call; urgent time leaves the buffer",
          arguments: DatabaseBackend.allCases)
    func time(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let ids = try await Self.seed(client, desk)
                let owner = try await OwnerSession.start(client, database)
                let maria = try #require(try await Customers(database: database, workspaceID: desk.workspace.id)
                    .find(contact: "maria@example.org"))
                // 09:13 on Monday 21 September 2026 in Chicago (the fixed clock).
                let bad = try await owner.post("/customers/\(maria.id)/time", [("date", "2026-09-21"), ("start", "8.30"),
                                                                               ("minutes", "-5"), ("note", "Phone call")])
                #expect(bad.status == .unprocessableContent)
                let badHTML = String(buffer: bad.body)
                #expect(badHTML.contains("id=\"t-start-error\">&#39;8.30&#39; is not a time of day written 09:30."))
                #expect(badHTML.contains("id=\"t-minutes-error\">&#39;-5&#39; is not a number of minutes above zero."))
                #expect(badHTML.contains("value=\"Phone call\""), "what was typed is kept")
                let first = try await owner.post("/customers/\(maria.id)/time", [("date", "2026-09-21"), ("start", "07:00"),
                                                                                 ("minutes", "100"), ("note", "Boiler check"),
                                                                                 ("billable", "yes")])
                #expect(first.status == .seeOther)
                let urgent = try await owner.post("/customers/\(maria.id)/time", [("date", "2026-09-21"), ("start", "08:40"),
                                                                                  ("minutes", "10"), ("note", "The burst pipe, by phone"),
                                                                                  ("billable", "yes"), ("urgent", "yes")])
                #expect(urgent.status == .seeOther)
                let overlap = try await owner.post("/customers/\(maria.id)/time", [("date", "2026-09-21"), ("start", "08:00"),
                                                                                   ("minutes", "30"), ("note", "Twice?")])
                #expect(overlap.status == .conflict)
                #expect(String(buffer: overlap.body).contains("it overlaps time already recorded from Monday, September 21 at 7:00 AM to Monday, September 21 at 8:40 AM"))
                let page = try await owner.get("/customers/\(maria.id)")
                #expect(page.html.contains("1 hour 50 minutes of the Care plan&#39;s 2 hours this month (92%): nearly used")
                    || page.html.contains("1 hour 50 minutes of the Care plan's 2 hours this month (92%): nearly used"))
                #expect(page.html.contains("The burst pipe, by phone"))
                let conversation = try await owner.get("/conversations/\(ids.care)")
                #expect(conversation.html.contains("Before a call: "))
                #expect(conversation.html.contains("past the allowance: consider asking about an additional charge first"))
                let today = try await owner.get("/today")
                #expect(today.html.contains("10 minutes spent on urgent matters so far, 50 minutes left"))
            }
        }
    }

    @Test("another workspace's conversation is not found, to read or to change")
    func otherWorkspace() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database)
            let other = try await Workspaces(database: database).create(slug: "other", policyYAML: try TestDesk.plumberPolicy(),
                                                                        actor: "test", now: start)
            let customer = try await Customers(database: database, workspaceID: other.id)
                .create(CustomerDraft(name: "Secret Customer", planID: "standard", emails: ["s@example.org"]), actor: "test", now: start)
            let theirs = try await Conversations(database: database, workspaceID: other.id)
                .create(customerID: customer.id, subject: "Their secret", channel: .email, now: start)
            _ = desk
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let read = try await owner.get("/conversations/\(theirs.id)")
                #expect(read.status == .notFound)
                #expect(!read.html.contains("Their secret"))
                let write = try await owner.post("/conversations/\(theirs.id)/reply", [("text", "Hello")])
                #expect(write.status == .notFound)
                let correct = try await owner.post("/conversations/\(theirs.id)/correct", [("urgent", "yes"), ("important", "yes"),
                                                                                          ("scope", "in_scope")])
                #expect(correct.status == .notFound)
                #expect(try await Corrections(database: database, workspaceID: other.id).list(conversationID: theirs.id).isEmpty)
                let inbox = try await owner.get("/inbox?customer=\(customer.id)")
                #expect(!inbox.html.contains("Their secret"))
            }
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
