import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import Testing

extension BrowserTests {
    /// A business open all day, every day, in a zone where it is around midday now, so that the
    /// first free times are today whenever the test runs; calls may be booked at once and moved
    /// until a minute before.
    static func bookingPolicy(now: Date) -> (yaml: String, zone: String) {
        let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now).hour ?? 12
        let offset = 12 - hour
        // Etc/GMT-3 is three hours ahead of UTC: the sign is the other way round.
        let zone = offset == 0 ? "Etc/GMT" : "Etc/GMT\(offset > 0 ? "-" : "+")\(abs(offset))"
        return ("""
            business:
              name: Rivera Plumbing
              owner: Rosa Rivera
              email: office@rivera.example
              timezone: \(zone)
            hours:
              mon-sun: 00:00-23:45
            plans:
              - {id: standard, name: Standard, default: true}
            booking:
              cancellation_notice: 1m
              reminders: none
              in_acknowledgement: true
              kinds:
                - id: call
                  name: 20-minute call
                  length: 20m
                  notice: 0m
                  agenda_question: What would you like us to cover?
            """, zone)
    }

    /// The mail the test server received, read, those whose subject starts with `prefix`.
    static func mails(_ server: SMTPTestServer, subject prefix: String) throws -> [ParsedMail] {
        try server.received().compactMap { try? MailReader.read($0.data) }.filter { $0.subject?.hasPrefix(prefix) == true }
    }

    @Test("""
        a customer writes in, books a call from the link in her acknowledgement at phone width, receives the invitation at \
        the mail server and moves the call from the link in it; the owner sees it on Today and starts the session with her \
        agenda filled in
        """)
    func bookFromTheAcknowledgement() async throws {
        guard try BrowserInstallation.forTests() != nil else { return }
        try await TestDatabase.withLocation(.sqlite) { location in
            try await SMTPTestServer.with { smtp in
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-book-\(NewID.make())")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                let keyFile = folder.appendingPathComponent("server.key").path
                let now = Instant(secondsSince1970: Int64(Date().timeIntervalSince1970))
                let policy = Self.bookingPolicy(now: Date())
                let database = try await Database.open(location, connectTimeout: .seconds(120))
                try await database.migrate(now: now)
                _ = try await OutboxCommandTests.workspace(database, server: smtp, keyFile: keyFile, policy: policy.yaml, now: now)
                await database.close()
                // Rosa's account, as an operator adds it.
                let added = try GatehouseProcess.run(["user", "add", "rosa@rivera.example", "--workspace", "rivera", "--role", "owner",
                                                      "--name", "Rosa Rivera", "--database", location.url],
                                                     input: "correct horse battery\n")
                #expect(added.status == 0, "\(added.errors)")

                let port = try FreePort.pick()
                let site = "http://127.0.0.1:\(port)"
                let desk = try ServerProcess(database: location, port: port, arguments: ["--public-url", site, "--key-file", keyFile])
                defer { _ = desk.stop() }
                try await withBrowser(width: ScreenSize.phone.width, height: ScreenSize.phone.height) { browser in
                    func phone() async throws { try await browser.setViewportSize(width: ScreenSize.phone.width, height: ScreenSize.phone.height) }
                    // Ana writes in through the contact form.
                    try await browser.go(site + "/w/rivera/contact")
                    try await browser.fill("#name", with: "Ana Costa")
                    try await browser.fill("#email", with: "ana@example.com")
                    try await browser.fill("#subject", with: "Noisy pipes")
                    try await browser.fill("#message", with: "The pipes bang when the heating starts. Can we talk it through?")
                    try await browser.click(browser.find(#"form[action="/w/rivera/contact"] button[type="submit"]"#))
                    try await browser.waitUntil("the thank-you page shows") { try await browser.title().hasPrefix("Thank you") }

                    // Her acknowledgement arrives with a link to book that knows her.
                    var acknowledgement: ParsedMail?
                    try await browser.waitUntil("the acknowledgement arrives") {
                        acknowledgement = try Self.mails(smtp, subject: "Re: Noisy pipes").first
                        return acknowledgement != nil
                    }
                    let text = try #require(acknowledgement).textBody
                    let bookLink = try #require(text.firstMatch(of: /(http:\/\/127\.0\.0\.1:\d+\/w\/rivera\/book\?for=[A-Za-z0-9_-]+)/)?.1,
                                                "\(text)")
                    try await browser.go(String(bookLink))
                    #expect(try await browser.text(of: browser.find(".notice")).contains("Booking as Ana Costa"))
                    try await browser.checkPage("book-known")
                    try await phone()
                    try await browser.click(browser.find(#"a[href^="/w/rivera/book/call?for="]"#))
                    try await browser.waitUntil("the free times show") { try await !browser.findAll("label.slot").isEmpty }
                    #expect(try await browser.property("value", of: browser.find("#name")) as? String == "Ana Costa")
                    #expect(try await browser.property("value", of: browser.find("#email")) as? String == "ana@example.com")
                    if policy.zone != "Etc/GMT" {
                        // The browser's zone is not the business's: each time is shown in both.
                        try await browser.waitUntil("the visitor's own times show") {
                            try await browser.text(of: browser.find("label.slot")).contains("yours")
                        }
                    }
                    try await browser.checkPage("book-call-known")
                    try await phone()
                    let slots = try await browser.findAll(#"label.slot input[name="start"]"#)
                    #expect(slots.count >= 4)
                    try await browser.click(slots[1])
                    try await browser.fill("#agenda", with: "Banging pipes when the heating starts")
                    try await browser.click(browser.find(#"form[action="/w/rivera/book/call"] button[type="submit"]"#))
                    try await browser.waitUntil("the call is booked") { try await browser.text(of: browser.find("h1")) == "Booked, Ana" }
                    try await browser.checkPage("booked-known")
                    try await phone()

                    // The confirmation arrives with its invitation, and the link to move it.
                    var confirmation: ParsedMail?
                    try await browser.waitUntil("the confirmation arrives") {
                        confirmation = try Self.mails(smtp, subject: "Booked: 20-minute call").first
                        return confirmation != nil
                    }
                    let booked = try #require(confirmation)
                    #expect(booked.to.first?.address == "ana@example.com")
                    let invite = try #require(booked.attachments.first { $0.contentType == "text/calendar" })
                    let ics = String(decoding: invite.data, as: UTF8.self)
                    #expect(ics.contains("METHOD:REQUEST") && ics.contains("SEQUENCE:0") && ics.contains("ORGANIZER;CN=\"Rosa Rivera\""))
                    let uid = try #require(ics.split(separator: "\r\n").first { $0.hasPrefix("UID:") })
                    let manage = try #require(booked.textBody.firstMatch(of: /(http:\/\/127\.0\.0\.1:\d+\/w\/rivera\/booking\/gh_[A-Za-z0-9_-]+)/)?.1)
                    try await browser.waitUntil("Rosa is told of the booking") {
                        try !Self.mails(smtp, subject: "New booking: 20-minute call with Ana Costa").isEmpty
                    }

                    // She moves it from that link to a later time.
                    try await browser.go(String(manage))
                    #expect(try await browser.text(of: browser.find("h1")) == "Your 20-minute call with Rivera Plumbing")
                    try await browser.checkPage("booking-manage")
                    try await phone()
                    let later = try await browser.findAll(#"form[action$="/move"] input[name="start"]"#)
                    try #require(later.count >= 4)
                    try await browser.click(later[3])
                    try await browser.click(browser.find(#"form[action$="/move"] button[type="submit"]"#))
                    try await browser.waitUntil("the call is moved") { try await browser.currentURL().contains("done=moved") }
                    #expect(try await browser.text(of: browser.find(".notice")).hasPrefix("Moved."))
                    try await browser.checkPage("booking-moved")
                    var moved: ParsedMail?
                    try await browser.waitUntil("the new invitation arrives") {
                        moved = try Self.mails(smtp, subject: "Moved: 20-minute call").first
                        return moved != nil
                    }
                    let newInvite = try #require(moved?.attachments.first { $0.contentType == "text/calendar" })
                    let newICS = String(decoding: newInvite.data, as: UTF8.self)
                    #expect(newICS.contains("SEQUENCE:1") && newICS.contains(String(uid)), "the same event, updated")

                    // Rosa signs in: Today shows the call; she starts it from Appointments, with Ana's agenda.
                    try await browser.deleteAllCookies()
                    try await browser.go(site + "/today")
                    try await browser.waitUntil("the sign-in page shows") { try await browser.currentURL().hasPrefix(site + "/signin") }
                    try await browser.fill("#email", with: "rosa@rivera.example")
                    try await browser.fill("#password", with: "correct horse battery")
                    try await browser.click(browser.find(#"form[action="/signin"] button"#))
                    try await browser.waitUntil("Today shows") { try await browser.currentURL() == site + "/today" }
                    #expect(try await browser.source().contains("20-minute call with Ana Costa"))
                    try await browser.checkPage("today-booked")
                    try await browser.go(site + "/appointments")
                    #expect(try await browser.source().contains("booked by the customer"))
                    try await browser.checkPage("appointments-booked")
                    try await browser.click(browser.find(#"form[action="/sessions"] input[name="appointment_id"] ~ button"#))
                    try await browser.waitUntil("the session shows") { try await browser.currentURL().contains("/sessions/") }
                    #expect(try await browser.source().contains("Banging pipes when the heating starts"))
                    try await browser.checkPage("session-booked")
                }
                #expect(desk.stop() == 0)
            }
        }
    }
}
