import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/api/v1/sessions`: start a time-boxed call, meeting or site visit (its box and opening line
/// worked out from the plan and the day's appointments), read it, save its agenda, notes and
/// checklist, and end it (which records its time for the customer).
struct SessionsController {

    struct SessionJSON: Encodable {
        var id: String
        var customerID: Customer.ID
        var jobID: Job.ID?
        var appointmentID: String?
        var kind: String
        var startedAt: String
        var boxMinutes: Int
        var boxEndsAt: String
        var boxReasons: [String]
        var openingLine: String
        var agenda: String
        var notes: String
        var purposeAgreed: Bool
        var processExplained: Bool
        var nextStepAgreed: Bool
        var endedAt: String?
        var endedHow: String?
        var flagged: Bool
        var problem: String?
        var timeEntryID: String?

        enum CodingKeys: String, CodingKey {
            case id, kind, agenda, notes, flagged, problem
            case customerID = "customer_id", jobID = "job_id", appointmentID = "appointment_id", startedAt = "started_at"
            case boxMinutes = "box_minutes", boxEndsAt = "box_ends_at", boxReasons = "box_reasons", openingLine = "opening_line"
            case purposeAgreed = "purpose_agreed", processExplained = "process_explained", nextStepAgreed = "next_step_agreed"
            case endedAt = "ended_at", endedHow = "ended_how", timeEntryID = "time_entry_id"
        }

        init(_ s: WorkSession) {
            id = s.id
            customerID = s.customerID
            jobID = s.jobID
            appointmentID = s.appointmentID
            kind = s.kind.rawValue
            startedAt = isoUTC(s.startedAt)
            boxMinutes = s.boxMinutes
            boxEndsAt = isoUTC(s.boxEndsAt)
            boxReasons = s.boxReasons
            openingLine = s.openingLine
            agenda = s.agenda
            notes = s.notes
            purposeAgreed = s.purposeAgreed
            processExplained = s.processExplained
            nextStepAgreed = s.nextStepAgreed
            endedAt = s.endedAt.map(isoUTC)
            endedHow = s.endedHow?.rawValue
            flagged = s.flagged
            problem = s.problem
            timeEntryID = s.timeEntryID
        }
    }

    static let startFields = ["customer_id", "kind", "appointment_id", "job_id", "agenda"]
    static let noteFields = ["agenda", "notes", "purpose_agreed", "process_explained", "next_step_agreed"]

    func add(to group: RouterGroup<DeskContext>) {
        group.post("sessions") { request, context in
            let caller = try context.requireCaller()
            let desk = try context.requireDesk()
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(Self.startFields)
            let kindText = try body.string("kind") ?? Appointment.Kind.call.rawValue
            guard let kind = Appointment.Kind(rawValue: kindText) else {
                throw APIError(.unprocessableContent, code: "invalid",
                               "kind must be call, meeting or site_visit, not '\(kindText)'", field: "kind")
            }
            let session = try await desk.timeBoxedSessions.start(
                customerID: Customer.ID(try body.string("customer_id", required: true) ?? ""), kind: kind,
                appointmentID: try body.string("appointment_id"), jobID: try body.string("job_id").map { Job.ID($0) },
                agenda: try body.string("agenda") ?? "", userID: caller.actor, now: desk.now)
            var response = try JSONResponse.make(SessionJSON(session), status: .created)
            response.headers[.location] = "/api/v1/sessions/\(session.id)"
            return response
        }
        group.get("sessions/:id") { _, context in
            return try JSONResponse.make(SessionJSON(try await find(context.requireDesk(), try context.parameters.require("id"))))
        }
        group.patch("sessions/:id") { request, context in
            let desk = try context.requireDesk()
            let existing = try await find(desk, try context.parameters.require("id"))
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(Self.noteFields)
            let notes = WorkSessionNotes(agenda: try body.string("agenda") ?? existing.agenda,
                                         notes: try body.string("notes") ?? existing.notes,
                                         purposeAgreed: try body.bool("purpose_agreed") ?? existing.purposeAgreed,
                                         processExplained: try body.bool("process_explained") ?? existing.processExplained,
                                         nextStepAgreed: try body.bool("next_step_agreed") ?? existing.nextStepAgreed)
            guard let saved = try await desk.timeBoxedSessions.save(existing.id, notes, now: desk.now) else {
                throw APIError(.notFound, code: "not_found", "no session \(existing.id)")
            }
            return try JSONResponse.make(SessionJSON(saved))
        }
        group.post("sessions/:id/end") { _, context in
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
            guard let ended = try await desk.timeBoxedSessions.end(id, now: desk.now)
            else { throw APIError(.notFound, code: "not_found", "no session \(id)") }
            return try JSONResponse.make(SessionJSON(ended.session))
        }
    }

    private func find(_ desk: WorkspaceDesk, _ id: String) async throws -> WorkSession {
        guard let session = try await desk.timeBoxedSessions.session(id) else {
            throw APIError(.notFound, code: "not_found", "no session \(id)")
        }
        return session
    }
}
