import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Store: appointments, calendar feeds and sessions")
struct AppointmentStoreTests {
    static func accepted() -> AppointmentCheck { AppointmentCheck(collisions: [], overrideReason: nil, reasons: ["booked"]) }

    @Test("appointments are booked, listed by range, cancelled once, and invisible to another workspace",
          arguments: DatabaseBackend.allCases)
    func appointments(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy, actor: "test", now: now)
            let other = try await Workspaces(database: database).create(slug: "other", policyYAML: plumberPolicy, actor: "test", now: now)
            let customer = try await Customers(database: database, workspaceID: workspace.id)
                .create(CustomerDraft(name: "Maria", planID: "care"), actor: "test", now: now)
            let stranger = try await Customers(database: database, workspaceID: other.id)
                .create(CustomerDraft(name: "Stranger", planID: "care"), actor: "test", now: now)
            let appointments = Appointments(database: database, workspaceID: workspace.id)
            let t = now.secondsSince1970
            let booked = try await appointments.book(
                AppointmentDraft(customerID: customer.id, kind: .siteVisit, title: "Visit Maria", startsAt: t + 3600, endsAt: t + 5400,
                                 place: "12 Elm St", agenda: "Leak"),
                check: AppointmentCheck(collisions: ["it overlaps the focus block 08:00–10:30"], overrideReason: "Only slot",
                                        reasons: []), actor: "rosa", now: now)
            #expect(booked.overrideReason == "Only slot" && booked.collisions == ["it overlaps the focus block 08:00–10:30"])
            await #expect(throws: StoreError(.conflict, "starts_at: it overlaps the focus block 08:00–10:30. Choose another time, or give a reason to book it anyway.")) {
                _ = try await appointments.book(AppointmentDraft(kind: .call, title: "x", startsAt: t, endsAt: t + 60),
                                                check: AppointmentCheck(collisions: ["it overlaps the focus block 08:00–10:30"],
                                                                        overrideReason: nil, reasons: []), actor: "rosa", now: now)
            }
            await #expect(throws: StoreError(.invalid, "minutes: an appointment must last at least a minute")) {
                _ = try await appointments.book(AppointmentDraft(kind: .call, title: "x", startsAt: t, endsAt: t), check: Self.accepted(),
                                                actor: "rosa", now: now)
            }
            await #expect(throws: StoreError(.notFound, "customer_id: no customer \(stranger.id) in this workspace")) {
                _ = try await appointments.book(AppointmentDraft(customerID: stranger.id, kind: .call, title: "x", startsAt: t, endsAt: t + 60),
                                                check: Self.accepted(), actor: "rosa", now: now)
            }
            #expect(try await appointments.list(from: now, to: now + .hours(2)).map(\.id) == [booked.id])
            #expect(try await appointments.list(from: now + .hours(2), to: now + .hours(3)).isEmpty)
            #expect(try await Appointments(database: database, workspaceID: other.id).get(booked.id) == nil)
            #expect(try await Appointments(database: database, workspaceID: other.id).cancel(booked.id, now: now) == nil)
            let cancelled = try await appointments.cancel(booked.id, now: now + .minutes(1))
            #expect(cancelled?.status == .cancelled)
            #expect(try await appointments.cancel(booked.id, now: now + .minutes(2))?.updatedAt == t + 60)
            #expect(try await appointments.list(from: now, to: now + .hours(2)).isEmpty)
            #expect(try await appointments.list(from: now, to: now + .hours(2), includeCancelled: true).count == 1)

            // The feed link: one per person and workspace; replacing it ends the old one.
            let feeds = CalendarFeeds(database: database)
            try await feeds.replace(workspaceID: workspace.id, userID: "rosa", tokenHash: "hash-1", now: now)
            #expect(try await feeds.owner(tokenHash: "hash-1")?.workspaceID == workspace.id)
            try await feeds.replace(workspaceID: workspace.id, userID: "rosa", tokenHash: "hash-2", now: now + .minutes(1))
            #expect(try await feeds.owner(tokenHash: "hash-1") == nil)
            #expect(try await feeds.madeAt(workspaceID: workspace.id, userID: "rosa") == t + 60)
        }
    }

    @Test("a session's own time entry is written once and never counts as overlapping itself", arguments: DatabaseBackend.allCases)
    func sessionEntries(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy, actor: "test", now: now)
            let customer = try await Customers(database: database, workspaceID: workspace.id)
                .create(CustomerDraft(name: "Maria", planID: "care"), actor: "test", now: now)
            let box = TimeBox(minutes: 20, setByNextAppointment: true, nextAppointment: "14:00", reasons: ["a", "b"])
            let sessions = WorkSessions(database: database, workspaceID: workspace.id)
            let session = try await sessions.start(WorkSessionDraft(customerID: customer.id, kind: .call, box: box,
                                                                    openingLine: "I have 20 minutes"), userID: "rosa", now: now)
            #expect(session.boxEndsAt == now.secondsSince1970 + 1200 && session.boxReasons == ["a", "b"])
            let saved = try await sessions.save(session.id, WorkSessionNotes(agenda: "Leak", notes: "Valve", purposeAgreed: true,
                                                                             processExplained: false, nextStepAgreed: true), now: now)
            #expect(saved?.notes == "Valve" && saved?.purposeAgreed == true && saved?.processExplained == false)
            let entries = TimeEntries(database: database, workspaceID: workspace.id)
            let t = now.secondsSince1970
            let draft = TimeEntryDraft(customerID: customer.id, startedAt: t, endedAt: t + 1200, source: .session)
            let first = try await entries.add(draft, id: session.id, userID: "rosa", now: now)
            let again = try await entries.add(draft, id: session.id, userID: "rosa", now: now)
            #expect(first == again)
            #expect(try await entries.total(customerID: customer.id, from: now, to: now + .hours(1)) == .minutes(20))
            #expect(try await entries.changeEnd(session.id, to: t + 1500, now: now)?.endedAt == t + 1500)
            // Ended once only: the second end finds it ended.
            #expect(try await sessions.markEnded(session.id, at: t + 1500, how: .owner, flagged: false, problem: nil,
                                                 timeEntryID: session.id, now: now))
            #expect(try await !sessions.markEnded(session.id, at: t + 9000, how: .overnight, flagged: true, problem: "x",
                                                  timeEntryID: nil, now: now))
            #expect(try await sessions.get(session.id)?.endedAt == t + 1500)
            #expect(try await WorkSessions(database: database, workspaceID: "elsewhere").get(session.id) == nil)
        }
    }
}
