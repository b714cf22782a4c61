import Foundation
import GatehouseStore
import GatehouseTestSupport
import Testing

/// The desk in a real browser: headless Chromium driven over WebDriver, against a real
/// `gatehouse serve`. Every page visited is checked for accessibility and photographed at phone
/// and desktop size (see `TestArtifacts`). When Chromium or chromedriver is missing they return
/// at once, after one printed line saying so, unless GATEHOUSE_REQUIRE_BROWSER=1.
@Suite(.serialized)
struct BrowserTests {
    @Test("the accessibility check finds light grey text, unlabelled fields, nameless links, skipped headings and sideways scrolling, and nothing on a sound page")
    func accessibilityCheckFindsProblems() async throws {
        try await withBrowser { browser in
            try await browser.go(Self.page(Self.badPage))
            let problems = try await browser.accessibilityProblems()
            let expected = [
                "html has no lang attribute",
                "the page has 2 h1 elements",
                #"h3 "Skipped a level" follows h1 "Second title", skipping h2"#,
                #"p "Light grey text" has text contrast 2.32:1 (#aaaaaa on #ffffff)"#,
                #"p "Just too light" has text contrast 4.47:1 (#777777 on #ffffff)"#,
                #"p "Dark on dark" has text contrast 1.69:1 (#555555 on #333333)"#,
                #"p "Bold, but not large" has text contrast 3.03:1"#,
                #"p "Light grey in oklch" has text contrast"#,
                "input#email has no label",
                "select#plan has no label",
                #"a[href="/next"] is a link with no name"#,
                #"img[src="arrow.png"] has no alt text"#,
                "button.icon is a button with no name",
                #"button "Later" has tabindex="3""#,
                "input#code cannot be reached with the keyboard",
                #"so it scrolls sideways; too wide: div "Too wide""#,
                #"section#results leads the page but starts"#,
            ]
            for problem in expected {
                #expect(problems.contains { $0.contains(problem) }, "expected a problem saying \(problem); found \(problems)")
            }
            // The rules must not be stricter than WCAG: these parts of the page are fine.
            for fine in ["Just dark enough", "Large enough", "Large and bold", "input#name", "input#search", "Hidden", "decoration.png"] {
                #expect(!problems.contains { $0.contains(fine) }, "\(fine) was reported: \(problems)")
            }
            #expect(problems.count == expected.count, "\(problems)")

            try await browser.go(Self.page(Self.soundPage))
            #expect(try await browser.accessibilityProblems() == [])
        }
    }

    @Test("a WebDriver error names the command that failed and says why")
    func webDriverErrors() async throws {
        try await withBrowser { browser in
            try await browser.go(Self.page(Self.soundPage))
            do {
                _ = try await browser.find("#nowhere")
                Issue.record("finding a missing element did not fail")
            } catch let error as WebDriverError {
                #expect(error.error == "no such element")
                #expect(error.description.hasPrefix("WebDriver find #nowhere failed: no such element: Unable to locate element"))
            }
        }
    }

    @Test("""
        an owner sets up the desk, signs in, and sees a policy error at its line; a customer writes through the contact form \
        and is promised an answer; the owner finds it in its quadrant with the reason, writes a reply that waits for the \
        next response window, and the customer's status page shows the promise but not the reply that has not left
        """)
    func firstRunAndContactForm() async throws {
        guard try BrowserInstallation.forTests() != nil else { return }
        try await TestDatabase.withLocation(.sqlite) { location in
            let desk = try ServerProcess(database: location, port: FreePort.pick(), keepingLog: true)
            defer { _ = desk.stop() }
            let site = "http://127.0.0.1:\(desk.port)"
            let setupLink = try desk.setupLink()
            var statusLink = ""
            try await withBrowser { browser in
                // The owner opens the link serve printed, and sets up the desk.
                try await browser.go(setupLink)
                #expect(try await browser.text(of: browser.find("h1")) == "Welcome to Gatehouse")
                try await browser.checkPage("setup")
                try await browser.fill("#name", with: "Rosa Rivera")
                try await browser.fill("#email", with: "rosa@rivera.example")
                try await browser.fill("#password", with: "correct horse battery")
                try await browser.fill("#business", with: "Rivera Plumbing & Heating")
                try await browser.fill("#slug", with: "rivera")
                try await browser.fill("#phone", with: "+1 312 555 0142")
                try await browser.fill("#timezone", with: "America/Chicago")
                // Her hours, typed as she says them.
                for day in ["mon", "tue", "wed", "thu"] { try await browser.fill("#hours_\(day)", with: "8am-noon, 1pm-5:30pm") }
                try await browser.fill("#hours_fri", with: "8am-3pm")
                if try await browser.attribute("open", of: browser.find(#"details[data-trade="plumbing-heating"]"#)) == nil {
                    try await browser.click(browser.find(#"details[data-trade="plumbing-heating"] summary"#))
                }
                try await browser.click(browser.find(#"input[name="urgent_sign"][value="burst pipe"]"#))
                try await browser.click(browser.find(#"#example option[value="plumber-chicago"]"#))
                try await browser.click(browser.find(#"form[action="/setup"] button[type="submit"]"#))

                // … is told what her policy took from the example, and goes on to Today, signed in.
                try await browser.waitUntil("the desk is ready") { try await browser.title().hasPrefix("Your desk is ready") }
                try await browser.checkPage("setup-ready")
                try await browser.click(browser.find(#"a[href="/today"]"#))
                try await browser.waitUntil("Today shows") { try await browser.currentURL() == site + "/today" }
                #expect(try await browser.text(of: browser.find("h1")) == "Today")
                #expect(try await browser.text(of: browser.find(".who span")) == "rosa@rivera.example")
                #expect(try await !browser.findAll("svg.timeline").isEmpty)
                try await browser.checkPage("today")

                // Signing out leads to the sign-in page.
                try await browser.click(browser.find(#"form[action="/signout"] button"#))
                try await browser.waitUntil("the sign-in page shows") { try await browser.currentURL() == site + "/signin" }
                try await browser.checkPage("signin")

                // A wrong password is refused, in words, and the email stays filled in.
                try await browser.fill("#email", with: "rosa@rivera.example")
                try await browser.fill("#password", with: "wrong horse battery")
                try await browser.click(browser.find(#"form[action="/signin"] button"#))
                try await browser.waitUntil("the sign-in error shows") { try await !browser.findAll(".problems").isEmpty }
                #expect(try await browser.text(of: browser.find(".problems")).contains("The email or password is not right."))
                #expect(try await browser.property("value", of: browser.find("#email")) as? String == "rosa@rivera.example")
                try await browser.checkPage("signin-error")

                // The right one signs her in.
                try await browser.fill("#password", with: "correct horse battery")
                try await browser.click(browser.find(#"form[action="/signin"] button"#))
                try await browser.waitUntil("Today shows again") { try await browser.currentURL() == site + "/today" }

                // She edits the policy, makes a mistake, and sees it at its line; nothing is saved.
                try await browser.go(site + "/policy")
                try await browser.checkPage("policy")
                let line = try await browser.execute("""
                    const box = document.querySelector('#yaml');
                    box.value = box.value.replace('fri: 08:00-15:00', 'fri: eight till three');
                    return box.value.split('\\n').findIndex(l => l.includes('eight till three')) + 1;
                    """, [], as: Int.self)
                #expect(line > 1)
                try await browser.click(browser.find(#"button[value="check"]"#))
                try await browser.waitUntil("the policy error shows") { try await !browser.findAll(".code-lines li.bad").isEmpty }
                #expect(try await browser.text(of: browser.find("#line-\(line)")).hasPrefix("Line \(line), column"))
                #expect(try await browser.text(of: browser.find(".code-lines li.bad code")) == "  fri: eight till three")
                try await browser.checkPage("policy-error")
                // The problem links to the part of the guide that says how its section is written.
                let guideLink = try await browser.find(".code-lines li.bad a")
                #expect(try await browser.text(of: guideLink) == "How “hours” is written")
                try await browser.click(guideLink)
                try await browser.waitUntil("the guide opens at hours") { try await browser.currentURL() == site + "/policy/guide#hours" }
                #expect(try await browser.text(of: browser.find("h2#hours")) == "hours")
                #expect(try await browser.execute("return document.getElementById('hours').getBoundingClientRect().top < innerHeight",
                                                  [], as: Bool.self), "the guide is scrolled to its hours section")
                try await browser.checkPage("policy-guide")
                try await browser.go(site + "/w/rivera")
                #expect(try await browser.text(of: browser.find("h1")) == "How Rivera Plumbing & Heating works")
                try await browser.checkPage("how-we-work")

                // A customer, with no cookies of the owner's, opens the public contact form: the
                // promise of an answer is there before they write anything.
                try await browser.deleteAllCookies()
                try await browser.go(site + "/w/rivera/contact")
                #expect(try await browser.text(of: browser.find("h1")) == "Write to Rivera Plumbing & Heating")
                #expect(try await browser.text(of: browser.find(".notice")).contains("you will hear back by"))
                try await browser.checkPage("contact")

                // An email address the browser accepts but no mail could reach: the error is shown
                // beside the field, and everything typed is still there.
                let name = "<script>alert(1)</script>"
                let words = "The kitchen tap drips all night. Could you come by next week?"
                try await browser.fill("#name", with: name)
                try await browser.fill("#email", with: "ana@localhost")
                try await browser.fill("#subject", with: "Dripping tap")
                try await browser.fill("#message", with: words)
                try await browser.click(browser.find(#"form[action="/w/rivera/contact"] button[type="submit"]"#))
                try await browser.waitUntil("the email error shows") { try await !browser.findAll("#email-error").isEmpty }
                #expect(try await browser.text(of: browser.find("#email-error")).contains("does not look like an email address"))
                let email = try await browser.find("#email")
                #expect(try await browser.attribute("aria-invalid", of: email) == "true")
                #expect(try await browser.attribute("aria-describedby", of: email) == "email-error")
                let besideTheField = try await browser.execute(
                    "return arguments[0].closest('label').nextElementSibling.id", [email], as: String.self)
                #expect(besideTheField == "email-error")
                #expect(try await browser.property("value", of: email) as? String == "ana@localhost")
                #expect(try await browser.property("value", of: browser.find("#name")) as? String == name)
                #expect(try await browser.property("value", of: browser.find("#message")) as? String == words)
                try await browser.checkPage("contact-error")

                // Sent properly: thanks, with the promise, and the name shown as the text it is.
                try await browser.fill("#email", with: "ana@example.com")
                try await browser.click(browser.find(#"form[action="/w/rivera/contact"] button[type="submit"]"#))
                try await browser.waitUntil("the thank-you page shows") { try await browser.title().hasPrefix("Thank you") }
                #expect(try await browser.alertText() == nil)
                #expect(try await browser.text(of: browser.find("h1")) == "Thank you, \(name)")
                #expect(try await browser.findAll("h1 script, main script").isEmpty)
                #expect(try await browser.text(of: browser.find(".notice")).contains("You will hear back by"))
                try await browser.checkPage("thanks")
                statusLink = try #require(try await browser.attribute("href", of: browser.find(#"a[href*="/status/"]"#)))

                // The owner signs in again and finds the message in its quadrant, with the reason.
                try await browser.go(site + "/inbox")
                try await browser.waitUntil("the sign-in page shows") { try await browser.currentURL().hasPrefix(site + "/signin") }
                try await browser.fill("#email", with: "rosa@rivera.example")
                try await browser.fill("#password", with: "correct horse battery")
                try await browser.click(browser.find(#"form[action="/signin"] button"#))
                try await browser.waitUntil("the inbox shows") { try await browser.currentURL() == site + "/inbox" }
                // "Next week" is a deadline, so the request is important; nothing in it is urgent: schedule.
                let schedule = try await browser.text(of: browser.find(#"section[aria-labelledby="q-schedule"]"#))
                #expect(schedule.contains("Dripping tap"), "in Schedule: \(schedule)")
                #expect(schedule.contains("schedule: important"))
                try await browser.checkPage("inbox")

                // She opens it and writes a reply: it waits for the next response window.
                try await browser.click(browser.find(#"section[aria-labelledby="q-schedule"] a.subject"#))
                try await browser.waitUntil("the conversation shows") { try await browser.currentURL().contains("/conversations/") }
                #expect(try await browser.text(of: browser.find("h1")) == "Dripping tap")
                let leaves = try await browser.text(of: browser.find("#reply-heading + .notice"))
                #expect(leaves.hasPrefix("If you write now, your reply leaves"))
                try await browser.checkPage("conversation")
                try await browser.fill("#reply-text", with: "Hi Ana, I can come on Tuesday at 9:00 to fix the tap.")
                try await browser.click(browser.find(#"form[action$="/reply"] button[type="submit"]"#))
                try await browser.waitUntil("the reply is in the outbox") { try await browser.currentURL().contains("done=reply") }
                let thread = try await browser.text(of: browser.find("ol.thread"))
                #expect(thread.contains("Hi Ana, I can come on Tuesday at 9:00 to fix the tap."))
                #expect(thread.contains("next response window"), "the reply waits for its window, and says so")
                try await browser.checkPage("conversation-reply")

                // Her customers, and the settings.
                try await browser.go(site + "/customers")
                try await browser.checkPage("customers")
                try await browser.click(browser.find("table a"))
                try await browser.waitUntil("a customer shows") { try await browser.currentURL().contains("/customers/") }
                try await browser.checkPage("customer")
                try await browser.go(site + "/settings")
                try await browser.checkPage("settings")
                try await browser.go(site + "/settings/email")
                try await browser.checkPage("settings-email")

                // Appointments, and a time-boxed call with its countdown.
                try await browser.go(site + "/appointments")
                try await browser.checkPage("appointments")
                try await browser.click(browser.find(#"form[action="/sessions"] button"#))
                try await browser.waitUntil("the session shows") { try await browser.currentURL().contains("/sessions/") }
                #expect(try await browser.text(of: browser.find("[data-countdown]")).contains("left"))
                try await browser.checkPage("session")

                // The customer's status page: the promise, their message, and no reply that has not left.
                try await browser.deleteAllCookies()
                try await browser.go(statusLink)
                #expect(try await browser.text(of: browser.find("h1")) == "Your request to Rivera Plumbing & Heating")
                #expect(try await browser.text(of: browser.find(".notice")).contains("You will hear back by"))
                #expect(try await !browser.source().contains("Tuesday at 9:00"))
                try await browser.checkPage("status")
            }
            #expect(desk.stop() == 0)
            // The log of the whole run holds no capability token: the setup link appears once, where
            // serve printed it for the owner, and the customer's status link not at all.
            let log = desk.printedText
            let setupToken = try #require(setupLink.split(separator: "=").last.map(String.init))
            let statusToken = try #require(statusLink.split(separator: "/").last.map(String.init))
            #expect(log.components(separatedBy: setupToken).count - 1 == 1)
            #expect(!log.contains(statusToken))
            #expect(log.contains("/status/[redacted]"), "the status page's request is still logged, without its token")
        }
    }

    @Test("the demo business, full of a week's work, in a real browser: every page is accessible at phone and desktop size")
    func demo() async throws {
        guard try BrowserInstallation.forTests() != nil else { return }
        try await TestDatabase.withLocation(.sqlite) { location in
            let port = try FreePort.pick()
            let desk = try ServerProcess(database: location, port: port,
                                         arguments: ["--demo", "--public-url", "http://127.0.0.1:\(port)"])
            defer { _ = desk.stop() }
            let site = "http://127.0.0.1:\(desk.port)"
            let announced = try #require(desk.line(containing: "Demo: sign in at"))
            let password = try #require(announced.firstMatch(of: /with the password (\S+)/).map { String($0.1) })
            try await withBrowser { browser in
                try await browser.go(site + "/signin")
                try await browser.fill("#email", with: "owner@rivera.example")
                try await browser.fill("#password", with: password)
                try await browser.click(browser.find(#"form[action="/signin"] button"#))
                try await browser.waitUntil("Today shows") { try await browser.currentURL() == site + "/today" }
                #expect(try await browser.text(of: browser.find("#urgent-heading")) == "Urgent now 2",
                        "the Care customer's burst pipe, and the tenant's no heat offered the call-out")
                #expect(try await browser.text(of: browser.find("#held-heading + *")).isEmpty == false)
                #expect(try await browser.text(of: browser.find("#start-heading")).hasPrefix("Getting started"),
                        "the demo shows the go-live checklist: its policy is still the example's")
                try await browser.checkPage("demo-today")
                try await browser.click(browser.find(#"a[href="/outbox"]"#))
                try await browser.waitUntil("the outbox shows") { try await browser.currentURL() == site + "/outbox" }
                #expect(try await !browser.findAll(#"#held-heading"#).isEmpty, "the held reply is in the outbox")
                try await browser.checkPage("demo-outbox")

                try await browser.go(site + "/inbox")
                for quadrant in ["do-now", "schedule", "delegate-or-refer", "someday"] {
                    let items = try await browser.findAll("section[aria-labelledby=\"q-\(quadrant)\"] li")
                    #expect(!items.isEmpty, "the demo has something in \(quadrant)")
                }
                try await browser.checkPage("demo-inbox")
                try await browser.go(site + "/inbox?q=faucet")
                #expect(try await browser.text(of: browser.find("main")).contains("Dripping faucet"))
                try await browser.checkPage("demo-inbox-search")

                // Olga's conversation: her reply is held, with the owner's choices.
                try await browser.go(site + "/inbox?quadrant=someday")
                try await browser.click(browser.find(xpath: #"//a[@class="subject"][text()="Question about prices"]"#))
                try await browser.waitUntil("Olga's conversation shows") { try await browser.title().hasPrefix("Question about prices") }
                #expect(try await browser.text(of: browser.find("ol.thread")).contains("held for you — the customer wrote again"))
                #expect(try await !browser.findAll(#"form[action$="/release"]"#).isEmpty)
                try await browser.checkPage("demo-conversation-held")
                let status = try #require(try await browser.attribute("href", of: browser.find(#"a[href*="/status/"]"#)))

                try await browser.go(site + "/customers")
                try await browser.checkPage("demo-customers")
                try await browser.click(browser.find(xpath: #"//table//a[text()="Maria Lopez"]"#))
                try await browser.waitUntil("Maria's page shows") { try await browser.title().hasPrefix("Maria Lopez") }
                try await browser.checkPage("demo-customer")
                try await browser.go(site + "/jobs")
                try await browser.checkPage("demo-jobs")
                try await browser.click(browser.find(xpath: #"//a[@class="subject"][text()="Bathroom faucet cartridge"]"#))
                try await browser.waitUntil("Lena's job shows") { try await browser.title().hasPrefix("Bathroom faucet cartridge") }
                #expect(try await browser.text(of: browser.find(#"section[aria-labelledby="changes-heading"]"#))
                    .contains("bleed the radiators upstairs"))
                try await browser.checkPage("demo-job")
                try await browser.go(site + "/policy")
                try await browser.checkPage("demo-policy")
                try await browser.go(site + "/reports")
                #expect(try await browser.text(of: browser.find("h1")) == "Reports")
                try await browser.checkPage("demo-reports")
                try await browser.go(site + "/appointments")
                try await browser.checkPage("demo-appointments")
                try await browser.go(site + "/settings")
                try await browser.checkPage("demo-settings")

                try await browser.deleteAllCookies()
                try await browser.go(site + "/w/demo")
                try await browser.checkPage("demo-how-we-work")
                // A customer books a site visit: the kinds, the free times with the form, then booked.
                try await browser.click(browser.find(#"a[href="/w/demo/book"]"#))
                try await browser.checkPage("demo-book")
                try await browser.click(browser.find(#"a[href="/w/demo/book/visit"]"#))
                try await browser.checkPage("demo-book-visit")
                try await browser.click(browser.find(#"input[name="start"]"#))
                try await browser.fill("#name", with: "Grace Okafor")
                try await browser.fill("#email", with: "grace.okafor@example.net")
                try await browser.fill("#address", with: "7 Oak Avenue, Evanston")
                try await browser.fill("#agenda", with: "The kitchen tap leaks at the base.")
                try await browser.click(browser.find(#"form[action="/w/demo/book/visit"] button"#))
                try await browser.waitUntil("the visit is booked") { try await browser.text(of: browser.find("h1")) == "Booked, Grace" }
                try await browser.checkPage("demo-booked")
                try await browser.go(status)
                #expect(try await browser.text(of: browser.find("h1")) == "Your request to Rivera Plumbing & Heating")
                #expect(try await !browser.source().contains("Replacing a toilet is $120"), "a held reply is not shown to the customer")
                try await browser.checkPage("demo-status")
            }
            #expect(desk.stop() == 0)
        }
    }

    @Test("""
        the owner writes a job from Dana's request and sends its summary; Dana agrees on her page; the owner drafts a \
        priced change order and sends it; Dana accepts it, and the job's scope and price grow by it
        """)
    func jobSummaryToChangeOrder() async throws {
        guard try BrowserInstallation.forTests() != nil else { return }
        try await TestDatabase.withLocation(.sqlite) { location in
            let port = try FreePort.pick()
            let desk = try ServerProcess(database: location, port: port,
                                         arguments: ["--demo", "--public-url", "http://127.0.0.1:\(port)"])
            defer { _ = desk.stop() }
            let site = "http://127.0.0.1:\(desk.port)"
            let announced = try #require(desk.line(containing: "Demo: sign in at"))
            let password = try #require(announced.firstMatch(of: /with the password (\S+)/).map { String($0.1) })
            try await withBrowser { browser in
                func signIn(then url: String) async throws {
                    try await browser.go(url)
                    try await browser.waitUntil("the sign-in page shows") { try await browser.currentURL().hasPrefix(site + "/signin") }
                    try await browser.fill("#email", with: "owner@rivera.example")
                    try await browser.fill("#password", with: password)
                    try await browser.click(browser.find(#"form[action="/signin"] button"#))
                    try await browser.waitUntil("the page asked for shows") { try await browser.currentURL() == url }
                }
                try await signIn(then: site + "/inbox?q=faucet")
                try await browser.click(browser.find(xpath: #"//a[@class="subject"][text()="Dripping faucet"]"#))
                try await browser.waitUntil("Dana's conversation shows") { try await browser.title().hasPrefix("Dripping faucet") }
                try await browser.click(browser.find(#"a[href^="/jobs/new?conversation="]"#))
                try await browser.waitUntil("the job form shows") { try await browser.currentURL().contains("/jobs/new") }
                #expect(try await browser.property("value", of: browser.find("#j-title")) as? String == "Dripping faucet")
                try await browser.checkPage("job-new")
                try await browser.fill("#j-included", with: "replace the kitchen faucet\nnew shut-off valve")
                try await browser.fill("#j-excluded", with: "tiling")
                try await browser.fill("#j-price", with: "480")
                try await browser.fill("#j-days", with: "1")
                try await browser.fill("#j-next", with: "I order the faucet")
                try await browser.click(browser.find(#"form[action="/jobs/new"] button[type="submit"]"#))
                try await browser.waitUntil("the job shows") { try await browser.currentURL().contains("done=created") }
                #expect(try await browser.text(of: browser.find(#"section[aria-labelledby="summary-heading"] pre"#)).contains("Cost: $480 in total"))
                #expect(try await browser.findAll(#"section[aria-labelledby="terms-heading"] ul:first-of-type li"#).count == 2)
                try await browser.checkPage("job")

                // The summary leaves now; the page gives the customer's agreement link.
                try await browser.click(browser.find(#"form[action$="/summary"] input[name="send_now"]"#))
                try await browser.click(browser.find(#"form[action$="/summary"] button"#))
                try await browser.waitUntil("the summary is in the outbox") { try await browser.currentURL().contains("done=summary") }
                let jobPage = try await browser.currentURL().split(separator: "?").first.map(String.init) ?? ""
                let agreement = try #require(try await browser.attribute("href", of: browser.find(#"a[href*="/agree/"]"#)))

                // Dana, without the owner's cookies, agrees.
                try await browser.deleteAllCookies()
                try await browser.go(agreement)
                #expect(try await browser.text(of: browser.find("h1")) == "Dripping faucet")
                try await browser.checkPage("agree")
                try await browser.click(browser.find(#"form[action^="/agree/"] button"#))
                try await browser.waitUntil("the agreement is recorded") { try await !browser.findAll(".notice").isEmpty }
                #expect(try await browser.text(of: browser.find(".notice")).hasPrefix("You agreed to this on"))
                try await browser.checkPage("agreed")

                // The owner sees it agreed and drafts a change order for the water heater.
                try await signIn(then: jobPage)
                #expect(try await browser.text(of: browser.find(".lead")).contains("The job is agreed."))
                try await browser.click(browser.find(xpath: #"//summary[text()="A new change order"]"#))
                try await browser.fill("#c-item", with: "water heater install")
                try await browser.fill("#c-price", with: "1,450")
                try await browser.fill("#c-days", with: "1")
                try await browser.click(browser.find(#"form[action$="/changes"] button"#))
                try await browser.waitUntil("the change order shows") { try await browser.currentURL().contains("done=drafted") }
                #expect((try await browser.property("value", of: browser.find("#o-message")) as? String)?
                    .contains("an additional $1,450 (it adds 1 working day to the time frame)") == true)
                try await browser.checkPage("change-order")
                try await browser.click(browser.find(#"form[action$="/send"] input[name="send_now"]"#))
                try await browser.click(browser.find(#"form[action$="/send"] button"#))
                try await browser.waitUntil("the change order is sent") { try await browser.currentURL().contains("done=sent") }
                let change = try #require(try await browser.attribute("href", of: browser.find(#"a[href*="/change/"]"#)))

                // Dana accepts it.
                try await browser.deleteAllCookies()
                try await browser.go(change)
                #expect(try await browser.text(of: browser.find("h1")) == "A change to Dripping faucet")
                try await browser.checkPage("change")
                try await browser.click(browser.find(#"button[value="accept"]"#))
                try await browser.waitUntil("the answer is recorded") { try await !browser.findAll(".notice").isEmpty }
                #expect(try await browser.text(of: browser.find(".notice")).hasPrefix("You accepted this change on"))
                #expect(try await browser.findAll(#"button[value="accept"]"#).isEmpty)
                try await browser.checkPage("change-accepted")

                try await signIn(then: jobPage)
                let terms = try await browser.text(of: browser.find(#"section[aria-labelledby="terms-heading"]"#))
                #expect(terms.contains("water heater install added by a change order"))
                #expect(terms.contains("$1,930 in total ($480 as first agreed, plus $1,450 for the agreed changes)"))
            }
            #expect(desk.stop() == 0)
        }
    }

    private static func page(_ html: String) -> String {
        "data:text/html;charset=utf-8;base64," + Data(html.utf8).base64EncodedString()
    }

    /// A page with one of each problem the check looks for, beside things that are fine.
    static let badPage = """
        <!doctype html>
        <html><head><title>Deliberately bad</title></head><body>
        <h1>First title</h1>
        <h1>Second title</h1>
        <h3>Skipped a level</h3>
        <p style="color: #aaaaaa">Light grey text</p>
        <p style="color: #777777">Just too light</p>
        <p style="color: #767676">Just dark enough</p>
        <div style="background: #333333"><p style="color: #555555">Dark on dark</p></div>
        <p style="color: #949494; font-size: 24px">Large enough</p>
        <p style="color: #949494; font-size: 18px; font-weight: 700">Bold, but not large</p>
        <p style="color: #949494; font-size: 19px; font-weight: 700">Large and bold</p>
        <p style="color: oklch(0.8 0 0)">Light grey in oklch</p>
        <p hidden style="color: #eeeeee">Hidden</p>
        <input id="email" type="email">
        <label>Your name <input id="name"></label>
        <input id="search" aria-label="Search">
        <input type="hidden" name="token" value="x">
        <select id="plan"><option>Care</option></select>
        <a href="/next"><img src="arrow.png"></a>
        <img src="line.png" alt="">
        <span aria-hidden="true"><img src="decoration.png"></span>
        <button class="icon"></button>
        <button tabindex="3">Later</button>
        <label for="code">Code</label><input id="code" tabindex="-1">
        <div style="width: 2000px">Too wide</div>
        <div style="height: 3000px">Filters, before the list</div>
        <section id="results" data-leads>The list the page is for</section>
        </body></html>
        """

    /// A small page with nothing wrong.
    static let soundPage = """
        <!doctype html>
        <html lang="en"><head><title>Sound</title></head><body>
        <h1>Sound</h1>
        <h2>A section</h2>
        <p style="color: #595959">Grey, but dark enough.</p>
        <div style="background: rgba(0, 0, 0, 0.75)"><p style="color: #ffffff">White on a see-through dark layer.</p></div>
        <form><label for="a">Email</label><input id="a" type="email" value="ana@example.com"><button>Send</button></form>
        <a href="/more">More</a>
        <section id="results" data-leads>The list the page is for, on the first screen</section>
        </body></html>
        """
}
