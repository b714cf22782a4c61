import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import Testing

/// A real emergency, end to end, on a real `gatehouse serve --demo`, in two real browsers (the
/// owner's and a stranger's), with the push going to a receiver of ntfy's publish API.
@Suite("An emergency, as the owner and the customer live it")
struct EmergencyBrowserTests {
    @Test("""
        the owner sends alerts to her phone; a stranger writes 'my basement is flooding, burst pipe' on the contact \
        form; the push arrives at once with its link; the owner's Today shows it without a reload; she taps \
        I've got it; the stranger's status page says help is on the way
        """)
    func emergency() async throws {
        guard try BrowserInstallation.forTests() != nil else { return }
        let ntfy = try NtfyTestServer()
        defer { ntfy.stop() }
        try await TestDatabase.withLocation(.sqlite) { location in
            let port = try FreePort.pick()
            let site = "http://127.0.0.1:\(port)"
            let desk = try ServerProcess(database: location, port: port, arguments: ["--demo", "--public-url", site])
            defer { _ = desk.stop() }
            let announced = try #require(desk.line(containing: "Demo: sign in at"))
            let password = try #require(announced.firstMatch(of: /with the password (\S+)/).map { String($0.1) })

            try await withBrowser { owner in
                try await owner.go(site + "/signin")
                try await owner.fill("#email", with: "owner@rivera.example")
                try await owner.fill("#password", with: password)
                try await owner.click(owner.find(#"form[action="/signin"] button"#))
                try await owner.waitUntil("Today shows") { try await owner.currentURL() == site + "/today" }

                // Where alerts go: her own address and her phone, with a test push.
                try await owner.go(site + "/settings/alerts")
                try await owner.fill("#email", with: "alex@phone.example")
                try await owner.fill("#ntfy_server", with: ntfy.address)
                try await owner.fill("#ntfy_topic", with: "rivera-alerts-7k2q9x")
                try await owner.click(owner.find(#"button[value="test"]"#))
                try await owner.waitUntil("the test push is reported") { try await !owner.findAll(".notice").isEmpty }
                #expect(try await owner.text(of: owner.find(".notice")).contains("a test push was sent"))
                #expect(try await ntfy.waitForPushes(1).first?.title == "Test from Gatehouse")
                try await owner.checkPage("alert-settings")

                // Today is open on her screen; the page must not reload to show what comes.
                try await owner.go(site + "/today")
                let before = try await owner.text(of: owner.find("#urgent-heading"))
                _ = try await owner.execute("window.stayedOpen = true; return true")

                var statusLink = ""
                var sentAt = Date()
                try await withBrowser(width: 390, height: 844) { stranger in
                    try await stranger.go(site + "/w/demo/contact")
                    try await stranger.fill("#name", with: "Maya Ortiz")
                    try await stranger.fill("#email", with: "maya@example.net")
                    try await stranger.fill("#subject", with: "Basement")
                    try await stranger.fill("#message", with: "Help, my basement is flooding, burst pipe under the stairs!")
                    sentAt = Date()
                    try await stranger.click(stranger.find(#"form[action="/w/demo/contact"] button[type="submit"]"#))
                    try await stranger.waitUntil("the thank-you page shows") { try await stranger.title().hasPrefix("Thank you") }
                    #expect(try await stranger.text(of: stranger.find(".notice")).contains("has been alerted"))
                    try await stranger.checkPage("contact-thanks-urgent")
                    statusLink = try #require(try await stranger.attribute("href", of: stranger.find(#"a[href*="/status/"]"#)))
                }

                // The push reaches the phone promptly, urgent, with the link to tap: sent as the
                // message came in, not at the delivery loop's next round (every 15 seconds). The
                // product's figure, 2 seconds from the message to the phone, is measured on a quiet
                // machine by Benchmarks/alerts/run.sh; here the browser, the desk and the push
                // server share two cores with the rest of the test run (1.3 s seen in a full run,
                // 0.2 s alone), and the time includes the browser's own part, so the test allows 5.
                let arrived = try #require(try await ntfy.waitForPushes(2, seconds: 20).first { $0.title?.hasPrefix("Urgent:") == true },
                                           "no push arrived")
                let took = arrived.receivedAt - sentAt.timeIntervalSince1970
                print("emergency push: arrived \(String(format: "%.2f", took)) s after Send was pressed")
                #expect(took < 5, "the push took \(took) seconds from the press of Send")
                #expect(arrived.title == "Urgent: Basement (Maya Ortiz)")
                #expect(arrived.priority == 5)
                let link = try #require(arrived.click)
                #expect(link.hasPrefix(site + "/alerts/"))

                // Her Today updated itself: one more urgent, the news said, no reload.
                try await owner.waitUntil("Today shows the new urgent message", timeLimit: 15) {
                    try await owner.text(of: owner.find("#urgent-heading")) != before
                }
                #expect(try await owner.text(of: owner.find("#live-urgent")).contains("Basement"))
                #expect(try await owner.text(of: owner.find("[data-live-news]")).contains("Something urgent just arrived"))
                #expect(try await owner.execute("return window.stayedOpen === true", as: Bool.self), "the page was reloaded")
                try await owner.checkPage("today-live")

                // She taps the link on her phone and then "I've got it".
                try await owner.setViewportSize(width: 390, height: 844)
                try await owner.go(link)
                #expect(try await owner.text(of: owner.find("h1")) == "Urgent: Basement")
                try await owner.checkPage("alert")
                try await owner.click(owner.find(#"form[method="post"] button"#))
                try await owner.waitUntil("the alert is acknowledged") {
                    try await owner.text(of: owner.find("main")).contains("status page says you are on it")
                }
                try await owner.setViewportSize(width: 1280, height: 900)

                // The stranger's status page: help is on the way.
                try await withBrowser(width: 390, height: 844) { stranger in
                    try await stranger.go(statusLink)
                    let state = try await stranger.text(of: stranger.find("[role=status]"))
                    #expect(state.hasPrefix("Rivera Plumbing & Heating has seen your message and is on it."), "\(state)")
                    #expect(try await stranger.attribute("href", of: stranger.find(#".urgent a[href^="tel:"]"#)) != nil)
                    try await stranger.checkPage("status-urgent")
                }
            }
        }
    }
}
