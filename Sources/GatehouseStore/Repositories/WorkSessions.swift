import Foundation
import GatehouseCore
import SQLKit


/// What a new session says.
public struct WorkSessionDraft: Sendable, Equatable {
    public var customerID: Customer.ID
    public var jobID: Job.ID?
    public var appointmentID: String?
    public var kind: Appointment.Kind
    public var box: TimeBox
    public var openingLine: String
    public var agenda: String

    public init(customerID: Customer.ID, jobID: Job.ID? = nil, appointmentID: String? = nil, kind: Appointment.Kind, box: TimeBox,
                openingLine: String, agenda: String = "") {
        self.customerID = customerID
        self.jobID = jobID
        self.appointmentID = appointmentID
        self.kind = kind
        self.box = box
        self.openingLine = openingLine
        self.agenda = agenda
    }
}


/// The sessions of one workspace.
public struct WorkSessions: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    struct Row: Codable {
        var id: String
        var workspace_id: Workspace.ID
        var customer_id: Customer.ID
        var job_id: Job.ID?
        var appointment_id: String?
        var user_id, kind: String
        var started_at: Int64
        var box_minutes: Int
        var box_reasons, opening_line, agenda, notes: String
        var purpose_agreed, process_explained, next_step_agreed: Int
        var ended_at: Int64?
        var ended_how: String?
        var flagged: Int
        var problem, time_entry_id: String?
        var created_at, updated_at: Int64

        var session: WorkSession {
            WorkSession(id: id, customerID: customer_id, jobID: job_id, appointmentID: appointment_id, userID: user_id,
                        kind: Appointment.Kind(rawValue: kind) ?? .call, startedAt: started_at, boxMinutes: box_minutes,
                        boxReasons: box_reasons.split(separator: "\n").map(String.init), openingLine: opening_line,
                        agenda: agenda, notes: notes, purposeAgreed: purpose_agreed != 0, processExplained: process_explained != 0,
                        nextStepAgreed: next_step_agreed != 0, endedAt: ended_at, endedHow: ended_how.flatMap(WorkSession.Ending.init),
                        flagged: flagged != 0, problem: problem, timeEntryID: time_entry_id)
        }
    }

    /// Starts a session for `userID` at `now`; the customer, job and appointment must be this workspace's.
    public func start(_ draft: WorkSessionDraft, userID: String, now: Instant) async throws -> WorkSession {
        guard draft.agenda.count <= 5000 else { throw StoreError(.invalid, field: "agenda", "at most 5000 characters") }
        let row = Row(id: NewID.make(), workspace_id: workspaceID, customer_id: draft.customerID, job_id: draft.jobID,
                      appointment_id: draft.appointmentID, user_id: userID, kind: draft.kind.rawValue,
                      started_at: now.secondsSince1970, box_minutes: max(1, draft.box.minutes),
                      box_reasons: draft.box.reasons.joined(separator: "\n"), opening_line: draft.openingLine,
                      agenda: draft.agenda, notes: "", purpose_agreed: 0, process_explained: 0, next_step_agreed: 0,
                      ended_at: nil, ended_how: nil, flagged: 0, problem: nil, time_entry_id: nil,
                      created_at: now.secondsSince1970, updated_at: now.secondsSince1970)
        let workspaceID = self.workspaceID
        try await database.write { sql in
            guard try await sql.select().column("id").from("customers")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, draft.customerID).first() != nil
            else { throw StoreError(.notFound, field: "customer_id", "no customer \(draft.customerID) in this workspace") }
            if let jobID = draft.jobID, try await sql.select().column("id").from("jobs").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, jobID).where("customer_id", .equal, draft.customerID).first() == nil {
                throw StoreError(.notFound, field: "job_id", "no job \(jobID) for this customer")
            }
            if let appointmentID = draft.appointmentID, try await sql.select().column("id").from("appointments")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, appointmentID).first() == nil {
                throw StoreError(.notFound, field: "appointment_id", "no appointment \(appointmentID) in this workspace")
            }
            try await sql.insert(into: "work_sessions").model(row).run()
        }
        return row.session
    }

    /// One session, or nil when it is not this workspace's.
    public func get(_ id: String) async throws -> WorkSession? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("*").from("work_sessions").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, id).first(decoding: Row.self)
        }?.session
    }

    /// Saves the agenda, notes and checklist; nil when there is no such session here.
    public func save(_ id: String, _ notes: WorkSessionNotes, now: Instant) async throws -> WorkSession? {
        guard notes.agenda.count <= 5000 else { throw StoreError(.invalid, field: "agenda", "at most 5000 characters") }
        guard notes.notes.count <= 20000 else { throw StoreError(.invalid, field: "notes", "at most 20000 characters") }
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("work_sessions").set("agenda", to: notes.agenda).set("notes", to: notes.notes)
                .set("purpose_agreed", to: notes.purposeAgreed ? 1 : 0).set("process_explained", to: notes.processExplained ? 1 : 0)
                .set("next_step_agreed", to: notes.nextStepAgreed ? 1 : 0).set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
        }
        return try await get(id)
    }

    /// Marks a running session ended at `endedAt`; false when it had already ended (someone or
    /// something else ended it first).
    public func markEnded(_ id: String, at endedAt: Int64, how: WorkSession.Ending, flagged: Bool, problem: String?,
                          timeEntryID: String?, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            !(try await sql.update("work_sessions").set("ended_at", to: endedAt).set("ended_how", to: how.rawValue)
                .set("flagged", to: flagged ? 1 : 0).set("problem", to: problem.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                .set("time_entry_id", to: timeEntryID.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                .set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).where("ended_at", .is, SQLLiteral.null)
                .returning("id").all()).isEmpty
        }
    }

    /// Settles an ended session after the owner checked it: its end, the time entry it now has
    /// (if any), no flag and no problem.
    public func settle(_ id: String, endedAt: Int64, timeEntryID: String?, now: Instant) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("work_sessions").set("ended_at", to: endedAt).set("flagged", to: 0).set("problem", to: SQLLiteral.null)
                .set("time_entry_id", to: timeEntryID.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                .set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
        }
    }

    /// Running sessions whose time box (plus `grace`) ran out before `now`.
    public func overdue(now: Instant, grace: TimeSpan) async throws -> [WorkSession] {
        let workspaceID = self.workspaceID
        // Sessions last at most a day's time box; read those started long enough ago, then
        // compare each one's own box.
        return try await database.read { sql in
            try await sql.select().columns("*").from("work_sessions").where("workspace_id", .equal, workspaceID)
                .where("ended_at", .is, SQLLiteral.null).where("started_at", .lessThan, now.secondsSince1970 - grace.seconds)
                .orderBy("started_at").limit(500).all(decoding: Row.self)
        }.map(\.session).filter { $0.boxEndsAt + grace.seconds < now.secondsSince1970 }
    }

    /// Sessions the owner should look at (closed by the desk, or without their time), newest first.
    public func flagged(limit: Int = 20) async throws -> [WorkSession] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("*").from("work_sessions").where("workspace_id", .equal, workspaceID)
                .where("flagged", .equal, 1).orderBy("started_at", .descending).limit(limit).all(decoding: Row.self)
        }.map(\.session)
    }

    /// Sessions still running, oldest first.
    public func running(limit: Int = 20) async throws -> [WorkSession] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("*").from("work_sessions").where("workspace_id", .equal, workspaceID)
                .where("ended_at", .is, SQLLiteral.null).orderBy("started_at").limit(limit).all(decoding: Row.self)
        }.map(\.session)
    }
}
