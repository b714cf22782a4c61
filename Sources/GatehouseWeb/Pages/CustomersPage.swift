import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
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
            return try await detail(signedIn, context.requireDesk(), id: try context.parameters.require("id"),
                                    done: request.uri.queryParameters.get("done"))
        }
        router.post("customers/:id") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
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
            let id = try context.parameters.require("id")
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
        router.post("customers/:id/distance") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
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

    private func notFound() -> Response {
        owner.pages.errorPage(.notFound, heading: "No such customer", message: "They are not in this workspace.",
                              link: ("/customers", "Back to the customers"))
    }

    private func list(_ request: Request, _ signedIn: Caller, _ desk: WorkspaceDesk) async throws -> Response {
        let search = request.uri.queryParameters.get("q").map { String($0.trimmingCharacters(in: .whitespaces).prefix(200)) }
        let after = request.uri.queryParameters.get("after")
        let policy = try? desk.policy()
        let page: Page<Customer>
        do {
            page = try await desk.customers.list(search: search, after: after, limit: 50)
        } catch let error as StoreError {
            return owner.pages.errorPage(.badRequest, heading: "This page of customers does not exist", message: error.message,
                                         link: ("/customers", "Back to the customers"))
        }
        return owner.render("customers", signedIn, section: .customers, title: "Customers",
                            page: Self.list(page, search: search, after: after, policy: policy))
    }

    /// The list of customers as the page shows it.
    struct List: Equatable {
        struct Row: Equatable {
            var id, name, plan, contact: String
            var prospect: Bool
        }
        /// The search, when there is one.
        var q: String?
        var customers: [Row]
        var empty: Bool
        /// Links to the next page and back to the first, when there are such pages.
        var next, first: String?
    }

    /// One page of customers found by `search`, starting after `after`, with their plans by name.
    static func list(_ page: Page<Customer>, search: String?, after: String?, policy: Policy?) -> List {
        let query = search.flatMap { $0.isEmpty ? nil : "q=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
        return List(
            q: search?.nonEmpty,
            customers: page.items.map { customer in
                .init(id: customer.id, name: customer.name,
                      plan: policy?.plan(id: customer.planID)?.name ?? customer.planID,
                      contact: (customer.emails + customer.phones).joined(separator: ", "),
                      prospect: customer.kind == .prospect)
            },
            empty: page.items.isEmpty,
            next: page.next.map { "/customers?" + (query.map { $0 + "&" } ?? "") + "after=" + $0 },
            first: after != nil ? "/customers" + (query.map { "?" + $0 } ?? "") : nil)
    }

    private func detail(_ signedIn: Caller, _ desk: WorkspaceDesk, id: String, done: String?, input: CustomerInput? = nil,
                        distanceDraft: String? = nil, problems: [String: String] = [:],
                        timeInput: TimeEntryInput? = nil, timeProblems: [String: String] = [:],
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let customer = try await desk.customers.customer(id) else {
            return notFound()
        }
        let policy = try desk.policy()
        let calendar = try desk.calendar()
        let now = desk.now
        let plan = policy.plan(id: customer.planID)
        let history = try await desk.customers.history(id, limit: 20)
        var values = try formValues(desk, input: input ?? CustomerInput(customer), problems: problems)
        values["customerID"] = customer.id
        values["name"] = customer.name
        values["notice"] = ["created": "The customer is added.", "saved": "Saved.",
                            "distance": "Your note is kept.", "time": "The time is recorded."][done ?? ""]
        values["planName"] = plan?.name ?? "\(customer.planID) (not in the policy any more)"
        values["planFee"] = plan.map { policy.business.price($0.fee) }
        values["planPromise"] = plan.map { "a first answer within \($0.firstResponse.description)" }
        values["allowance"] = plan?.monthlyAllowance?.spokenDescription
        values["urgentAccess"] = plan?.urgentAccess ?? false
        values["emails"] = customer.emails
        values["phones"] = customer.phones
        values["notes"] = customer.notes.isEmpty ? nil : customer.notes
        values["distanceNote"] = distanceDraft ?? customer.distanceNote
        values["distanceError"] = problems["distance_note"]
        values["prospect"] = customer.kind == .prospect
        values["since"] = calendar.spoken(Instant(secondsSince1970: customer.createdAt))
        values["history"] = history.items.map { c in
            present(["id": c.id, "subject": c.subject.isEmpty ? "(no subject)" : c.subject,
                     "when": calendar.relative(c.lastMessageAt, from: now), "status": c.status.rawValue,
                     "quadrant": InboxPage.quadrants.first { $0.id == c.quadrant?.rawValue }?.label ?? "Someday"])
        }
        values["moreHistory"] = history.next != nil
        let jobs = try await desk.jobs().jobs(customerID: id)
        values["jobs"] = jobs.map { job in
            ["id": job.id, "title": job.title, "status": job.status.label,
             "price": JobWords.price(job.price, business: policy.business)]
        }
        let entries = try await desk.customers.timeThisMonth(id, now: now)
        let used = TimeSpan(seconds: entries.reduce(0) { $0 + $1.length.seconds })
        let effectivePlan = plan ?? policy.defaultPlan
        let use = AllowanceUse.of(used: used, plan: effectivePlan)
        values["time"] = present([
            "words": use.words(plan: effectivePlan), "percent": use.fraction.map { Int(min(1, $0) * 100) },
            "over": use.level == .reached, "warn": use.level == .nearing || use.level == .reached,
            "entries": entries.reversed().map { entry in
                present(["when": calendar.spoken(Instant(secondsSince1970: entry.startedAt)), "length": entry.length.spokenDescription,
                         "note": entry.note, "billable": entry.billable, "urgent": entry.urgent,
                         "source": entry.source == .manual ? nil : entry.source.rawValue])
            },
        ])
        let form = timeInput ?? {
            var fresh = TimeEntryInput()
            let local = calendar.localTime(of: now)
            fresh.date = "\(local.date)"
            fresh.start = ClockTime.text(local.minuteOfDay)
            fresh.minutes = "30"
            return fresh
        }()
        values["timeForm"] = present([
            "date": form.date, "start": form.start, "minutes": form.minutes, "note": form.note,
            "billable": form.billable, "urgent": form.urgent,
            "dateError": timeProblems["date"], "startError": timeProblems["start"], "minutesError": timeProblems["minutes"],
            "noteError": timeProblems["note"], "otherError": timeProblems["other"], "open": !timeProblems.isEmpty,
            "jobError": timeProblems["job"],
            "jobs": jobs.filter { !$0.status.isClosed || $0.id == form.job }.map { job in
                ["id": job.id, "title": job.title, "selected": job.id == form.job]
            },
        ])
        values["editOpen"] = input != nil
        return owner.render("customer", signedIn, section: .customers, title: customer.name, present(values), status: status)
    }

    private func formPage(_ signedIn: Caller, _ desk: WorkspaceDesk, input: CustomerInput?, problems: [String: String],
                          status: HTTPResponse.Status = .ok) throws -> Response {
        let values = try formValues(desk, input: input ?? CustomerInput(), problems: problems)
        return owner.render("customer-new", signedIn, section: .customers, title: "New customer", present(values), status: status)
    }

    private func formValues(_ desk: WorkspaceDesk, input: CustomerInput, problems: [String: String]) throws -> [String: Any?] {
        let policy = try desk.policy()
        return [
            "form": present([
                "name": input.name, "nameError": problems["name"],
                "emails": input.emails, "emailsError": problems["emails"],
                "phones": input.phones, "phonesError": problems["phones"],
                "notes": input.notes, "notesError": problems["notes"],
                "plans": policy.plans.map { ["id": $0.id, "name": $0.name, "selected": $0.id == input.plan] },
                "planError": problems["plan_id"],
                "isProspect": input.kind == "prospect",
                "otherProblem": problems["other"],
            ]),
        ]
    }
}

/// What the customer form says, kept as typed so that a form with a mistake comes back as it was.
struct CustomerInput {
    var name = ""
    var kind = "customer"
    var plan = ""
    var emails = ""
    var phones = ""
    var notes = ""

    init() {}

    init(_ fields: FormFields) {
        name = fields["name"]
        kind = fields["kind"] == "prospect" ? "prospect" : "customer"
        plan = fields["plan_id"]
        emails = fields.raw("emails")
        phones = fields.raw("phones")
        notes = fields.raw("notes")
    }

    init(_ customer: Customer) {
        name = customer.name
        kind = customer.kind.rawValue
        plan = customer.planID
        emails = customer.emails.joined(separator: "\n")
        phones = customer.phones.joined(separator: "\n")
        notes = customer.notes
    }

    /// The draft to store; a plan the policy does not have is refused here, naming it.
    func draft(policy: Policy) throws -> CustomerDraft {
        guard policy.plan(id: plan) != nil else {
            throw StoreError(.invalid, field: "plan_id", "choose one of the policy's plans (\(policy.plans.map(\.id).joined(separator: ", ")))")
        }
        guard notes.count <= 5000 else { throw StoreError(.invalid, field: "notes", "at most 5000 characters") }
        func lines(_ text: String) -> [String] {
            text.split(whereSeparator: { $0.isNewline || $0 == "," })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return CustomerDraft(name: name, kind: kind == "prospect" ? .prospect : .customer, planID: plan, notes: notes,
                             emails: lines(emails), phones: lines(phones))
    }

    /// A store error's message beside the field it names ("emails: …" goes beside the emails).
    static func problems(_ error: StoreError) -> [String: String] {
        let known = ["name", "emails", "phones", "notes", "plan_id", "distance_note"]
        let problems = error.formProblems(fields: Dictionary(uniqueKeysWithValues: known.map { ($0, $0) }))
        if problems["other"] != nil, error.message.contains("already belongs to another customer") {
            return [error.message.contains("@") ? "emails" : "phones": error.message]
        }
        return problems
    }
}
