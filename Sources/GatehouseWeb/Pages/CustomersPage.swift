import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// `/customers`: the list with search and paging; `/customers/{id}`: contact points, plan,
/// history, notes and the healthy-distance note; `/customers/new` and the edit form.
struct CustomersPage {
    let owner: OwnerPages

    func add(to router: RouterGroup<DeskContext>) {
        router.get("customers") { request, context in
            let signedIn = try context.requireCaller()
            return try await list(request, signedIn, context.requireDesk())
        }
        router.get("customers/new") { request, context in
            let signedIn = try context.requireCaller()
            return try formPage(signedIn, context.requireDesk(), input: nil, problems: [:])
        }
        router.post("customers/new") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let fields = context.form
            let input = CustomerInput(fields)
            do {
                let customer = try await desk.customers.add(try input.draft(policy: desk.policy()), actor: signedIn.userID, now: desk.now)
                return Response(status: .seeOther, headers: [.location: "/customers/\(customer.id)?done=created"])
            } catch let error as StoreError {
                return try formPage(signedIn, desk, input: input, problems: CustomerInput.problems(error),
                                    status: error.code == .conflict ? .conflict : .unprocessableContent)
            }
        }
        router.get("customers/:id") { request, context in
            let signedIn = try context.requireCaller()
            return try await detail(signedIn, context.requireDesk(), id: try context.parameters.require("id", as: Customer.ID.self),
                                    done: request.uri.queryParameters.get("done"))
        }
        router.post("customers/:id") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id", as: Customer.ID.self)
            let fields = context.form
            let input = CustomerInput(fields)
            do {
                guard try await desk.customers.change(id, to: try input.draft(policy: desk.policy()),
                                                      actor: signedIn.userID, now: desk.now) != nil
                else { return notFound() }
                return Response(status: .seeOther, headers: [.location: "/customers/\(id)?done=saved"])
            } catch let error as StoreError {
                return try await detail(signedIn, desk, id: id, done: nil, input: input, problems: CustomerInput.problems(error),
                                        status: error.code == .conflict ? .conflict : .unprocessableContent)
            }
        }
        router.post("customers/:id/time") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id", as: Customer.ID.self)
            let fields = context.form
            guard try await desk.customers.customer(id) != nil else {
                return notFound()
            }
            let input = TimeEntryInput(fields)
            switch input.draft(customerID: id, calendar: try desk.calendar()) {
            case .failure(let problems):
                return try await detail(signedIn, desk, id: id, done: nil, timeInput: input, timeProblems: problems.byField,
                                        status: .unprocessableContent)
            case .success(let draft):
                do {
                    _ = try await desk.customers.recordTime(draft, userID: signedIn.userID, now: desk.now)
                } catch let error as StoreError {
                    return try await detail(signedIn, desk, id: id, done: nil, timeInput: input,
                                            timeProblems: TimeEntryInput.problems(error),
                                            status: error.code == .conflict ? .conflict : .unprocessableContent)
                }
                return Response(status: .seeOther, headers: [.location: "/customers/\(id)?done=time#time-heading"])
            }
        }
        router.get("customers/:id/export") { _, context in
            try await export(try context.requireCaller(), context.requireDesk(), id: try context.parameters.require("id", as: Customer.ID.self))
        }
        router.post("customers/:id/erase") { _, context in
            try await erase(try context.requireCaller(), context.requireDesk(), id: try context.parameters.require("id", as: Customer.ID.self),
                            confirmed: context.form["confirm"] == "yes")
        }
        router.post("customers/:id/distance") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id", as: Customer.ID.self)
            let fields = context.form
            do {
                guard try await desk.customers.keepDistanceNote(id, note: fields.raw("distance_note"), actor: signedIn.userID, now: desk.now)
                else { return notFound() }
            } catch let error as StoreError {
                return try await detail(signedIn, desk, id: id, done: nil, distanceDraft: fields.raw("distance_note"),
                                        problems: CustomerInput.problems(error), status: .unprocessableContent)
            }
            return Response(status: .seeOther, headers: [.location: "/customers/\(id)?done=distance"])
        }
    }

    /// Everything about the customer as a zip, for the owner (what a customer may ask to see).
    private func export(_ signedIn: Caller, _ desk: WorkspaceDesk, id: Customer.ID) async throws -> Response {
        guard signedIn.role == .owner else { return ownersOnly() }
        guard let export = try await desk.customerData.export(id, actor: signedIn.userID, now: desk.now) else { return notFound() }
        return export.download
    }

    /// Erases the customer and everything about them, once the owner has confirmed it.
    private func erase(_ signedIn: Caller, _ desk: WorkspaceDesk, id: Customer.ID, confirmed: Bool) async throws -> Response {
        guard signedIn.role == .owner else { return ownersOnly() }
        guard confirmed else {
            return try await detail(signedIn, desk, id: id, done: nil,
                                    eraseError: "Tick the box to confirm: erasing cannot be undone.", status: .unprocessableContent)
        }
        guard try await desk.customerData.erase(id, actor: signedIn.userID, now: desk.now) != nil else { return notFound() }
        return Response(status: .seeOther, headers: [.location: "/customers?done=erased"])
    }

    private func ownersOnly() -> Response {
        owner.pages.errorPage(.forbidden, heading: "Only the owner can do this",
                              message: "Exporting or erasing a customer's data is for the workspace's owner.",
                              link: ("/customers", "Back to the customers"))
    }

    private func notFound() -> Response {
        owner.pages.errorPage(.notFound, heading: "No such customer", message: "They are not in this workspace.",
                              link: ("/customers", "Back to the customers"))
    }

    private func list(_ request: Request, _ signedIn: Caller, _ desk: WorkspaceDesk) async throws -> Response {
        let search = FormQuery(request).get("q").map { String($0.prefix(200)) }
        let after = request.uri.queryParameters.get("after")
        let policy = try? desk.policy()
        let page: Page<Customer>
        do {
            page = try await desk.customers.list(search: search, after: after, limit: 50)
        } catch let error as StoreError {
            return owner.pages.errorPage(.badRequest, heading: "This page of customers does not exist", message: error.message,
                                         link: ("/customers", "Back to the customers"))
        }
        var model = Self.list(page, search: search, after: after, policy: policy)
        if request.uri.queryParameters.get("done") == "erased" {
            model.notice = "The customer and everything kept about them are erased. The audit log keeps only that it was done."
        }
        return owner.render("customers", signedIn, section: .customers, title: "Customers", page: model)
    }

    private func detail(_ signedIn: Caller, _ desk: WorkspaceDesk, id: Customer.ID, done: String?, input: CustomerInput? = nil,
                        distanceDraft: String? = nil, problems: [String: String] = [:],
                        timeInput: TimeEntryInput? = nil, timeProblems: [String: String] = [:], eraseError: String? = nil,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let customer = try await desk.customers.customer(id) else {
            return notFound()
        }
        let policy = try desk.policy()
        let calendar = try desk.calendar()
        let now = desk.now
        let plan = policy.plan(id: customer.planID)
        let history = try await desk.customers.history(id, limit: 20)
        let jobs = try await desk.jobs().jobs(customerID: id)
        let entries = try await desk.customers.timeThisMonth(id, now: now)
        let used = TimeSpan(seconds: entries.reduce(0) { $0 + $1.length.seconds })
        let effectivePlan = plan ?? policy.defaultPlan
        let use = AllowanceUse.of(used: used, plan: effectivePlan)
        let form = timeInput ?? {
            var fresh = TimeEntryInput()
            let local = calendar.localTime(of: now)
            fresh.date = "\(local.date)"
            fresh.start = ClockTime.text(local.minuteOfDay)
            fresh.minutes = "30"
            return fresh
        }()
        let model = Detail(
            customerID: customer.id.rawValue, name: customer.name,
            notice: ["created": "The customer is added.", "saved": "Saved.",
                     "distance": "Your note is kept.", "time": "The time is recorded."][done ?? ""],
            planName: plan?.name ?? "\(customer.planID) (not in the policy any more)",
            planFee: plan.map { policy.business.price($0.fee) }?.nonEmpty,
            planPromise: plan.map { "a first answer within \($0.firstResponse.description)" },
            allowance: plan?.monthlyAllowance?.spokenDescription.nonEmpty,
            urgentAccess: plan?.urgentAccess ?? false,
            emails: customer.emails, phones: customer.phones,
            notes: customer.notes.nonEmpty,
            distanceNote: (distanceDraft ?? customer.distanceNote).nonEmpty,
            distanceError: problems["distance_note"]?.nonEmpty,
            prospect: customer.kind == .prospect,
            since: calendar.spoken(customer.createdAt),
            history: history.items.map { c in
                .init(id: c.id.rawValue, subject: c.subject.isEmpty ? "(no subject)" : c.subject,
                      when: calendar.relative(c.lastMessageAt, from: now), status: c.status.rawValue,
                      quadrant: InboxPage.quadrants.first { $0.id == c.quadrant?.rawValue }?.label ?? "Someday")
            },
            moreHistory: history.next != nil,
            jobs: jobs.map { job in
                .init(id: job.id.rawValue, title: job.title, status: job.status.label, price: JobWords.price(job.price, business: policy.business))
            },
            time: Detail.Time(
                words: use.words(plan: effectivePlan).nonEmpty, percent: use.fraction.map { Int(min(1, $0) * 100) },
                over: use.level == .reached, warn: use.level == .nearing || use.level == .reached,
                entries: entries.reversed().map { entry in
                    .init(when: calendar.spoken(Instant(secondsSince1970: entry.startedAt)), length: entry.length.spokenDescription,
                          note: entry.note.nonEmpty, billable: entry.billable, urgent: entry.urgent,
                          source: entry.source == .manual ? nil : entry.source.rawValue)
                }),
            timeForm: Detail.TimeForm(
                date: form.date.nonEmpty, start: form.start.nonEmpty, minutes: form.minutes.nonEmpty, note: form.note.nonEmpty,
                billable: form.billable, urgent: form.urgent,
                dateError: timeProblems["date"]?.nonEmpty, startError: timeProblems["start"]?.nonEmpty,
                minutesError: timeProblems["minutes"]?.nonEmpty, noteError: timeProblems["note"]?.nonEmpty,
                otherError: timeProblems["other"]?.nonEmpty, open: !timeProblems.isEmpty, jobError: timeProblems["job"]?.nonEmpty,
                jobs: jobs.filter { !$0.status.isClosed || $0.id.rawValue == form.job }.map { job in
                    .init(id: job.id.rawValue, title: job.title, selected: job.id.rawValue == form.job)
                }),
            editOpen: input != nil,
            form: Self.form(input ?? CustomerInput(customer), problems: problems, policy: policy),
            isOwner: signedIn.role == .owner, eraseError: eraseError)
        return owner.render("customer", signedIn, section: .customers, title: customer.name, page: model, status: status)
    }

    private func formPage(_ signedIn: Caller, _ desk: WorkspaceDesk, input: CustomerInput?, problems: [String: String],
                          status: HTTPResponse.Status = .ok) throws -> Response {
        let model = NewCustomer(form: Self.form(input ?? CustomerInput(), problems: problems, policy: try desk.policy()))
        return owner.render("customer-new", signedIn, section: .customers, title: "New customer", page: model, status: status)
    }
}
