import Foundation
import GatehouseCore
import GatehouseStore

/// How a session ended, for the owner: the session and, when its time could not be recorded, why.
public struct SessionEnd: Sendable, Equatable {
    public var session: WorkSession
    /// Nil when the time entry was written.
    public var problem: String?
}

/// Time-boxed calls, meetings and site visits: started with their box and opening line, ended
/// with a time entry for the customer (and job), and closed by the desk when left running.
public struct TimeBoxedSessions: Sendable {
    /// A session left running is closed this long after its time box ran out.
    public static let grace = TimeSpan.minutes(15)

    let database: Database
    let workspace: Workspace

    public init(database: Database, workspace: Workspace) {
        self.database = database
        self.workspace = workspace
    }

    var sessions: WorkSessions { WorkSessions(database: database, workspaceID: workspace.id) }

    /// The box and opening line a session with `customer` started at `now` would get: the plan's
    /// meeting length (or the booked length of `appointment`) or the time before the owner's next
    /// appointment, whichever is shorter.
    public func proposal(customer: Customer, appointment: Appointment?, now: Instant) async throws -> (box: TimeBox, openingLine: String) {
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        let plan = policy.plan(id: customer.planID) ?? policy.defaultPlan
        let day = try await AppointmentBook(database: database, workspace: workspace)
            .dayPlan(calendar.localTime(of: now).date, except: appointment?.id)
        let usual: TimeSpan, why: String
        if let appointment {
            usual = appointment.length
            why = "the \(appointment.kind.label.lowercased()) is booked for \(appointment.length.spokenDescription)"
        } else {
            usual = plan.meetingLength
            why = "the \(plan.name) plan's calls and meetings are \(plan.meetingLength.spokenDescription)"
        }
        let box = TimeBox.make(usual: usual, usualWhy: why, day: day, now: now, calendar: calendar)
        let facts = PlaybookFacts(customerName: customer.name, customerEmail: customer.emails.first, plan: plan, subject: "",
                                  statusLink: "", promise: nil, reasons: [], timeBox: box)
        return (box, ReplyPlaybook.openingLine(policy: policy, facts: facts, box: box, now: now))
    }

    /// Starts a session now with its time box.
    public func start(customerID: Customer.ID, kind: Appointment.Kind, appointmentID: String? = nil, jobID: Job.ID? = nil,
                      agenda: String = "", userID: String, now: Instant) async throws -> WorkSession {
        guard let customer = try await Customers(database: database, workspaceID: workspace.id).get(customerID) else {
            throw StoreError(.notFound, field: "customer_id", "no customer \(customerID) in this workspace")
        }
        var appointment: Appointment?
        if let appointmentID {
            appointment = try await Appointments(database: database, workspaceID: workspace.id).get(appointmentID)
            guard appointment != nil else {
                throw StoreError(.notFound, field: "appointment_id", "no appointment \(appointmentID) in this workspace")
            }
        }
        let proposal = try await proposal(customer: customer, appointment: appointment, now: now)
        return try await sessions.start(WorkSessionDraft(customerID: customerID, jobID: jobID, appointmentID: appointmentID,
                                                         kind: kind, box: proposal.box, openingLine: proposal.openingLine,
                                                         agenda: agenda.isEmpty ? appointment?.agenda ?? "" : agenda),
                                        userID: userID, now: now)
    }

    /// Ends a running session at `now` and writes its time entry. When the entry cannot be
    /// written (it overlaps other recorded time), the session still ends with its notes, is
    /// flagged, and says why, so the owner can correct the time: nothing is lost. Nil when there
    /// is no such session here.
    public func end(_ id: String, now: Instant) async throws -> SessionEnd? {
        guard let session = try await sessions.get(id) else { return nil }
        guard session.isRunning else { return SessionEnd(session: session, problem: session.problem) }
        return try await close(session, at: max(session.startedAt + 60, now.secondsSince1970), how: .owner, now: now)
    }

    /// Closes every session left running past its time box plus `grace`, at that moment, flagged
    /// so the owner sees it on Today and can correct the time.
    public func closeOverdue(now: Instant) async throws -> [SessionEnd] {
        var closed: [SessionEnd] = []
        for session in try await sessions.overdue(now: now, grace: Self.grace) {
            if let end = try await close(session, at: session.boxEndsAt + Self.grace.seconds, how: .overnight, now: now) {
                closed.append(end)
            }
        }
        return closed
    }

    private func close(_ session: WorkSession, at endedAt: Int64, how: WorkSession.Ending, now: Instant) async throws -> SessionEnd? {
        let calendar = try workspace.businessCalendar()
        var problem: String?
        var entryID: String?
        do {
            // The entry carries the session's id, so closing twice (two instances, a second click)
            // finds its own entry instead of refusing it as an overlap.
            let entry = try await TimeEntries(database: database, workspaceID: workspace.id).add(
                TimeEntryDraft(customerID: session.customerID, jobID: session.jobID, startedAt: session.startedAt,
                               endedAt: endedAt, source: .session, note: Self.note(session)),
                id: session.id, userID: session.userID, now: now) { calendar.spoken(Instant(secondsSince1970: $0)) }
            entryID = entry.id
        } catch let error as StoreError where error.code != .unreachable {
            problem = "the time was not recorded: " + Self.withoutField(error.message)
        }
        let flagged = how == .overnight || problem != nil
        if how == .overnight {
            let why = "left running, so it was closed \(Self.grace.spokenDescription) after its time box ran out; check the time"
            problem = problem.map { why + "; " + $0 } ?? why
        }
        guard try await sessions.markEnded(session.id, at: endedAt, how: how, flagged: flagged, problem: problem,
                                           timeEntryID: entryID, now: now) else {
            return try await sessions.get(session.id).map { SessionEnd(session: $0, problem: $0.problem) }
        }
        return try await sessions.get(session.id).map { SessionEnd(session: $0, problem: problem) }
    }

    /// The owner's correction of an ended session's end: its time entry is moved (or written,
    /// when it could not be before) and the flag cleared. Throws with the reason when the
    /// corrected time still overlaps other recorded time; the session stays as it was.
    public func correct(_ id: String, endedAt: Int64, now: Instant) async throws -> WorkSession? {
        guard let session = try await sessions.get(id), !session.isRunning else { return nil }
        let calendar = try workspace.businessCalendar()
        let entries = TimeEntries(database: database, workspaceID: workspace.id)
        let spoken: @Sendable (Int64) -> String = { calendar.spoken(Instant(secondsSince1970: $0)) }
        var entryID = session.timeEntryID
        if let existing = session.timeEntryID, try await entries.changeEnd(existing, to: endedAt, now: now, timeText: spoken) != nil {
        } else {
            entryID = try await entries.add(
                TimeEntryDraft(customerID: session.customerID, jobID: session.jobID, startedAt: session.startedAt,
                               endedAt: endedAt, source: .session, note: Self.note(session)),
                id: session.id, userID: session.userID, now: now, timeText: spoken).id
        }
        try await sessions.settle(id, endedAt: endedAt, timeEntryID: entryID, now: now)
        return try await sessions.get(id)
    }

    static func note(_ session: WorkSession) -> String {
        let first = session.agenda.split(separator: "\n").first.map(String.init) ?? ""
        return String((session.kind.label + (first.isEmpty ? "" : ": " + first)).prefix(200))
    }

    static func withoutField(_ message: String) -> String {
        guard let colon = message.firstIndex(of: ":"), !message[..<colon].contains(" ") else { return message }
        return String(message[message.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
    }
}

extension PeriodicTask {
    /// Closes, in every workspace, the sessions left running past their time box plus the grace
    /// period, and flags them for the owner. One workspace that fails does not hold up the others.
    public static func closeSessions(every period: TimeSpan = .minutes(5)) -> PeriodicTask {
        PeriodicTask(name: "close-sessions", every: period) { database, now in
            var failures: [String] = []
            for workspace in try await Workspaces(database: database).all() {
                do {
                    _ = try await TimeBoxedSessions(database: database, workspace: workspace).closeOverdue(now: now)
                } catch let error as StoreError where error.code == .unreachable {
                    throw error
                } catch {
                    failures.append("\(workspace.slug): \(error)")
                }
            }
            if !failures.isEmpty { throw SessionJobError(failures: failures) }
        }
    }
}

/// Workspaces whose overdue sessions could not be closed this round, with why.
public struct SessionJobError: Error, CustomStringConvertible, Sendable {
    public var failures: [String]
    public var description: String { "could not close sessions left running in " + failures.joined(separator: "; ") }
}
