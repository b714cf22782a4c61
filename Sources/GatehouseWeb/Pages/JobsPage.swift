import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// `/jobs`: the open jobs; `/jobs/new`: a job for a customer (from a conversation or not);
/// `/jobs/{id}`: its scope, price, time frame and next step, the summary to send, the agreement,
/// its status, and its change orders.
struct JobsPage {
    let owner: OwnerPages
    let outbox: OutboxService
    let publicBaseURL: String

    static let notices = [
        "created": "The job is proposed. Send the summary when it reads right.", "saved": "Saved.",
        "summary": "The summary is in the outbox; the customer can agree on their page once it arrives.",
        "status": "The job's status is changed.",
    ]

    func add(to router: RouterGroup<DeskContext>) {
        router.get("jobs") { request, context in
            let signedIn = try context.requireCaller()
            return try await list(signedIn, context.requireDesk())
        }
        router.get("jobs/new") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            var input = JobInput()
            input.customerID = request.uri.queryParameters.get("customer") ?? ""
            input.conversationID = request.uri.queryParameters.get("conversation") ?? ""
            if let conversation = try await desk.conversation(Conversation.ID(input.conversationID)) {
                input.customerID = conversation.customerID.rawValue
                input.title = conversation.subject
            } else {
                input.conversationID = ""
            }
            return try await formPage(signedIn, desk, input: input, problems: [:])
        }
        router.post("jobs/new") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let fields = context.form
            let input = JobInput(fields)
            do {
                let draft = try input.draft(policy: desk.policy()).get()
                let job = try await desk.jobs().propose(draft, actor: signedIn.userID, now: desk.now)
                return Response(status: .seeOther, headers: [.location: "/jobs/\(job.id)?done=created"])
            } catch let problem as JobProblem {
                return try await formPage(signedIn, desk, input: input, problems: problem.formProblems(),
                                          status: .unprocessableContent)
            } catch let problem as any DeskProblem where problem.kind == .notFound {
                // The customer (or conversation) the job was for is no longer here.
                return try await formPage(signedIn, desk, input: input, problems: problem.formProblems(), status: .unprocessableContent)
            }
        }
        router.get("jobs/:id") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let notice = Self.notices[request.uri.queryParameters.get("done") ?? ""]
            return try await page(signedIn, desk, id: try context.parameters.require("id", as: Job.ID.self), notice: notice)
        }
        router.post("jobs/:id") { request, context in
            try await form(request, context) { signedIn, desk, job, fields in
                var input = JobInput(fields)
                input.customerID = job.customerID.rawValue
                input.conversationID = job.conversationID?.rawValue ?? ""
                do {
                    let draft = try input.draft(policy: desk.policy()).get()
                    _ = try await desk.jobs().revise(job.id, with: draft, actor: signedIn.userID, now: desk.now)
                    return Self.back(job.id, done: "saved")
                } catch let problem as JobProblem {
                    return try await page(signedIn, desk, id: job.id, input: input, problems: problem.formProblems(),
                                          status: .unprocessableContent)
                }
            }
        }
        router.post("jobs/:id/status") { request, context in
            try await form(request, context) { signedIn, desk, job, fields in
                guard let target = Job.Status(rawValue: fields["status"]) else {
                    return try await page(signedIn, desk, id: job.id, statusProblem: "status: choose one of the offered statuses",
                                          status: .unprocessableContent)
                }
                do {
                    _ = try await desk.jobs().move(job.id, to: target, actor: signedIn.userID, now: desk.now)
                    return Self.back(job.id, done: "status")
                } catch let problem as JobProblem {
                    return try await page(signedIn, desk, id: job.id, statusProblem: problem.message, status: .conflict)
                }
            }
        }
        router.post("jobs/:id/summary") { request, context in
            try await form(request, context) { signedIn, desk, job, fields in
                do {
                    _ = try await desk.jobs().sendSummary(job.id, sendNow: fields["send_now"] == "yes",
                                                             actor: signedIn.userID, now: desk.now)
                    outbox.nudge()
                    return Self.back(job.id, done: "summary")
                } catch let problem as JobProblem {
                    return try await page(signedIn, desk, id: job.id, summaryProblem: problem.message, status: .conflict)
                } catch let problem as ReplyProblem {
                    return try await page(signedIn, desk, id: job.id, summaryProblem: problem.message, status: .unprocessableContent)
                }
            }
        }
        router.post("jobs/:id/changes") { request, context in
            try await form(request, context) { signedIn, desk, job, fields in
                var cents: Int64?
                if !fields["price"].isEmpty {
                    guard let parsed = Money.cents(typed: fields["price"]) else {
                        return try await page(signedIn, desk, id: job.id, changeProblem: "price: write it like 90 or 120.50",
                                              status: .unprocessableContent)
                    }
                    cents = parsed
                }
                do {
                    let order = try await desk.jobs().draftChangeOrder(
                        on: job, item: fields["item"], priceCents: cents, priceFromService: true,
                        extraDays: Int(fields["extra_days"]) ?? 0, actor: signedIn.userID, now: desk.now)
                    return Response(status: .seeOther, headers: [.location: "/changes/\(order.id)?done=drafted"])
                } catch let problem as JobProblem {
                    return try await page(signedIn, desk, id: job.id, changeProblem: problem.description, status: .unprocessableContent)
                }
            }
        }
    }

    static func back(_ id: Job.ID, done: String) -> Response {
        Response(status: .seeOther, headers: [.location: "/jobs/\(id)?done=\(done)"])
    }


    private func form(_ request: Request, _ context: DeskContext,
                      _ handle: (Caller, WorkspaceDesk, Job, FormFields) async throws -> Response) async throws -> Response {
        let id = try context.parameters.require("id", as: Job.ID.self)
        let desk = try context.requireDesk()
        return try await owner.post(request, context, find: { _ in
            try await desk.jobs().job(id)
        }, missing: notFound) { signedIn, job, fields in try await handle(signedIn, desk, job, fields) }
    }

    func notFound() -> Response {
        owner.pages.errorPage(.notFound, heading: "No such job", message: "It is not in this workspace.",
                              link: ("/jobs", "Back to the jobs"))
    }

    private func list(_ signedIn: Caller, _ desk: WorkspaceDesk) async throws -> Response {
        let policy = try desk.policy()
        let calendar = try desk.calendar()
        let now = desk.now
        let open = try await desk.jobs().openJobs()
        return owner.render("jobs", signedIn, section: .jobs, title: "Jobs",
                            page: Self.openJobs(open, policy: policy, calendar: calendar, now: now))
    }

    /// The open jobs as the list shows them.
    struct OpenJobs: Equatable {
        struct Row: Equatable {
            var id, title, customer, customerID, status, price, when: String
        }
        var jobs: [Row]
        var empty: Bool
    }

    /// The list of `open` jobs, each with its customer's name, priced and dated in the business's words.
    static func openJobs(_ open: [(job: Job, customerName: String)], policy: Policy, calendar: BusinessCalendar,
                         now: Instant) -> OpenJobs {
        OpenJobs(jobs: open.map { job, name in
            .init(id: job.id.rawValue, title: job.title, customer: name, customerID: job.customerID.rawValue, status: job.status.label,
                  price: JobWords.price(job.price, business: policy.business),
                  when: calendar.relative(job.createdAt, from: now))
        }, empty: open.isEmpty)
    }

    private func formPage(_ signedIn: Caller, _ desk: WorkspaceDesk, input: JobInput, problems: [String: String],
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let customer = try await desk.customers.customer(Customer.ID(input.customerID)) else {
            return owner.pages.errorPage(.notFound, heading: "Which customer is the job for?",
                                         message: "Start a job from a customer's page or a conversation.",
                                         link: ("/customers", "Choose a customer"))
        }
        let form = input.form(policy: try desk.policy(), problems: problems)
        return owner.render("job-new", signedIn, section: .jobs, title: "New job for \(customer.name)",
                            page: NewJob(form: form, customerName: customer.name, customerID: customer.id.rawValue), status: status)
    }

    private func page(_ signedIn: Caller, _ desk: WorkspaceDesk, id: Job.ID, notice: String? = nil, input: JobInput? = nil,
                      problems: [String: String] = [:], statusProblem: String? = nil, summaryProblem: String? = nil,
                      changeProblem: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let job = try await desk.jobs().job(id) else { return notFound() }
        let policy = try desk.policy()
        let calendar = try desk.calendar()
        let now = desk.now
        let customer = try await desk.customers.customer(job.customerID)
        let orders = try await desk.jobs().changeOrders(jobID: job.id)
        let accepted = orders.filter { $0.status == .accepted }.reduce(Int64(0)) { $0 + ($1.priceCents ?? 0) }
        let mail = try desk.jobs().mail
        func when(_ instant: Instant) -> String { calendar.spoken(instant) }
        let words = JobWords.values(job: job, acceptedExtraCents: accepted, policy: policy)
        let model = Model(
            jobID: job.id.rawValue, title: job.title, status: job.status.label, notice: notice?.nonEmpty,
            customer: customer.map { Party(id: $0.id.rawValue, name: $0.name) },
            canEmail: customer?.emails.isEmpty == false,
            conversationID: job.conversationID?.rawValue.nonEmpty,
            included: job.items.filter { $0.kind == .included }.map { item in
                Included(text: item.text, added: item.changeOrderID != nil)
            },
            excluded: job.excluded, hasExcluded: !job.excluded.isEmpty,
            price: words["job.price"]?.nonEmpty, timeFrame: words["job.time_frame"]?.nonEmpty, nextStep: job.nextStep.nonEmpty,
            nextStepOwner: job.nextStepOwner == .us ? "you" : "the customer",
            summary: job.status.isClosed ? nil : try await mail.summaryText(job, now: now).nonEmpty,
            summarySent: job.summarySentAt.map(when),
            agreementLink: job.agreementToken.map(mail.agreementLink)?.nonEmpty,
            agreed: job.agreedAt.map { at in Agreed(when: when(at), address: job.agreedAddress?.nonEmpty) },
            summaryProblem: summaryProblem?.nonEmpty,
            moves: JobProgress.next(from: job.status).map { target in Move(value: target.rawValue, label: Self.moveLabel(target)) },
            statusProblem: statusProblem?.nonEmpty,
            closed: job.status.isClosed,
            editable: job.status == .proposed,
            editOpen: input != nil,
            form: job.status == .proposed ? (input ?? JobInput(job)).form(policy: policy, problems: problems) : nil,
            canChange: job.status == .agreed || job.status == .inProgress,
            changeProblem: changeProblem?.nonEmpty,
            changes: orders.map { order in
                Change(id: order.id, item: order.item, status: order.status.rawValue,
                       price: order.priceCents.map { policy.business.price($0) } ?? "price to quote",
                       decided: order.decidedAt.map(when))
            },
            acceptedExtra: accepted > 0 ? policy.business.price(accepted) : nil)
        return owner.render("job", signedIn, section: .jobs, title: job.title, page: model, status: status)
    }

    /// The page to propose a new job for a customer.
    struct NewJob: Equatable {
        var form: JobInput.Form
        var customerName, customerID: String
    }

    struct Party: Equatable { var id, name: String }
    struct Included: Equatable {
        var text: String
        /// Added by an accepted change order.
        var added: Bool
    }
    struct Agreed: Equatable {
        var when: String
        var address: String?
    }
    struct Move: Equatable { var value, label: String }
    struct Change: Equatable {
        var id, item, status, price: String
        var decided: String?
    }

    /// Everything a job's page shows: its terms, the summary to send, the agreement, its status
    /// and its change orders.
    struct Model: Equatable {
        var jobID, title, status: String
        var notice: String?
        var customer: Party?
        var canEmail: Bool
        var conversationID: String?
        var included: [Included]
        var excluded: [String]
        var hasExcluded: Bool
        var price, timeFrame, nextStep: String?
        var nextStepOwner: String
        /// The summary as the customer would read it, while the job is open.
        var summary, summarySent, agreementLink: String?
        var agreed: Agreed?
        var summaryProblem: String?
        var moves: [Move]
        var statusProblem: String?
        var closed, editable, editOpen: Bool
        /// The terms form, while the job is proposed.
        var form: JobInput.Form?
        var canChange: Bool
        var changeProblem: String?
        var changes: [Change]
        var acceptedExtra: String?
    }

    static func moveLabel(_ status: Job.Status) -> String {
        switch status {
        case .agreed: "Mark it agreed (they agreed another way)"
        case .inProgress: "Start the work"
        case .done: "Mark it done"
        case .cancelled: "Cancel the job"
        case .proposed: "Propose it"
        }
    }
}
