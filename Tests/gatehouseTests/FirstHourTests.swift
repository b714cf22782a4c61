import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import Testing

/// A new owner's first hour, on a real `gatehouse serve`, in a real browser, with mail going to
/// a real SMTP server. The desk's clock is moved (GATEHOUSE_CLOCK_START) so that one test can
/// live a Friday morning, the Tuesday after it, and that Tuesday's 10:30 window.
@Suite("A new owner's first hour")
struct FirstHourTests {
    /// What belongs to the plumber example's business: none of it may reach Novak's desk.
    static let rivera = ["Rivera", "rivera.example", "312 555 0142", "Lakeside", "lakeside.example", "Thanksgiving",
                         "Chicago", "New Year's Day"]

    /// A calendar of holidays as a city's website offers it.
    static let holidays = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//New York//Holidays//EN\r
        BEGIN:VEVENT\r
        UID:mlk-2027@nyc.example\r
        DTSTART;VALUE=DATE:20270118\r
        DTEND;VALUE=DATE:20270119\r
        SUMMARY:Martin Luther King Jr. Day\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    func serve(_ location: DatabaseLocation, port: Int, at moment: String) throws -> ServerProcess {
        try ServerProcess(database: location, port: port, keepingLog: true,
                          environment: ["GATEHOUSE_CLOCK_START": moment])
    }

    @Test("""
        Novak sets up with her own details (hours typed 7am-4pm, a holiday from an .ics file), sees the checklist, \
        a customer writes before mail is set up; on Tuesday she sets up sending, the lapsed acknowledgement is \
        written again with a fresh promise, a message comes in by /inbound/email, she replies, and the reply leaves \
        in the 10:30 window dated when it left; nothing of the example's business reaches her page, policy or mail
        """)
    func firstHour() async throws {
        guard try BrowserInstallation.forTests() != nil else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-first-hour-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let calendarFile = folder.appendingPathComponent("nyc-holidays.ics")
        try Self.holidays.write(to: calendarFile, atomically: true, encoding: .utf8)

        try await TestDatabase.withLocation(.sqlite) { location in
            try await SMTPTestServer.with { smtp in
                let port = try FreePort.pick()
                let site = "http://127.0.0.1:\(port)"
                try await withBrowser { browser in
                    func signedIn(_ path: String) async throws {
                        try await browser.go(site + path)
                        if try await browser.currentURL().contains("/signin") {
                            try await browser.fill("#email", with: "nina@novak-plumbing.example")
                            try await browser.fill("#password", with: "pipes and patience")
                            try await browser.click(browser.find(#"form[action="/signin"] button"#))
                            try await browser.waitUntil("signed in") { try await !browser.currentURL().contains("/signin") }
                        }
                    }

                    // Friday 27 November, 9:00 in New York: the first run.
                    let friday = try serve(location, port: port, at: "2026-11-27T09:00:00-05:00")
                    try await browser.go(try friday.setupLink())
                    try await browser.fill("#name", with: "Nina Novak")
                    try await browser.fill("#email", with: "nina@novak-plumbing.example")
                    try await browser.fill("#password", with: "pipes and patience")
                    try await browser.fill("#business", with: "Novak Plumbing")
                    try await browser.fill("#slug", with: "novak")
                    try await browser.fill("#business_email", with: "office@novak-plumbing.example")
                    try await browser.fill("#phone", with: "+1 212 555 0199")
                    try await browser.fill("#timezone", with: "America/New_York")
                    for day in ["mon", "tue", "wed", "thu", "fri"] { try await browser.fill("#hours_\(day)", with: "7am-4pm") }
                    try await browser.fill("#windows", with: "10:30, 3:30pm")
                    try await browser.type(calendarFile.path, into: browser.find("#holidays_ics"))
                    if try await browser.attribute("open", of: browser.find(#"details[data-trade="plumbing-heating"]"#)) == nil {
                        try await browser.click(browser.find(#"details[data-trade="plumbing-heating"] summary"#))
                    }
                    try await browser.click(browser.find(#"input[name="urgent_sign"][value="burst pipe"]"#))
                    try await browser.click(browser.find(#"#example option[value="plumber-chicago"]"#))
                    try await browser.checkPage("first-hour-setup")
                    try await browser.click(browser.find(#"form[action="/setup"] button[type="submit"]"#))
                    try await browser.waitUntil("the desk is ready") { try await browser.title().hasPrefix("Your desk is ready") }
                    #expect(try await browser.source().contains("1 holiday was read from your calendar file."))

                    // Today: the checklist says what is left, each step measured.
                    try await browser.click(browser.find(#"a[href="/today"]"#))
                    try await browser.waitUntil("Today shows") { try await browser.currentURL() == site + "/today" }
                    let checklist = try await browser.text(of: browser.find(".checklist"))
                    #expect(checklist.contains("Getting started"), "\(checklist)")
                    #expect(try await browser.findAll(".checklist li.done").count == 1, "only 'your details are your own' is done")
                    try await browser.checkPage("first-hour-checklist")

                    // A customer writes through the contact form; no mail can leave yet.
                    try await browser.deleteAllCookies()
                    try await browser.go(site + "/w/novak/contact")
                    try await browser.fill("#name", with: "Ben Ortiz")
                    try await browser.fill("#email", with: "ben@example.org")
                    try await browser.fill("#subject", with: "Water heater")
                    try await browser.fill("#message", with: "Our water heater bangs every morning. Could you look at it next week?")
                    try await browser.click(browser.find(#"form[action="/w/novak/contact"] button[type="submit"]"#))
                    try await browser.waitUntil("thanks") { try await browser.title().hasPrefix("Thank you") }
                    #expect(friday.stop() == 0)

                    // Tuesday 1 December, 8:20: Fridays end at 3 from now on, changed on the policy's form.
                    let tuesday = try serve(location, port: port, at: "2026-12-01T08:20:00-05:00")
                    try await signedIn("/policy")
                    #expect(try await browser.property("value", of: browser.find("#s_hours_fri")) as? String == "07:00-16:00")
                    try await browser.fill("#s_hours_fri", with: "7am-3pm")
                    try await browser.checkPage("first-hour-policy-settings")
                    try await browser.click(browser.find(#"form[action="/policy/settings"] button[type="submit"]"#))
                    try await browser.waitUntil("saved") { try await browser.currentURL().contains("saved=1") }
                    #expect(try await browser.text(of: browser.find(".notice")).hasPrefix("Saved: opening hours."))

                    // She sets up sending. What waited is shown first.
                    try await browser.go(site + "/settings/email")
                    try await browser.fill("#host", with: "127.0.0.1")
                    try await browser.click(browser.find(#"#security option[value="none"]"#))
                    try await browser.fill("#port", with: String(smtp.port))
                    try await browser.click(browser.find(#"form[action="/settings/email"] button[type="submit"]"#))
                    try await browser.waitUntil("the review shows") { try await browser.currentURL().contains("/outbox") }
                    let review = try await browser.text(of: browser.find(#"section[aria-labelledby="review-heading"]"#))
                    #expect(review.contains("Write again with a fresh promise"), "\(review)")
                    #expect(review.contains("has passed"))
                    #expect(try smtp.received().isEmpty, "nothing left before she decided")
                    try await browser.checkPage("first-hour-outbox-review")
                    try await browser.click(browser.find(#"form[action="/outbox/review"] button"#))
                    try await waitFor("the acknowledgement to arrive") { try smtp.received().count == 1 }
                    let acknowledgement = try smtp.received()[0]
                    #expect(acknowledgement.recipients == ["ben@example.org"])
                    #expect(acknowledgement.text.contains("Date: Tue, 1 Dec 2026 13:2"), "dated when it was handed over")
                    let words = try MailReader.read(acknowledgement.data).textBody
                    #expect(!words.contains("November"), "the lapsed promise never reaches Ben")
                    #expect(words.contains("you'll hear from me by Tuesday, December 1 at 11:15 AM."), "\(words)")

                    // A test email ticks "sending works".
                    try await browser.go(site + "/settings/email")
                    try await browser.fill("#to", with: "nina@novak-plumbing.example")
                    try await browser.click(browser.find(#"form[action="/settings/email/test"] button"#))
                    try await waitFor("the test email") { try smtp.received().count == 2 }

                    // A message comes in the way a mail server hands it over.
                    let token = try GatehouseProcess.run(["token", "create", "--workspace", "novak", "--scope", "ingest",
                                                          "--database", location.url])
                    #expect(token.status == 0, "\(token.errors)")
                    let mail = Data("""
                        From: Dana Kowalski <dana@example.org>\r
                        To: office@novak-plumbing.example\r
                        Subject: Dripping faucet\r
                        Message-ID: <dana-1@example.org>\r
                        Date: Tue, 1 Dec 2026 13:21:00 +0000\r
                        \r
                        The kitchen faucet drips all day. Could you come by this week?\r

                        """.utf8)
                    let answer = try await LocalHTTP.exchange("POST", port: port, path: "/inbound/email", body: mail, headers: [
                        "Authorization": "Bearer \(token.output.trimmingCharacters(in: .whitespacesAndNewlines))",
                        "Content-Type": "message/rfc822",
                    ])
                    #expect(answer.status == 202, "\(String(decoding: answer.body, as: UTF8.self))")
                    try await waitFor("Dana's acknowledgement") { try smtp.received().count == 3 }

                    // She answers it: the reply waits for the 10:30 window.
                    try await signedIn("/inbox")
                    try await browser.click(browser.find(xpath: "//a[contains(@class,'subject') and contains(., 'Dripping faucet')]"))
                    try await browser.waitUntil("the conversation") { try await browser.currentURL().contains("/conversations/") }
                    #expect(try await browser.text(of: browser.find("#reply-heading + .notice")).contains("10:30 AM"))
                    try await browser.fill("#reply-text", with: "Hi Dana, I can come on Thursday at 8:00 to fix the faucet. Nina")
                    try await browser.click(browser.find(#"form[action$="/reply"] button[type="submit"]"#))
                    try await browser.waitUntil("the reply waits") { try await browser.currentURL().contains("done=reply") }
                    #expect(tuesday.stop() == 0)
                    #expect(try smtp.received().count == 3, "the reply has not left before its window")

                    // 10:29:45: the desk runs on into the window, and the reply leaves, dated when it left.
                    let window = try serve(location, port: port, at: "2026-12-01T10:29:45-05:00")
                    try await waitFor("the reply in its window", seconds: 90) { try smtp.received().count == 4 }
                    let reply = try smtp.received()[3]
                    #expect(reply.recipients == ["dana@example.org"])
                    #expect(try MailReader.read(reply.data).textBody.contains("Hi Dana, I can come on Thursday"))
                    #expect(reply.text.contains("Date: Tue, 1 Dec 2026 15:30:"), "dated when it left, not when it was written")
                    // Dana's status page, from the link in her acknowledgement, says she was answered in time.
                    let danasAcknowledgement = try MailReader.read(smtp.received()[2].data).textBody
                    let statusPath = try #require(danasAcknowledgement.range(of: "/status/").map { range in
                        "/status/" + danasAcknowledgement[range.upperBound...].prefix { $0.isLetter || $0.isNumber }
                    })
                    let status = String(decoding: try await LocalHTTP.exchange("GET", port: port, path: statusPath).body, as: UTF8.self)
                    #expect(status.contains("Novak Plumbing answered on Tuesday, December 1 at 10:30 AM, as promised."), "\(status)")
                    #expect(status.contains("Hi Dana, I can come on Thursday"), "the reply that left is shown")
                    #expect(status.contains("Novak Plumbing confirmed that your message arrived"))
                    #expect(!status.contains("You can see where your request stands"), "the acknowledgement is not shown with a link to this very page")

                    // Nothing of the example's business anywhere.
                    let publicText = String(decoding: try await LocalHTTP.exchange("GET", port: port, path: "/w/novak").body, as: UTF8.self)
                    #expect(publicText.contains("Novak Plumbing"))
                    for text in Self.rivera {
                        #expect(!publicText.contains(text), "/w/novak shows the example's '\(text)'")
                        for mail in try smtp.received() { #expect(!mail.text.contains(text), "an email carries the example's '\(text)'") }
                    }
                    #expect(window.stop() == 0)
                }
                let database = try await Database.open(location, connectTimeout: .seconds(120))
                let workspace = try #require(try await Workspaces(database: database).find(slug: "novak"))
                await database.close()
                #expect(workspace.policyYAML.contains("2027-01-18: \"Martin Luther King Jr. Day\""))
                #expect(workspace.policyYAML.contains("mon-thu: 07:00-16:00\n  fri: 07:00-15:00"), "\(workspace.policyYAML)")
                for text in Self.rivera { #expect(!workspace.policyYAML.contains(text), "the policy carries the example's '\(text)'") }
            }
        }
    }

    /// Waits (polling) until `condition` holds, or fails after `seconds`.
    func waitFor(_ what: String, seconds: TimeInterval = 20, _ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("waited \(Int(seconds)) s for \(what)")
        throw CancellationError()
    }
}
