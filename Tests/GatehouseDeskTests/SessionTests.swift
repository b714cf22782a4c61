import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Appointments and time-boxed sessions")
struct SessionTests {
    static let policy = """
        business:
          name: Rivera Plumbing
          timezone: America/Chicago
        hours:
          mon-fri: 08:00-12:00, 13:00-17:30
        response_windows:
          at: [10:30, 15:30]
          length: 45m
        day:
          emergency_buffer: 60m
          focus: [08:00-10:30]
        plans:
          - id: standard
          - id: care
            meeting_length: 30m
        """

    /// Monday 2026-11-23 at a local time in Chicago.
    static func at(_ local: String, day: Int = 23) throws -> Instant { try ISO8601.parse("2026-11-\(day)T\(local):00-06:00") }

    static func setUp(_ database: Database) async throws -> (Workspace, Customer) {
        let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: policy, actor: "test",
                                                                       now: try at("08:00"))
        let customer = try await Customers(database: database, workspaceID: workspace.id)
            .create(CustomerDraft(name: "Maria Lopez", planID: "care"), actor: "test", now: try at("08:00"))
        return (workspace, customer)
    }

    @Test("a call booked over the focus block is refused, naming it in local time, unless the owner gives a reason",
          arguments: DatabaseBackend.allCases)
    func booking(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let (workspace, customer) = try await Self.setUp(database)
            let book = AppointmentBook(database: database, workspace: workspace)
            let draft = AppointmentDraft(customerID: customer.id, kind: .call, title: "Call with Maria Lopez",
                                         startsAt: try Self.at("09:00").secondsSince1970, endsAt: try Self.at("09:30").secondsSince1970)
            do {
                _ = try await book.book(draft, overrideReason: nil, actor: "rosa", now: try Self.at("08:00"))
                Issue.record("booked over the focus block")
            } catch let refused as AppointmentRefused {
                #expect(refused.message == "it overlaps the focus block 8:00 AM–10:30 AM. Choose another time, or give a reason to book it anyway.")
            }
            #expect(try await Appointments(database: database, workspaceID: workspace.id)
                .list(from: try Self.at("00:00"), to: try Self.at("23:59")).isEmpty)
            let kept = try await book.book(draft, overrideReason: "She is only free then", actor: "rosa", now: try Self.at("08:00"))
            #expect(kept.overrideReason == "She is only free then")
            // The next one is checked against the first.
            var second = draft
            second.startsAt = try Self.at("09:15").secondsSince1970
            second.endsAt = try Self.at("09:45").secondsSince1970
            await #expect(throws: AppointmentRefused.self) {
                _ = try await book.book(second, overrideReason: nil, actor: "rosa", now: try Self.at("08:00"))
            }
            let plan = try await book.dayPlan(CivilDate(year: 2026, month: 11, day: 23))
            #expect(plan.blocks.contains { $0.kind == .appointment && $0.label == "Call with Maria Lopez" })
        }
    }

    @Test("with a call at 14:00, a session started at 13:40 is boxed to 20 minutes and opens with 'I have 20 minutes…'; ending it records 25 minutes",
          arguments: DatabaseBackend.allCases)
    func timeBoxed(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let (workspace, customer) = try await Self.setUp(database)
            _ = try await AppointmentBook(database: database, workspace: workspace).book(
                AppointmentDraft(kind: .call, title: "Call with Sam", startsAt: try Self.at("14:00").secondsSince1970,
                                 endsAt: try Self.at("14:30").secondsSince1970), overrideReason: nil, actor: "rosa", now: try Self.at("08:00"))
            let sessions = TimeBoxedSessions(database: database, workspace: workspace)
            let session = try await sessions.start(customerID: customer.id, kind: .call, userID: "rosa", now: try Self.at("13:40"))
            #expect(session.boxMinutes == 20)
            #expect(session.openingLine.hasPrefix("I have 20 minutes before my next appointment"))
            #expect(session.boxReasons.contains("your next appointment, Call with Sam, starts at 2:00 PM, 20 minutes from now"))
            let ended = try #require(try await sessions.end(session.id, now: try Self.at("14:05")))
            #expect(ended.problem == nil && !ended.session.flagged && ended.session.endedHow == .owner)
            let entries = try await TimeEntries(database: database, workspaceID: workspace.id)
                .list(customerID: customer.id, from: try Self.at("00:00"), to: try Self.at("23:59"))
            #expect(entries.map(\.length) == [.minutes(25)] && entries.first?.source == .session)
            // Ending again changes nothing and writes nothing more.
            _ = try await sessions.end(session.id, now: try Self.at("15:00"))
            #expect(try await TimeEntries(database: database, workspaceID: workspace.id)
                .total(customerID: customer.id, from: try Self.at("00:00"), to: try Self.at("23:59")) == .minutes(25))
        }
    }

    @Test("a session left running overnight is closed at its time box plus 15 minutes and flagged", arguments: DatabaseBackend.allCases)
    func overnight(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let (workspace, customer) = try await Self.setUp(database)
            let clock = ManualClock(try Self.at("16:00"))
            let session = try await TimeBoxedSessions(database: database, workspace: workspace)
                .start(customerID: customer.id, kind: .meeting, userID: "rosa", now: clock.now())
            #expect(session.boxMinutes == 30)
            let scheduler = Scheduler(database: database, clock: clock, instance: "a", tasks: [.closeSessions()])
            // Within the box and the grace period it keeps running.
            clock.advance(.minutes(44))
            #expect(try await scheduler.runDueTasks() == ["close-sessions"])
            #expect(try await WorkSessions(database: database, workspaceID: workspace.id).get(session.id)?.isRunning == true)
            // The next morning the job closes it at 16:45, flagged.
            clock.set(try Self.at("07:00", day: 24))
            #expect(try await scheduler.runDueTasks() == ["close-sessions"])
            let closed = try #require(try await WorkSessions(database: database, workspaceID: workspace.id).get(session.id))
            #expect(closed.endedAt == (try Self.at("16:45")).secondsSince1970)
            #expect(closed.flagged && closed.endedHow == .overnight)
            #expect(closed.problem?.contains("closed 15 minutes after its time box ran out") == true)
            #expect(try await WorkSessions(database: database, workspaceID: workspace.id).flagged().map(\.id) == [session.id])
            let entries = TimeEntries(database: database, workspaceID: workspace.id)
            #expect(try await entries.total(customerID: customer.id, from: try Self.at("00:00"), to: try Self.at("23:59")) == .minutes(45))
            // The owner corrects it: it really ended at 16:20.
            let corrected = try await TimeBoxedSessions(database: database, workspace: workspace)
                .correct(session.id, endedAt: try Self.at("16:20").secondsSince1970, now: clock.now())
            #expect(corrected?.flagged == false && corrected?.problem == nil)
            #expect(try await entries.total(customerID: customer.id, from: try Self.at("00:00"), to: try Self.at("23:59")) == .minutes(20))
        }
    }

    @Test("a session whose time overlaps other recorded time still ends with its notes, flagged with the reason; nothing is lost",
          arguments: DatabaseBackend.allCases)
    func overlapping(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let (workspace, customer) = try await Self.setUp(database)
            let sessions = TimeBoxedSessions(database: database, workspace: workspace)
            let session = try await sessions.start(customerID: customer.id, kind: .call, agenda: "Leak", userID: "rosa",
                                                   now: try Self.at("13:00"))
            _ = try await WorkSessions(database: database, workspaceID: workspace.id).save(session.id, WorkSessionNotes(
                agenda: "Leak", notes: "Replace the valve", purposeAgreed: true, processExplained: true, nextStepAgreed: false),
                now: try Self.at("13:10"))
            _ = try await TimeEntries(database: database, workspaceID: workspace.id).add(
                TimeEntryDraft(customerID: customer.id, startedAt: try Self.at("13:10").secondsSince1970,
                               endedAt: try Self.at("13:20").secondsSince1970), userID: "rosa", now: try Self.at("13:20"))
            let ended = try #require(try await sessions.end(session.id, now: try Self.at("13:25")))
            #expect(ended.session.flagged && ended.session.timeEntryID == nil && ended.session.notes == "Replace the valve")
            #expect(ended.problem == "the time was not recorded: it overlaps time already recorded from Monday 23 November 13:10 to Monday 23 November 13:20; one person's entries cannot overlap"
                    || ended.problem?.hasPrefix("the time was not recorded: it overlaps time already recorded") == true)
            // Corrected to end before the other entry, it is recorded.
            let fixed = try await sessions.correct(session.id, endedAt: try Self.at("13:10").secondsSince1970, now: try Self.at("13:30"))
            #expect(fixed?.timeEntryID == session.id && fixed?.flagged == false)
        }
    }

    @Test("reply time is recorded from the composer to the send, trimmed clear of recorded time, or skipped with the reason",
          arguments: DatabaseBackend.allCases)
    func replyTime(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let (workspace, customer) = try await Self.setUp(database)
            let replies = ReplyTime(database: database, workspace: workspace)
            let sent = try Self.at("11:00")
            let first = await replies.record(customerID: customer.id, conversationID: nil, userID: "rosa",
                                             shown: sent.secondsSince1970 - 7 * 60, sent: sent)
            #expect(first == ReplyTime.Outcome(minutes: 7, adjustments: [], skipped: nil, failed: false))
            #expect(first.words == "7 minutes of writing is recorded for the customer.")
            let entries = TimeEntries(database: database, workspaceID: workspace.id)
            _ = try await entries.add(TimeEntryDraft(customerID: customer.id, startedAt: try Self.at("11:30").secondsSince1970,
                                                     endedAt: try Self.at("11:50").secondsSince1970), userID: "sam", now: sent)
            _ = try await entries.add(TimeEntryDraft(customerID: customer.id, startedAt: try Self.at("11:30").secondsSince1970,
                                                     endedAt: try Self.at("11:50").secondsSince1970), userID: "rosa", now: sent)
            let trimmed = await replies.record(customerID: customer.id, conversationID: nil, userID: "rosa",
                                               shown: try Self.at("11:20").secondsSince1970, sent: try Self.at("12:00"))
            #expect(trimmed.adjustments == [.trimmed])
            let covered = await replies.record(customerID: customer.id, conversationID: nil, userID: "rosa",
                                               shown: try Self.at("11:35").secondsSince1970, sent: try Self.at("11:45"))
            #expect(covered.skipped == .covered && covered.words == "No time was recorded for it: time is already recorded up to when the reply was sent.")
        }
    }
}
