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

/// The test clock's day (Monday 21 September 2026, 09:13 in Chicago) at a local time.
private func local(_ time: String) throws -> Instant { try ISO8601.parse("2026-09-21T\(time):00-05:00") }

@Suite("Pages and API: appointments, the calendar feed, sessions and reply time")
struct AppointmentPagesTests {
    @Test("an appointment after closing is refused naming the hours, kept with a reason, shown escaped on the day and Today, and cancelled; forged forms and other workspaces are refused",
          arguments: DatabaseBackend.allCases)
    func appointments(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let workspace = try #require(try await Workspaces(database: database).find(slug: "rivera"))
                let customer = try await Customers(database: database, workspaceID: workspace.id)
                    .create(CustomerDraft(name: "Maria <i>Lopez</i>", planID: "care"), actor: "test", now: start)
                let page = try await owner.get("/appointments")
                #expect(page.status == .ok && page.html.contains("Add an appointment"))
                #expect(page.html.contains("aria-current=\"page\">Appointments</a>"))
                #expect(page.html.contains("name=\"title\" value=\"\""), "the title field starts empty, not with the page's title")
                let fields = [("customer_id", customer.id.rawValue), ("kind", "site_visit"), ("title", ""), ("date", "2026-09-21"),
                              ("start", "17:30"), ("minutes", "30"), ("place", "12 Elm St"), ("agenda", "The <b>leak</b>")]
                #expect(try await owner.post("/appointments", fields, csrf: "forged").status == .forbidden)
                let refused = try await owner.post("/appointments", fields)
                #expect(refused.status == .conflict)
                #expect(String(buffer: refused.body).contains("it falls outside the opening hours (8:00 AM–5:00 PM)"))
                let bad = try await owner.post("/appointments", [("kind", "call"), ("date", "21/09"), ("start", "9am"), ("minutes", "0")])
                #expect(bad.status == .unprocessableContent)
                #expect(String(buffer: bad.body).contains("&#39;21/09&#39; is not a date written 2026-11-23.")
                        || String(buffer: bad.body).contains("is not a date written 2026-11-23."))
                let kept = try await owner.post("/appointments", fields + [("override_reason", "She works until 17:00")])
                #expect(kept.status == .seeOther)
                let day = try await owner.get(try #require(kept.headers[.location]))
                #expect(day.html.contains("The appointment is booked."))
                #expect(day.html.contains("Site visit with Maria &lt;i&gt;Lopez&lt;/i&gt;"))
                #expect(!day.html.contains("<i>Lopez</i>") && !day.html.contains("<b>leak</b>"))
                #expect(day.html.contains("because you said: She works until 17:00"))
                let today = try await owner.get("/today")
                #expect(today.html.contains("5:30 PM–6:00 PM"))
                #expect(today.html.contains("Site visit with Maria &lt;i&gt;Lopez"))

                let booked = try #require(try await Appointments(database: database, workspaceID: workspace.id)
                    .list(from: start - .hours(12), to: start + .hours(24)).first)
                // Another workspace's appointment is not found from here.
                let other = try await Workspaces(database: database).create(slug: "other", policyYAML: TestPolicies.plumber,
                                                                           actor: "test", now: start)
                let theirs = try await Appointments(database: database, workspaceID: other.id).book(
                    AppointmentDraft(kind: .call, title: "Their call", startsAt: booked.startsAt, endsAt: booked.endsAt),
                    check: AppointmentCheck(collisions: [], overrideReason: nil, reasons: []), actor: "x", now: start)
                #expect(try await owner.post("/appointments/\(theirs.id)/cancel", []).status == .notFound)
                #expect(try await Appointments(database: database, workspaceID: other.id).get(theirs.id)?.status == .booked)
                #expect(try await owner.post("/appointments/\(booked.id)/cancel", [], csrf: "forged").status == .forbidden)
                let cancelled = try await owner.post("/appointments/\(booked.id)/cancel", [])
                #expect(cancelled.status == .seeOther)
                #expect(try await Appointments(database: database, workspaceID: workspace.id).get(booked.id)?.status == .cancelled)
            }
        }
    }

    @Test("the calendar feed: a private link shown once, serving text/calendar with the appointments; replacing it ends the old one",
          arguments: DatabaseBackend.allCases)
    func feed(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let workspace = try #require(try await Workspaces(database: database).find(slug: "rivera"))
                _ = try await Appointments(database: database, workspaceID: workspace.id).book(
                    AppointmentDraft(kind: .call, title: "Call with Sam, about the boiler; urgent", startsAt: try local("14:00").secondsSince1970,
                                     endsAt: try local("14:30").secondsSince1970, place: "Phone", agenda: "Line one\nLine two"),
                    check: AppointmentCheck(collisions: [], overrideReason: nil, reasons: []), actor: "x", now: start)
                #expect(try await owner.post("/appointments/feed", [], csrf: "forged").status == .forbidden)
                let made = try await owner.post("/appointments/feed", [])
                let html = String(buffer: made.body)
                let link = try #require(html.range(of: "/calendar/").map { String(html[$0.lowerBound...].prefix(while: { $0 != "\"" })) })
                #expect(link.hasSuffix(".ics"))
                let feed = try await client.execute(uri: link, method: .get)
                #expect(feed.status == .ok)
                #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
                let text = String(buffer: feed.body)
                #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
                let lines = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
                #expect(lines.contains("SUMMARY:Call with Sam\\, about the boiler\\; urgent"))
                #expect(lines.contains("DTSTART:20260921T190000Z") && lines.contains("DTEND:20260921T193000Z"))
                #expect(lines.contains("DESCRIPTION:Line one\\nLine two"))
                // The page does not show the link again; a new one ends the old one.
                #expect(!(try await owner.get("/appointments")).html.contains(link))
                _ = try await owner.post("/appointments/feed", [])
                #expect(try await client.execute(uri: link, method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/calendar/gh_guess.ics", method: .get).status == .notFound)
            }
        }
    }

    @Test("a session page shows the opening line, the time box's end without JavaScript and a quiet countdown; notes are saved and ending records the time",
          arguments: DatabaseBackend.allCases)
    func session(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let workspace = try #require(try await Workspaces(database: database).find(slug: "rivera"))
                let customer = try await Customers(database: database, workspaceID: workspace.id)
                    .create(CustomerDraft(name: "Maria Lopez", planID: "care"), actor: "test", now: start)
                #expect(try await owner.post("/sessions", [("customer_id", customer.id.rawValue), ("kind", "call")], csrf: "forged").status == .forbidden)
                let started = try await owner.post("/sessions", [("customer_id", customer.id.rawValue), ("kind", "call")])
                #expect(started.status == .seeOther)
                let path = try #require(started.headers[.location])
                let page = try await owner.get(path)
                #expect(page.html.contains("I have 30 minutes set aside for this, so let&#39;s make the most of them.")
                        || page.html.contains("I have 30 minutes set aside for this, so let&apos;s make the most of them."))
                #expect(!page.html.contains("before my next appointment"))
                #expect(page.html.contains("until <strong><time>9:43 AM</time></strong>"))
                #expect(page.html.contains("data-countdown data-ends=\"\(start.secondsSince1970 + 1800)\" aria-live=\"polite\""))
                let saved = try await owner.post(path, [("agenda", "Leak"), ("notes", "Valve <script>x</script>"), ("purpose_agreed", "yes")])
                #expect(saved.status == .seeOther)
                let after = try await owner.get(path)
                #expect(after.html.contains("Valve &lt;script&gt;x&lt;/script&gt;") && !after.html.contains("<script>x"))
                #expect(after.html.contains("name=\"purpose_agreed\" value=\"yes\" checked"))
                let ended = try await owner.post(path + "/end", [])
                #expect(ended.status == .seeOther)
                let id = String(path.dropFirst("/sessions/".count))
                let session = try #require(try await WorkSessions(database: database, workspaceID: workspace.id).get(id))
                #expect(!session.isRunning)
                // The test clock stands still, so the least time an entry can have is recorded.
                #expect(try await TimeEntries(database: database, workspaceID: workspace.id)
                    .total(customerID: customer.id, from: start - .hours(1), to: start + .hours(1)) == .minutes(1))
                // One left running since early morning is closed by the desk, shown on Today, and corrected by the owner.
                let forgotten = try await TimeBoxedSessions(database: database, workspace: workspace)
                    .start(customerID: customer.id, kind: .meeting, userID: "someone", now: start - .hours(3))
                _ = try await TimeBoxedSessions(database: database, workspace: workspace).closeOverdue(now: start)
                let today = try await owner.get("/today")
                #expect(today.html.contains("Sessions to check") && today.html.contains("/sessions/\(forgotten.id)"))
                let flagged = try await owner.get("/sessions/\(forgotten.id)")
                #expect(flagged.html.contains("closed 15 minutes after its time box ran out"))
                #expect(flagged.html.contains("When did it really end?"))
                let wrong = try await owner.post("/sessions/\(forgotten.id)/correct", [("date", "2026-09-21"), ("end", "soon")])
                #expect(wrong.status == .unprocessableContent)
                let corrected = try await owner.post("/sessions/\(forgotten.id)/correct", [("date", "2026-09-21"), ("end", "06:30")])
                #expect(corrected.status == .seeOther)
                #expect(try await WorkSessions(database: database, workspaceID: workspace.id).get(forgotten.id)?.flagged == false)
                #expect(!(try await owner.get("/today")).html.contains("Sessions to check"))

                // Another workspace's owner cannot see it.
                let other = try await Workspaces(database: database).create(slug: "other", policyYAML: TestPolicies.plumber,
                                                                           actor: "test", now: start)
                let stranger = try await Customers(database: database, workspaceID: other.id)
                    .create(CustomerDraft(name: "Stranger", planID: "care"), actor: "test", now: start)
                let theirs = try await WorkSessions(database: database, workspaceID: other.id).start(
                    WorkSessionDraft(customerID: stranger.id, kind: .call, box: TimeBox(minutes: 30, setByNextAppointment: false,
                                                                                        nextAppointment: nil, reasons: []),
                                     openingLine: "Their secret line"), userID: "x", now: start)
                let peek = try await owner.get("/sessions/\(theirs.id)")
                #expect(peek.status == .notFound && !peek.html.contains("Their secret line"))
                #expect(try await owner.post("/sessions/\(theirs.id)/end", []).status == .notFound)
                #expect(try await WorkSessions(database: database, workspaceID: other.id).get(theirs.id)?.isRunning == true)
                #expect(try await owner.post("/sessions", [("customer_id", stranger.id.rawValue), ("kind", "call")]).status == .notFound)
            }
        }
    }

    @Test("a reply sent from the composer records the time since the composer was shown; when that time is already taken the reply still goes and says so", arguments: DatabaseBackend.allCases)
    func replyTime(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let ids = try await OwnerPagesTests.seed(client, desk)
                let owner = try await OwnerSession.start(client, database)
                let page = try await owner.get("/conversations/\(ids.faucet)")
                #expect(hiddenField(page.html, "composer_shown_at") == "\(start.secondsSince1970)")
                let sent = try await owner.post("/conversations/\(ids.faucet)/reply",
                                                [("text", "Tuesday at nine?"), ("composer_shown_at", "\(start.secondsSince1970 - 600)")])
                #expect(sent.status == .seeOther)
                let after = try await owner.get(try #require(sent.headers[.location]))
                #expect(after.html.contains("10 minutes of writing is recorded for the customer."))
                let conversation = try #require(try await Conversations(database: database, workspaceID: desk.workspace.id).find(ids.faucet))
                let entries = TimeEntries(database: database, workspaceID: desk.workspace.id)
                #expect(try await entries.total(customerID: conversation.customerID, from: start - .hours(2), to: start + .hours(1))
                        == .minutes(10))
                // A second reply whose composer time is all taken is still sent; the time is skipped and said so.
                let again = try await owner.post("/conversations/\(ids.faucet)/reply",
                                                 [("text", "Or Wednesday?"), ("composer_shown_at", "\(start.secondsSince1970 - 20_000)")])
                #expect(again.status == .seeOther)
                let said = try await owner.get(try #require(again.headers[.location]))
                #expect(said.html.contains("No time was recorded for it: time is already recorded up to when the reply was sent."))
                #expect(said.html.contains("Or Wednesday?"))
            }
        }
    }

    @Test("API: appointments by range, a collision is 409 naming it, an override is kept, cancel; sessions start, save notes and end",
          arguments: DatabaseBackend.allCases)
    func api(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let fixture = try await TestDesk.make(database, policyYAML: policyYAML)
            let customer = try await Customers(database: database, workspaceID: fixture.workspace.id)
                .create(CustomerDraft(name: "Maria Lopez", planID: "care"), actor: "test", now: start)
            try await application(database).test(.router) { client in
                func call(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil) async throws -> TestResponse {
                    try await client.execute(uri: uri, method: method, headers: fixture.api, body: body.map { ByteBuffer(string: $0) })
                }
                let late = #"{"customer_id": "\#(customer.id)", "kind": "call", "start": "2026-09-21T17:30:00-05:00", "minutes": 30}"#
                let refused = try await call(.post, "/api/v1/appointments", late)
                #expect(refused.status == .conflict)
                #expect(try errorField(refused.body).code == "collides")
                #expect(try errorField(refused.body).message?.hasPrefix("it falls outside the opening hours (8:00 AM–5:00 PM)") == true)
                let unknown = try await call(.post, "/api/v1/appointments", #"{"start": "2026-09-21T14:00:00-05:00", "minutes": 30, "when": 1}"#)
                #expect(unknown.status == .unprocessableContent)
                #expect(try errorField(unknown.body).field == "when")
                let badStart = try await call(.post, "/api/v1/appointments", #"{"start": "tomorrow", "minutes": 30}"#)
                #expect(badStart.status == .badRequest)
                #expect(try errorField(badStart.body).field == "start")
                let created = try await call(.post, "/api/v1/appointments",
                                             #"{"customer_id": "\#(customer.id)", "kind": "call", "start": "2026-09-21T17:30:00-05:00", "minutes": 30, "override_reason": "She asked"}"#)
                #expect(created.status == .created)
                let body = try json(created.body)
                #expect(body["title"] as? String == "Call with Maria Lopez")
                #expect(body["override_reason"] as? String == "She asked")
                #expect(body["start"] as? String == "2026-09-21T22:30:00+00:00")
                let id = try #require(body["id"] as? String)
                let list = try await call(.get, "/api/v1/appointments?from=2026-09-21T00:00:00-05:00&to=2026-09-22T00:00:00-05:00")
                #expect((try json(list.body)["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
                let cancelled = try await call(.post, "/api/v1/appointments/\(id)/cancel")
                #expect(try json(cancelled.body)["status"] as? String == "cancelled")
                #expect(try await call(.post, "/api/v1/appointments/nope/cancel").status == .notFound)

                let session = try await call(.post, "/api/v1/sessions", #"{"customer_id": "\#(customer.id)", "kind": "meeting"}"#)
                #expect(session.status == .created)
                let s = try json(session.body)
                #expect(s["box_minutes"] as? Int == 30)
                #expect((s["opening_line"] as? String)?.hasPrefix("I have 30 minutes") == true)
                let sid = try #require(s["id"] as? String)
                let patched = try await call(.patch, "/api/v1/sessions/\(sid)", #"{"notes": "Valve", "next_step_agreed": true}"#)
                #expect(try json(patched.body)["notes"] as? String == "Valve")
                #expect(try json(patched.body)["next_step_agreed"] as? Bool == true)
                let ended = try await call(.post, "/api/v1/sessions/\(sid)/end")
                #expect(try json(ended.body)["ended_how"] as? String == "owner")
                #expect(try json(ended.body)["time_entry_id"] as? String == sid)
                #expect(try await call(.get, "/api/v1/sessions/nope").status == .notFound)
                let wrongCustomer = try await call(.post, "/api/v1/sessions", #"{"customer_id": "nope"}"#)
                #expect(wrongCustomer.status == .notFound)
                #expect(try errorField(wrongCustomer.body).field == "customer_id")
            }
        }
    }
}
