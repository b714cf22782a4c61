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

@Suite("The booking page: customers book a call or a visit in the owner's free time")
struct BookingPageTests {
    static let policy = TestPolicies.booking(callNotice: "2h", visitNotice: "4h")

    /// The radio values (ISO 8601 starts) offered on a kind's page, in order.
    static func offered(_ html: String) -> [String] {
        html.matches(of: /name="start" value="([^"]+)"/).map { String($0.1) }
    }

    @Test("the kinds are listed with what they are; a kind's page offers free times by day with a short form; booking one shows it booked, keeps it in the owner's calendar and offers it to no one else")
    func bookACall() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database, policyYAML: Self.policy)
            try await intakeApplication(database).test(.router) { client in
                let list = String(buffer: try await client.execute(uri: "/w/rivera/book", method: .get).body)
                #expect(list.contains(#"<a href="/w/rivera/book/call"><strong>20-minute call</strong></a>"#))
                #expect(list.contains("1 hour, at your address."), "\(list)")
                #expect(list.contains("<strong>Design review</strong>") && list.contains("45 minutes, by phone. Design review is part of the Care plan."))
                #expect(!list.contains(#"href="/w/rivera/book/review""#), "not a link for someone not on Care")

                var visitor = Visitor(client: client, path: "/w/rivera/book/call")
                let opened = try await visitor.open()
                #expect(opened.html.contains("Times are Chicago time."))
                let starts = Self.offered(opened.html)
                let first = try #require(starts.first)
                // Four days of times a page; later days are a link away, and start after the last time shown.
                let later = try #require(opened.html.firstMatch(of: /<a href="(\/w\/rivera\/book\/call\?from=[0-9-]+)">Later days<\/a>/)?.1)
                let laterStarts = Self.offered(String(buffer: try await client.execute(uri: String(later), method: .get).body))
                #expect(!laterStarts.isEmpty && laterStarts.allSatisfy { !starts.contains($0) })
                #expect(try ISO8601.parse(try #require(laterStarts.first)) > (try ISO8601.parse(try #require(starts.last))))
                let calendar = try desk.workspace.businessCalendar()
                let firstStart = try ISO8601.parse(first)
                #expect(firstStart >= start + .hours(2), "two hours' notice")
                #expect(calendar.localTime(of: firstStart).minuteOfDay % 15 == 0, "on the quarter hour")

                let booked = try await visitor.send([("start", first), ("name", "Olga <Berg>"), ("email", "olga@example.net"),
                                                     ("phone", "+1 312 555 0199"), ("agenda", "The boiler & the tap"), ("website", "")])
                #expect(booked.status == .ok)
                let thanks = String(buffer: booked.body)
                #expect(thanks.contains("<h1>Booked, Olga</h1>"), "\(thanks)")
                #expect(thanks.contains("<strong>\(calendar.spoken(firstStart))–\(calendar.clock(firstStart + .minutes(20))) (Chicago time)</strong>"))
                #expect(thanks.contains("By phone: +1 312 555 0199") && thanks.contains("The boiler &amp; the tap"))
                let kept = try await Appointments(database: database, workspaceID: desk.workspace.id)
                    .list(from: firstStart, to: firstStart + .minutes(20))
                #expect(kept.count == 1 && kept.first?.title == "20-minute call with Olga <Berg>" && kept.first?.bookingKind == "call")

                // Offered to no one else; asked for again, it is refused and the other times are shown.
                visitor.path = "/w/rivera/book/call"
                #expect(!Self.offered(try await visitor.open().html).contains(first))
                let again = try await visitor.send([("start", first), ("name", "Tom Reed"), ("email", "tom@example.org"),
                                                    ("website", "")])
                #expect(again.status == .conflict)
                let refused = String(buffer: again.body)
                #expect(refused.contains("is no longer free for 20-minute call; choose another time."))
                #expect(refused.contains("value=\"Tom Reed\""), "their details are kept")
                #expect(!Self.offered(refused).isEmpty)
            }
        }
    }

    @Test("a visit without an address, a form without its token and a robot's form book nothing; a policy without bookable kinds says so; an unknown kind is not found")
    func refused() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database, policyYAML: Self.policy)
            _ = try await TestDesk.make(database, slug: "plain")
            try await intakeApplication(database).test(.router) { client in
                let visitor = Visitor(client: client, path: "/w/rivera/book/visit")
                let first = try #require(Self.offered(try await visitor.open().html).first)
                let noAddress = try await visitor.send([("start", first), ("name", "Ana"), ("email", "ana@example.org"), ("website", "")])
                #expect(noAddress.status == .unprocessableContent)
                #expect(String(buffer: noAddress.body).contains(#"<p class="field-error" id="address-error">Give the address where Site visit is to happen.</p>"#))

                let noToken = try await client.execute(uri: "/w/rivera/book/visit", method: .post, headers: formHeaders,
                                                       body: form([("start", first), ("name", "Ana"), ("email", "ana@example.org"),
                                                                   ("address", "1 Lake St")]))
                #expect(noToken.status == .forbidden)
                let robot = try await visitor.send([("start", first), ("name", "Ana"), ("email", "ana@example.org"),
                                                    ("address", "1 Lake St"), ("website", "http://spam.example")])
                #expect(robot.status == .ok)
                let noTime = try await visitor.send([("name", "Ana"), ("email", "ana@example.org"), ("address", "1 Lake St"),
                                                     ("website", "")])
                #expect(noTime.status == .unprocessableContent && String(buffer: noTime.body).contains("Choose one of the times below."))
                let kept = try await Appointments(database: database, workspaceID: desk.workspace.id)
                    .list(from: start, to: start + .hours(24 * 60))
                #expect(kept.isEmpty)

                // At most five forms from one address in ten minutes: the sixth books nothing and says why.
                for _ in 0..<5 {
                    _ = try await visitor.send([("start", first), ("name", "Ana"), ("email", "ana@example.org"), ("website", "")])
                }
                let flood = try await visitor.send([("start", first), ("name", "Ana"), ("email", "ana@example.org"),
                                                    ("address", "1 Lake St"), ("website", "")])
                #expect(flood.status == .tooManyRequests)
                #expect(String(buffer: flood.body).contains("this one was not booked"))
                #expect(try await Appointments(database: database, workspaceID: desk.workspace.id)
                    .list(from: start, to: start + .hours(24 * 60)).isEmpty)

                let plain = String(buffer: try await client.execute(uri: "/w/plain/book", method: .get).body)
                #expect(plain.contains("does not take bookings here"))
                // "How we work" links to the booking page where the policy offers something to book, and only there.
                #expect(String(buffer: try await client.execute(uri: "/w/rivera", method: .get).body)
                    .contains(#"<a href="/w/rivera/book">Book a call or a visit</a>"#))
                #expect(!String(buffer: try await client.execute(uri: "/w/plain", method: .get).body).contains("/w/plain/book"))
                #expect(try await client.execute(uri: "/w/rivera/book/nap", method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/w/nobody/book", method: .get).status == .notFound)
            }
        }
    }

    /// Posts `fields` to `action` from the page at `path`, with that page's form token and cookie.
    static func post(_ client: any TestClientProtocol, from path: String, to action: String,
                     _ fields: [(String, String)]) async throws -> TestResponse {
        let opened = try await Visitor(client: client, path: path).open()
        return try await client.execute(uri: action, method: .post, headers: opened.headers,
                                        body: form([("form_token", opened.token)] + fields))
    }

    @Test("the booked page links to the customer's own booking page: it moves the booking to another free time, then cancels it; a forged link finds nothing; a form without its token changes nothing")
    func moveAndCancel() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database, policyYAML: Self.policy)
            try await intakeApplication(database).test(.router) { client in
                let visitor = Visitor(client: client, path: "/w/rivera/book/call")
                let starts = Self.offered(try await visitor.open().html)
                // A time more than a day ahead: inside the 24 hours' notice it could only be cancelled, late.
                let chosen = try #require(starts.last)
                let booked = String(buffer: try await visitor.send([("start", chosen), ("name", "Olga Berg"),
                                                                    ("email", "olga@example.net"), ("website", "")]).body)
                #expect(booked.contains("We have emailed the confirmation to <strong>olga@example.net</strong>"))
                let href = try #require(booked.firstMatch(of: /href="(\/w\/rivera\/booking\/gh_[A-Za-z0-9_-]+)"/)).1
                let path = String(href)
                let calendar = try desk.workspace.businessCalendar()

                let page = try await client.execute(uri: path, method: .get)
                #expect(page.status == .ok && page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                let html = String(buffer: page.body)
                let first = try ISO8601.parse(chosen)
                #expect(html.contains("<strong>\(calendar.spoken(first))–\(calendar.clock(first + .minutes(20)))</strong>"))
                #expect(html.contains("Move it to another time") && html.contains("Cancel this booking"))
                #expect(Self.offered(html).contains(chosen), "its own time is offered too")
                let later = try #require(Self.offered(html).first { $0 != chosen })

                let noToken = try await client.execute(uri: path + "/move", method: .post, headers: formHeaders,
                                                       body: form([("start", later)]))
                #expect(noToken.status == .forbidden)
                let moved = try await Self.post(client, from: path, to: path + "/move", [("start", later)])
                #expect(moved.status == .seeOther && moved.headers[.location] == path + "?done=moved")
                let laterStart = try ISO8601.parse(later)
                let after = String(buffer: try await client.execute(uri: path + "?done=moved", method: .get).body)
                #expect(after.contains("Moved. We have emailed you the new time"))
                #expect(after.contains("<strong>\(calendar.spoken(laterStart))–"))
                let kept = try await Appointments(database: database, workspaceID: desk.workspace.id)
                    .list(from: start, to: start + .hours(24 * 60))
                #expect(kept.map(\.startsAt) == [laterStart.secondsSince1970] && kept.first?.sequence == 1)

                let cancelled = try await Self.post(client, from: path, to: path + "/cancel", [])
                #expect(cancelled.status == .seeOther)
                let gone = String(buffer: try await client.execute(uri: path + "?done=cancelled", method: .get).body)
                // Moved to the earliest time, it was inside the day's notice: cancelling it counts as late.
                #expect(gone.contains("Cancelled. We have emailed you to confirm") && gone.contains("is cancelled (late)."), "\(gone)")
                #expect(gone.contains(#"<a href="/w/rivera/book">Book another time</a>"#))
                #expect(try await Appointments(database: database, workspaceID: desk.workspace.id)
                    .list(from: start, to: start + .hours(24 * 60)).isEmpty)

                // The owner sees it cancelled late and decides what it costs.
                let cancelledOne = try #require(try await Appointments(database: database, workspaceID: desk.workspace.id)
                    .list(from: start, to: start + .hours(24 * 60), includeCancelled: true).first)
                let owner = try await OwnerSession.start(client, database)
                let day = calendar.localTime(of: Instant(secondsSince1970: cancelledOne.startsAt)).date
                let ownerPage = try await owner.get("/appointments?date=\(day)")
                #expect(ownerPage.html.contains("cancelled late") && ownerPage.html.contains("Charge for the late cancellation"))
                #expect(try await owner.post("/appointments/\(cancelledOne.id)/late-charge", [("amount", "nothing")]).status
                    == .unprocessableContent)
                #expect(try await owner.post("/appointments/\(cancelledOne.id)/late-charge", [("amount", "45")]).status == .seeOther)
                let charged = try await database.read { sql in
                    try await sql.select().column("amount_cents").from("charges").where("workspace_id", .equal, desk.workspace.id)
                        .all().map { try $0.decode(column: "amount_cents", as: Int64.self) }
                }
                #expect(charged == [4_500])

                // Changes count with bookings and messages: at most five forms from one address in ten minutes.
                // (The cancelled booking's page has no form left: the token comes from the booking page.)
                for _ in 0..<2 {
                    #expect(try await Self.post(client, from: "/w/rivera/book/call", to: path + "/cancel", []).status == .seeOther)
                }
                #expect(try await Self.post(client, from: "/w/rivera/book/call", to: path + "/cancel", []).status == .tooManyRequests)

                let forged = try await client.execute(uri: "/w/rivera/booking/gh_forgedforgedforgedforgedforgedforgedforged",
                                                      method: .get)
                #expect(forged.status == .notFound && String(buffer: forged.body).contains("We cannot find this booking"))
                #expect(try await client.execute(uri: path.replacingOccurrences(of: "/w/rivera/", with: "/w/nobody/"),
                                                 method: .get).status == .notFound)
            }
        }
    }

    @Test("Dana, on Care, writes in: her acknowledgement and her status page carry a booking link that knows her — the page books as her, offers her plan's kinds and fills in her details, and the booking is hers, not a new prospect's; a forged or another business's link is a stranger's")
    func recognisedByTheirLink() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database, policyYAML: Self.policy + "\n  in_acknowledgement: true")
            let other = try await TestDesk.make(database, slug: "other")
            let customers = Customers(database: database, workspaceID: desk.workspace.id)
            let dana = try await customers.create(CustomerDraft(name: "Dana Kowalski", planID: "care", emails: ["dana@example.org"],
                                                                phones: ["0412 555 019"]),
                                                  actor: "test", now: start)
            try await intakeApplication(database).test(.router) { client in
                #expect(try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: rawEmail()).status == .accepted)
                #expect(try await client.execute(uri: "/inbound/email", method: .post, headers: other.ingest,
                                                 body: rawEmail(messageID: "dana-other@example.org")).status == .accepted)
                let conversation = try #require(try await desk.conversations().first)
                let token = try #require(conversation.statusToken)
                let otherToken = try #require(try await other.conversations().first?.statusToken)
                let acknowledgement = try #require(try await HelpFromRepliesTests.outbound(database, desk.workspace.id,
                                                                                          conversation: conversation.id).first).text
                let link = "\(TestDesk.publicURL)/w/rivera/book?for=\(token)"
                #expect(acknowledgement.contains("you can book a time with me here: \(link)"), "\(acknowledgement)")
                #expect(String(buffer: try await client.execute(uri: "/status/\(token)", method: .get).body)
                    .contains(#"<a href="/w/rivera/book?for=\#(token)">Book a call or a visit</a>"#))

                let list = String(buffer: try await client.execute(uri: "/w/rivera/book?for=\(token)", method: .get).body)
                #expect(list.contains("Booking as <strong>Dana Kowalski, on the Care plan</strong>"))
                #expect(list.contains(#"href="/w/rivera/book/review?for=\#(token)""#), "Care may book a design review")
                let opened = try await Visitor(client: client, path: "/w/rivera/book/review?for=\(token)").open()
                #expect(opened.html.contains(#"value="Dana Kowalski""#) && opened.html.contains(#"value="dana@example.org""#))
                #expect(opened.html.contains(#"<input type="hidden" name="for" value="\#(token)">"#))
                let first = try #require(Self.offered(opened.html).first)
                let booked = try await Self.post(client, from: "/w/rivera/book/review?for=\(token)", to: "/w/rivera/book/review",
                                                 [("start", first), ("name", "Dana Kowalski"), ("email", "dana@example.org"),
                                                  ("for", token), ("website", "")])
                #expect(booked.status == .ok, "\(String(buffer: booked.body))")
                let kept = try await Appointments(database: database, workspaceID: desk.workspace.id)
                    .list(from: start, to: start + .hours(24 * 60))
                #expect(kept.count == 1 && kept.first?.customerID == dana.id && kept.first?.bookingKind == "review")
                #expect(try await customers.list(limit: 50).items.count == 1, "no new prospect")

                // A forged link, or one of another business's requests, is a stranger's: no review for them.
                for forged in ["forged-forged-forged-forged", otherToken] {
                    let page = String(buffer: try await client.execute(uri: "/w/rivera/book?for=\(forged)", method: .get).body)
                    #expect(!page.contains("Booking as") && !page.contains("/w/rivera/book/review"))
                }
            }
        }
    }

    @Test("past her plan's allowance, Dana's booking page asks before booking: the extra and its price, a box to accept it, and the first free time next month instead; accepted, it is booked")
    func askedBeforeExtra() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let policy = TestPolicies.bookingWithAllowance(callNotice: "2h", visitNotice: "4h")
            let desk = try await TestDesk.make(database, policyYAML: policy)
            let dana = try await Customers(database: database, workspaceID: desk.workspace.id)
                .create(CustomerDraft(name: "Dana Kowalski", planID: "care", emails: ["dana@example.org"]), actor: "test", now: start)
            _ = try await TimeEntries(database: database, workspaceID: desk.workspace.id)
                .add(TimeEntryDraft(customerID: dana.id, startedAt: (start - .hours(72)).secondsSince1970,
                                    endedAt: (start - .hours(72) + .minutes(110)).secondsSince1970), userID: "owner", now: start)
            try await intakeApplication(database).test(.router) { client in
                #expect(try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: rawEmail()).status == .accepted)
                let token = try #require(try await desk.conversations().first?.statusToken)
                let page = "/w/rivera/book/call?for=\(token)"
                let first = try #require(Self.offered(try await Visitor(client: client, path: page).open().html).first)
                let fields = [("start", first), ("name", "Dana Kowalski"), ("email", "dana@example.org"), ("for", token), ("website", "")]
                let asked = try await Self.post(client, from: page, to: "/w/rivera/book/call", fields)
                #expect(asked.status == .conflict)
                let html = String(buffer: asked.body)
                #expect(html.contains("so 10 minutes of this 20-minute call would be extra, at $120.00 an hour: $20.00."), "\(html)")
                #expect(html.contains(#"<input type="checkbox" name="accept_extra" value="yes" required> I accept the extra $20.00 for this booking"#))
                #expect(html.contains(#"name="start_instead" value="2026-10-01T"#) && html.contains("instead</button>"),
                        "the first free time in October")
                #expect(try await Appointments(database: database, workspaceID: desk.workspace.id)
                    .list(from: start, to: start + .hours(24 * 60)).isEmpty)
                let accepted = try await Self.post(client, from: page, to: "/w/rivera/book/call", fields + [("accept_extra", "yes")])
                #expect(accepted.status == .ok && String(buffer: accepted.body).contains("<h1>Booked, Dana</h1>"))
            }
        }
    }

    @Test("the owner sees a customer's booking marked as theirs, moves it (refused into the focus block, named), and the customer's old link stops working while the email carries a new one")
    func ownerMoves() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database, policyYAML: Self.policy)
            try await intakeApplication(database).test(.router) { client in
                let visitor = Visitor(client: client, path: "/w/rivera/book/call")
                let chosen = try #require(Self.offered(try await visitor.open().html).last)
                let booked = String(buffer: try await visitor.send([("start", chosen), ("name", "Olga Berg"),
                                                                    ("email", "olga@example.net"), ("website", "")]).body)
                let manage = String(try #require(booked.firstMatch(of: /href="(\/w\/rivera\/booking\/gh_[A-Za-z0-9_-]+)"/)).1)
                let calendar = try desk.workspace.businessCalendar()
                let start = try ISO8601.parse(chosen)
                let day = calendar.localTime(of: start).date
                let appointment = try #require(try await Appointments(database: database, workspaceID: desk.workspace.id)
                    .list(from: start, to: start + .minutes(1)).first)

                let owner = try await OwnerSession.start(client, database)
                let page = try await owner.get("/appointments?date=\(day)")
                #expect(page.html.contains("booked by the customer") && page.html.contains("Cancel it and tell them"))
                #expect(page.html.contains("This week for customers who book") && page.html.contains("held in reserve"))
                #expect(page.html.contains(#"aria-current="date""#), "the day shown is marked in the week")
                let focus = try await owner.post("/appointments/\(appointment.id)/move", [("date", "\(day)"), ("start", "09:00")])
                #expect(focus.status == .conflict && String(buffer: focus.body).contains("Not moved: "))
                let moved = try await owner.post("/appointments/\(appointment.id)/move", [("date", "\(day)"), ("start", "13:00")])
                #expect(moved.status == .seeOther)
                let after = try #require(try await Appointments(database: database, workspaceID: desk.workspace.id).get(appointment.id))
                #expect(calendar.localTime(of: Instant(secondsSince1970: after.startsAt)).minuteOfDay == 13 * 60 && after.sequence == 1)
                #expect(try await client.execute(uri: manage, method: .get).status == .notFound, "the old link no longer opens it")
                let movedMail = try await database.read { sql in
                    try await sql.select().column("text_body").from("messages").where("workspace_id", .equal, desk.workspace.id)
                        .where("subject", .like, "Moved:%").all().map { try $0.decode(column: "text_body", as: String.self) }
                }
                #expect(movedMail.count == 1 && movedMail.first?.contains("/w/rivera/booking/gh_") == true)
                #expect(movedMail.first?.contains(manage) == false)
            }
        }
    }
}
