import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import SQLKit
import Testing

@Suite("After booking: the confirmation with its invitation, the link to move or cancel, reminders, and the owner told")
struct BookingMailTests {
    static let policy = TestPolicies.booking().replacingOccurrences(of: "  name: Rivera Plumbing\n", with: """
          name: Rivera Plumbing
          owner: Dana Rivera
          email: office@rivera.example

        """) + """

          cancellation_notice: 24h
          reminders: [24h, 1h]
        """
    /// Friday 20 November 2026, noon in Chicago.
    static let friday = Instant(secondsSince1970: 1_795_197_600)
    static func at(_ text: String) throws -> Instant { try ISO8601.parse(text) }

    /// One email the desk queued, as it will leave.
    struct Sent {
        var key: String
        var state: QueuedTask.State
        var runAt: Instant
        var to: String
        var mail: ParsedMail
        var invitation: String? {
            mail.attachments.first { $0.contentType.hasPrefix("text/calendar") }.map { String(decoding: $0.data, as: UTF8.self) }
        }
    }

    static func sent(_ desk: TestDesk) async throws -> [Sent] {
        var all: [Sent] = []
        for task in try await TaskQueue(database: desk.database).recent(workspaceID: desk.workspace.id, kind: Outbox.kind,
                                                                         limit: 100) {
            let payload = try #require(OutboundPayload(task: task))
            let raw = try await desk.database.read { sql in
                try await sql.select().column("raw").from("message_sources").where("message_id", .equal, payload.messageID)
                    .first(decoding: RawRow.self)
            }
            let mail = try MailReader.read(try #require(raw).raw)
            all.append(Sent(key: task.idempotencyKey, state: task.state, runAt: Instant(secondsSince1970: task.runAt),
                            to: mail.to.first?.address ?? "", mail: mail))
        }
        return all
    }

    struct RawRow: Decodable { var raw: Data }

    static func link(in text: String) -> String? {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init).first { $0.contains("/booking/gh_") }
    }

    @Test("Maria books a visit, moves it with the link in her confirmation, then cancels late: each time one email with the invitation (one UID, the sequence rising, CANCEL at the end), reminders the day and the hour before that follow the booking, and Dana told of each",
          arguments: DatabaseBackend.allCases)
    func bookMoveCancel(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database, policyYAML: Self.policy, at: Self.friday)
            let bookings = desk.workspaceDesk.customerBookings
            let monday = try Self.at("2026-11-23T13:30:00-06:00")
            let booked = try await bookings.book(kindID: "visit", start: monday,
                                                 details: .init(name: "Maria Lopez", email: "maria@example.org",
                                                                address: "12 Lake Street", agenda: "The boiler knocks"),
                                                 customer: nil, now: Self.friday)

            var sent = try await Self.sent(desk)
            let confirmation = try #require(sent.first { $0.key.hasSuffix(":booked") })
            #expect(confirmation.to == "maria@example.org" && confirmation.runAt == Self.friday)
            #expect(confirmation.mail.subject == "Booked: Site visit, Monday, November 23, 1:30 PM–2:30 PM")
            let text = confirmation.mail.textBody
            #expect(text.contains("You're booked: Site visit, Monday, November 23, 1:30 PM–2:30 PM, at 12 Lake Street."), "\(text)")
            #expect(text.contains("We have 1 hour"))
            #expect(text.contains("until Sunday, November 22 at 1:30 PM"), "the day before, by the 24 hours' notice: \(text)")
            let link = try #require(Self.link(in: text))
            #expect(link == TestDesk.publicURL + "/w/rivera/booking/" + booked.manageToken)
            #expect(text.hasSuffix("Dana Rivera\nRivera Plumbing") || text.contains("Dana Rivera"))
            let invite = try #require(confirmation.invitation)
            #expect(invite.contains("METHOD:REQUEST") && invite.contains("SEQUENCE:0"))
            #expect(confirmation.mail.attachments.first?.contentType == "text/calendar")
            let uid = try #require(invite.split(separator: "\r\n").first { $0.hasPrefix("UID:") })
            // The day before and the hour before, each at its time.
            let reminders = sent.filter { $0.key.hasPrefix("booking-reminder:") && $0.state == .queued }
            let remindAt = reminders.map { $0.runAt.secondsSince1970 }.sorted()
            #expect(remindAt == [(monday - .hours(24)).secondsSince1970, (monday - .hours(1)).secondsSince1970])
            #expect(reminders.allSatisfy { $0.mail.subject == "Reminder: Site visit, Monday, November 23, 1:30 PM–2:30 PM"
                && $0.invitation == nil && Self.link(in: $0.mail.textBody) == link })
            let notice = try #require(sent.first { $0.key.hasPrefix("booking-notice:") })
            #expect(notice.to == "office@rivera.example")
            #expect(notice.mail.subject == "New booking: Site visit with Maria Lopez, Monday, November 23, 1:30 PM–2:30 PM")
            #expect(notice.mail.textBody.contains("The boiler knocks"))
            // Every booking email is in the booking's own conversation.
            let conversationID = try #require(booked.appointment.conversationID)
            #expect(try await TaskQueue(database: database).recent(workspaceID: desk.workspace.id, kind: Outbox.kind)
                .allSatisfy { $0.conversationID == conversationID })
            // Written in the same moment, they read in the order they leave: the confirmation and
            // the notice to Dana (both at once), then the reminders.
            let file = try #require(try await desk.workspaceDesk.conversationFile(conversationID))
            let subjects = file.thread.compactMap(\.subject)
            // The owner reads why it is in her inbox at all.
            #expect(file.conversation.reasons == ["Gatehouse started this conversation for the booking: its emails go out by "
                + "themselves, and nothing here waits for your answer until the customer writes."])
            #expect(Set(subjects.prefix(2)) == ["Booked: Site visit, Monday, November 23, 1:30 PM–2:30 PM",
                                                "New booking: Site visit with Maria Lopez, Monday, November 23, 1:30 PM–2:30 PM"],
                    "\(subjects)")
            #expect(subjects.dropFirst(2) == ["Reminder: Site visit, Monday, November 23, 1:30 PM–2:30 PM",
                                              "Reminder: Site visit, Monday, November 23, 1:30 PM–2:30 PM"], "\(subjects)")

            // Moved to Tuesday from the link, an hour later.
            let tuesday = try Self.at("2026-11-24T13:30:00-06:00")
            let later = Self.friday + .hours(1)
            let managed = try #require(try await bookings.managed(token: booked.manageToken, now: later))
            #expect(managed.canMove && !managed.isLate)
            #expect(try await bookings.moveOffer(managed, now: later)?.slots.contains { $0.start == monday } == true,
                    "its own time is still offered to it")
            let moved = try await bookings.move(token: booked.manageToken, to: tuesday, now: later)
            #expect(moved.appointment.startsAt == tuesday.secondsSince1970 && moved.appointment.sequence == 1)
            sent = try await Self.sent(desk)
            let movedMail = try #require(sent.first { $0.key.hasSuffix(":moved") })
            #expect(movedMail.mail.subject == "Moved: Site visit, now Tuesday, November 24, 1:30 PM–2:30 PM")
            #expect(movedMail.mail.textBody.contains("has moved from Monday, November 23, 1:30 PM–2:30 PM to Tuesday"))
            let movedInvite = try #require(movedMail.invitation)
            #expect(movedInvite.contains("SEQUENCE:1") && movedInvite.contains(String(uid)))
            let queuedReminders = sent.filter { $0.key.hasPrefix("booking-reminder:") && $0.state == .queued }
            let newRemindAt = queuedReminders.map { $0.runAt.secondsSince1970 }.sorted()
            #expect(newRemindAt == [(tuesday - .hours(24)).secondsSince1970, (tuesday - .hours(1)).secondsSince1970],
                    "Monday's are called off")
            #expect(sent.filter { $0.key.hasPrefix("booking-reminder:") && $0.state == .cancelled }.count == 2)
            #expect(sent.contains { $0.mail.subject?.hasPrefix("Booking moved: Site visit with Maria Lopez") == true })
            // Monday's time is free again for everyone.
            #expect(try await bookings.offer(kindID: "visit", booker: .stranger, now: later).slots.contains { $0.start == monday })

            // Monday afternoon she cancels: inside the 24 hours' notice, so it is late.
            let mondayAfternoon = try Self.at("2026-11-23T15:00:00-06:00")
            let cancelled = try await bookings.cancel(token: booked.manageToken, now: mondayAfternoon)
            #expect(cancelled.appointment.status == .cancelled && cancelled.appointment.cancelledLate)
            #expect(cancelled.appointment.cancelledBy == "customer" && cancelled.appointment.sequence == 2)
            sent = try await Self.sent(desk)
            let cancelMail = try #require(sent.first { $0.key.hasSuffix(":cancelled") })
            let cancelInvite = try #require(cancelMail.invitation)
            #expect(cancelInvite.contains("METHOD:CANCEL") && cancelInvite.contains("SEQUENCE:2") && cancelInvite.contains(String(uid)))
            #expect(cancelMail.mail.attachments.first?.filename == "cancelled.ics")
            // The three invitations as a calendar program reads them: one event, updated, then cancelled.
            if let python = try PythonTools.program("python") {
                let read = try [invite, movedInvite, cancelInvite].map { try BookingInvitationTests.read($0, with: python) }
                #expect(read.map { $0["method"] } == ["REQUEST", "REQUEST", "CANCEL"])
                #expect(read.map { $0["sequence"] } == ["0", "1", "2"])
                #expect(Set(read.map { $0["uid"] }).count == 1)
                #expect(read[0]["start"] == "2026-11-23T13:30:00-06:00 America/Chicago")
                #expect(read[1]["start"] == "2026-11-24T13:30:00-06:00 America/Chicago")
                #expect(read[0]["organizer"] == "mailto:office@rivera.example Dana Rivera")
                #expect(read[0]["attendee"]?.hasPrefix("mailto:maria@example.org Maria Lopez") == true)
                #expect(read[2]["status"] == "CANCELLED")
            }
            #expect(sent.filter { $0.key.hasPrefix("booking-reminder:") && $0.state == .queued }.isEmpty)
            let late = try #require(sent.first { $0.mail.subject?.hasPrefix("Late cancellation:") == true })
            #expect(late.mail.textBody.contains("cancelled late, inside your 1 day notice")
                    || late.mail.textBody.contains("cancelled late, inside your 24 hours notice"), "\(late.mail.textBody)")
            // Nothing more to do with the link: moving is refused, naming why; cancelling again changes nothing.
            await #expect(throws: StoreError.self) { _ = try await bookings.move(token: booked.manageToken, to: tuesday, now: mondayAfternoon) }
            #expect(try await bookings.cancel(token: booked.manageToken, now: mondayAfternoon).appointment.sequence == 2)
        }
    }

    @Test("a forged link opens nothing; inside the notice the booking can no longer be moved but can still be cancelled (late); once begun, not even that; the owner's cancellation tells the customer and sends no notice to the owner")
    func limits() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database, policyYAML: Self.policy, at: Self.friday)
            let bookings = desk.workspaceDesk.customerBookings
            let monday = try Self.at("2026-11-23T11:00:00-06:00")
            let booked = try await bookings.book(kindID: "call", start: monday, details: .init(name: "Ken Ito", email: "ken@example.org"),
                                                 customer: nil, now: Self.friday)
            #expect(try await bookings.managed(token: "gh_" + String(repeating: "x", count: 43), now: Self.friday) == nil)
            #expect(try await bookings.managed(token: "not a token", now: Self.friday) == nil)

            let sunday = try Self.at("2026-11-22T12:00:00-06:00")
            let inside = try #require(try await bookings.managed(token: booked.manageToken, now: sunday))
            #expect(!inside.canMove && inside.canCancel && inside.isLate)
            do {
                _ = try await bookings.move(token: booked.manageToken, to: monday + .hours(1), now: sunday)
                Issue.record("moved inside the notice")
            } catch let error as StoreError {
                #expect(error.message.contains("only until Sunday, November 22 at 11:00 AM"), "\(error.message)")
            }
            let begun = try #require(try await bookings.managed(token: booked.manageToken, now: monday + .minutes(5)))
            #expect(!begun.canCancel)
            await #expect(throws: StoreError.self) { _ = try await bookings.cancel(token: booked.manageToken, now: monday + .minutes(5)) }

            let cancelled = try await bookings.cancelByOwner(booked.appointment.id, actor: "user:dana", now: sunday)
            #expect(cancelled?.status == .cancelled && cancelled?.cancelledLate == false && cancelled?.cancelledBy == "user:dana")
            let sent = try await Self.sent(desk)
            let toKen = try #require(sent.first { $0.key.hasSuffix(":cancelled") })
            #expect(toKen.to == "ken@example.org" && toKen.invitation?.contains("METHOD:CANCEL") == true)
            #expect(!sent.contains { $0.mail.subject?.hasPrefix("Booking cancelled") == true }, "Dana did it herself")
            // An appointment the owner entered herself is cancelled without any email.
            let own = try await desk.workspaceDesk.appointments.book(
                AppointmentDraft(kind: .meeting, title: "Supplier", startsAt: (monday + .hours(3)).secondsSince1970,
                                 endsAt: (monday + .hours(4)).secondsSince1970),
                overrideReason: nil, actor: "user:dana", now: Self.friday)
            let before = try await desk.queued().count
            #expect(try await bookings.cancelByOwner(own.id, actor: "user:dana", now: Self.friday)?.status == .cancelled)
            #expect(try await desk.queued().count == before)
        }
    }

    @Test("the booked visit opens its session with Maria's agenda; begun two minutes late and ended inside its hour, November's report counts it on time and within the box, with her booked and used time",
          arguments: DatabaseBackend.allCases)
    func sessionOnTime(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database, policyYAML: Self.policy, at: Self.friday)
            let monday = try Self.at("2026-11-23T13:30:00-06:00")
            let booked = try await desk.workspaceDesk.customerBookings.book(
                kindID: "visit", start: monday,
                details: .init(name: "Maria Lopez", email: "maria@example.org", address: "12 Lake Street", agenda: "The boiler knocks"),
                customer: nil, now: Self.friday)
            let sessions = desk.workspaceDesk.timeBoxedSessions
            let session = try await sessions.start(customerID: booked.customer.id, kind: .siteVisit,
                                                   appointmentID: booked.appointment.id, userID: "owner", now: monday + .minutes(2))
            #expect(session.agenda == "The boiler knocks")
            _ = try await sessions.end(session.id, now: monday + .minutes(55))
            let report = try await desk.workspaceDesk.reporting().report(ReportMonth(year: 2026, month: 11), now: monday + .hours(2))
            #expect(report.quality.onTime == 1 && report.quality.withinBox == 1)
            #expect(report.quality.words == "1 of 1 sessions began on time (100%); 1 of 1 ended within their time box (100%)")
            #expect(report.quality.customers.first?.words == "1 booking, 1 hour booked, 53 minutes used")
        }
    }
}
