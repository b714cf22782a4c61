import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// `/sessions/{id}`: a time-boxed call, meeting or site visit under way — the opening line, the
/// time box's end (drawn by the server, counted down by desk.js when it runs), the agenda, notes
/// and quality-time checklist, and ending it; afterwards, what it wrote, and correcting the time
/// of one the desk had to close.
struct SessionsPage {
    let owner: OwnerPages

    func add(to router: RouterGroup<DeskContext>) {
        router.post("sessions") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let fields = context.form
            guard let kind = Appointment.Kind(rawValue: fields["kind"]) else {
                return owner.pages.errorPage(.unprocessableContent, heading: "Choose what kind of session",
                                             message: "kind: choose a call, a meeting or a site visit.",
                                             link: ("/appointments", "Back to the appointments"))
            }
            do {
                let session = try await desk.timeBoxedSessions.start(
                    customerID: Customer.ID(fields["customer_id"]), kind: kind,
                    appointmentID: fields["appointment_id"].isEmpty ? nil : fields["appointment_id"],
                    jobID: fields["job_id"].isEmpty ? nil : Job.ID(fields["job_id"]), agenda: fields.raw("agenda"),
                    userID: signedIn.userID, now: desk.now)
                return Response(status: .seeOther, headers: [.location: "/sessions/\(session.id)"])
            } catch let error as StoreError {
                return owner.pages.errorPage(error.code == .notFound ? .notFound : .unprocessableContent,
                                             heading: "The session did not start", message: error.message,
                                             link: ("/appointments", "Back to the appointments"))
            }
        }
        router.get("sessions/:id") { request, context in
            let signedIn = try context.requireCaller()
            return try await page(signedIn, context.requireDesk(), id: try context.parameters.require("id"),
                                  notice: Self.notices[request.uri.queryParameters.get("done") ?? ""])
        }
        router.post("sessions/:id") { request, context in
            try await form(request, context) { signedIn, desk, session, fields in
                let notes = WorkSessionNotes(agenda: fields.raw("agenda"), notes: fields.raw("notes"),
                                             purposeAgreed: fields["purpose_agreed"] == "yes",
                                             processExplained: fields["process_explained"] == "yes",
                                             nextStepAgreed: fields["next_step_agreed"] == "yes")
                do {
                    _ = try await desk.timeBoxedSessions.save(session.id, notes, now: desk.now)
                } catch let error as StoreError {
                    return try await page(signedIn, desk, id: session.id, problem: error.message, status: .unprocessableContent)
                }
                if fields["end"] == "yes" { return try await end(desk, session) }
                return Self.back(session.id, done: "saved")
            }
        }
        router.post("sessions/:id/end") { request, context in
            try await form(request, context) { _, desk, session, _ in try await end(desk, session) }
        }
        router.post("sessions/:id/correct") { request, context in
            try await form(request, context) { signedIn, desk, session, fields in
                let calendar = try desk.calendar()
                let day = CivilDate(iso: Substring(fields["date"]))
                let minute = ClockTime.minutes(Substring(fields["end"])).flatMap { $0 < 1440 ? $0 : nil }
                guard let day, let minute, let endedAt = calendar.instant(of: day, minute: minute) else {
                    return try await page(signedIn, desk, id: session.id,
                                          problem: "end: write the date as 2026-11-23 and the time as 14:20.",
                                          status: .unprocessableContent)
                }
                do {
                    _ = try await desk.timeBoxedSessions.correct(session.id, endedAt: endedAt.secondsSince1970, now: desk.now)
                } catch let error as StoreError {
                    return try await page(signedIn, desk, id: session.id, problem: error.message, status: .conflict)
                }
                return Self.back(session.id, done: "corrected")
            }
        }
    }

    static let notices = [
        "saved": "Saved.", "ended": "The session has ended and its time is recorded for the customer.",
        "corrected": "The time is corrected.",
    ]

    static func back(_ id: String, done: String) -> Response {
        Response(status: .seeOther, headers: [.location: "/sessions/\(id)?done=\(done)"])
    }

    private func end(_ desk: WorkspaceDesk, _ session: WorkSession) async throws -> Response {
        guard let ended = try await desk.timeBoxedSessions.end(session.id, now: desk.now) else { return notFound() }
        return Self.back(session.id, done: ended.problem == nil ? "ended" : "")
    }

    /// A form post about one of this workspace's sessions, past the door.
    private func form(_ request: Request, _ context: DeskContext,
                      _ handle: (Caller, WorkspaceDesk, WorkSession, FormFields) async throws -> Response) async throws -> Response {
        let signedIn = try context.requireCaller()
        let desk = try context.requireDesk()
        let id = try context.parameters.require("id")
        let fields = context.form
        guard let session = try await desk.timeBoxedSessions.session(id) else {
            return notFound()
        }
        return try await handle(signedIn, desk, session, fields)
    }

    private func notFound() -> Response {
        owner.pages.errorPage(.notFound, heading: "No such session", message: "It is not in this workspace.",
                              link: ("/today", "Back to Today"))
    }

    private func page(_ signedIn: Caller, _ desk: WorkspaceDesk, id: String, notice: String? = nil, problem: String? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let session = try await desk.timeBoxedSessions.session(id) else {
            return notFound()
        }
        let calendar = try desk.calendar()
        let now = desk.now
        let customer = try await desk.customers.customer(session.customerID)
        let model = Self.model(session, customerName: customer?.name, notice: notice, problem: problem, calendar: calendar, now: now)
        return owner.render("session", signedIn, section: .appointments, title: "\(session.kind.label) with \(customer?.name ?? "a customer")",
                            page: model, status: status)
    }

    /// What the session page shows.
    struct Model: Equatable {
        var id, kind, customer, customerID: String
        var notice, problem: String?
        var running: Bool
        var openingLine, boxMinutes: String
        var boxReasons: [String]
        var started, boxEnds, boxEndsEpoch: String
        /// How much of the box is left, while it runs.
        var leftWords: String?
        var agenda, notes: String?
        var purposeAgreed, processExplained, nextStepAgreed: Bool
        var ended, length: String?
        var flagged: Bool
        var sessionProblem: String?
        var recorded: Bool
        var correctDate, correctEnd: String?
    }

    /// The page of `session` at `now`, in the business's own time.
    static func model(_ session: WorkSession, customerName: String?, notice: String?, problem: String?,
                      calendar: BusinessCalendar, now: Instant) -> Model {
        func clock(_ seconds: Int64) -> String { calendar.clock(Instant(secondsSince1970: seconds)) }
        let left = max(0, session.boxEndsAt - now.secondsSince1970)
        return Model(
            id: session.id, kind: session.kind.label, customer: customerName ?? "a customer", customerID: session.customerID.rawValue,
            notice: notice?.nonEmpty, problem: problem?.nonEmpty,
            running: session.isRunning, openingLine: session.openingLine,
            boxMinutes: "\(session.boxMinutes)", boxReasons: session.boxReasons,
            started: clock(session.startedAt), boxEnds: clock(session.boxEndsAt), boxEndsEpoch: "\(session.boxEndsAt)",
            leftWords: session.isRunning
                ? (left == 0 ? "The time box is used up." : "About \(TimeSpan(seconds: (left + 59) / 60 * 60).spokenDescription) left.") : nil,
            agenda: session.agenda.nonEmpty, notes: session.notes.nonEmpty,
            purposeAgreed: session.purposeAgreed, processExplained: session.processExplained,
            nextStepAgreed: session.nextStepAgreed,
            ended: session.endedAt.map(clock),
            length: session.endedAt.map { TimeSpan(seconds: $0 - session.startedAt).spokenDescription },
            flagged: session.flagged, sessionProblem: session.problem?.nonEmpty,
            recorded: session.timeEntryID != nil,
            correctDate: session.endedAt.map { "\(calendar.localTime(of: Instant(secondsSince1970: $0)).date)" },
            correctEnd: session.endedAt.map(clock))
    }
}
