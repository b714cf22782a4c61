import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/api/v1/jobs` and `/api/v1/change-orders`: jobs with their scope, price, time frame and next
/// step; sending the job summary; change orders drafted (by hand or from a conversation's
/// out-of-scope request), priced, sent and withdrawn. Customers answer on their pages.
struct JobsController {
    let clock: any DeskClock
    let outbox: OutboxService
    let publicBaseURL: String

    struct ItemJSON: Encodable {
        var kind: String
        var text: String
        var changeOrderID: String?

        enum CodingKeys: String, CodingKey {
            case kind, text
            case changeOrderID = "change_order_id"
        }
    }

    struct JobJSON: Encodable {
        var id, customerID, title, status, pricing: String
        var conversationID, serviceID: String?
        var priceCents: Int64
        var estimateMinutes: Int64?
        var startsOn, endsOn: String?
        var durationDays: Int?
        var nextStep, nextStepOwner: String
        var items: [ItemJSON]
        var agreementURL, summarySentAt, agreedAt, agreedAddress: String?
        var createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, title, status, pricing, items
            case customerID = "customer_id", conversationID = "conversation_id", serviceID = "service_id"
            case priceCents = "price_cents", estimateMinutes = "estimate_minutes", startsOn = "starts_on", endsOn = "ends_on"
            case durationDays = "duration_days", nextStep = "next_step", nextStepOwner = "next_step_owner"
            case agreementURL = "agreement_url", summarySentAt = "summary_sent_at", agreedAt = "agreed_at"
            case agreedAddress = "agreed_address", createdAt = "created_at"
        }

        init(_ job: Job, baseURL: String) {
            id = job.id.rawValue
            customerID = job.customerID.rawValue
            conversationID = job.conversationID?.rawValue
            title = job.title
            status = job.status.rawValue
            serviceID = job.serviceID
            switch job.price {
            case .fixed(let cents):
                pricing = "fixed"
                priceCents = cents
            case .hourly(let rate, let estimate):
                pricing = "hourly"
                priceCents = rate
                estimateMinutes = estimate.map { $0.seconds / 60 }
            }
            startsOn = job.timeFrame.startsOn?.description
            endsOn = job.timeFrame.endsOn?.description
            durationDays = job.timeFrame.days
            nextStep = job.nextStep
            nextStepOwner = job.nextStepOwner.rawValue
            items = job.items.map { ItemJSON(kind: $0.kind.rawValue, text: $0.text, changeOrderID: $0.changeOrderID) }
            agreementURL = job.agreementToken.map { baseURL + "/agree/" + $0 }
            summarySentAt = job.summarySentAt.map { isoUTC($0.secondsSince1970) }
            agreedAt = job.agreedAt.map { isoUTC($0.secondsSince1970) }
            agreedAddress = job.agreedAddress
            createdAt = isoUTC(job.createdAt.secondsSince1970)
        }
    }

    struct ChangeOrderJSON: Encodable {
        var id, jobID, customerID, item, status, message: String
        var conversationID: Conversation.ID?
        var priceCents: Int64?
        var extraDays: Int
        var url, sentAt, decidedAt, decidedAddress: String?
        var createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, item, status, message, url
            case jobID = "job_id", customerID = "customer_id", conversationID = "conversation_id", priceCents = "price_cents"
            case extraDays = "extra_days", sentAt = "sent_at", decidedAt = "decided_at", decidedAddress = "decided_address"
            case createdAt = "created_at"
        }

        init(_ order: ChangeOrder, baseURL: String) {
            id = order.id
            jobID = order.jobID.rawValue
            customerID = order.customerID.rawValue
            conversationID = order.conversationID
            item = order.item
            status = order.status.rawValue
            message = order.message
            priceCents = order.priceCents
            extraDays = order.extraDays
            url = order.status == .draft ? nil : order.token.map { baseURL + "/change/" + $0 }
            sentAt = order.sentAt.map { isoUTC($0.secondsSince1970) }
            decidedAt = order.decidedAt.map { isoUTC($0.secondsSince1970) }
            decidedAddress = order.decidedAddress
            createdAt = isoUTC(order.createdAt.secondsSince1970)
        }
    }

    struct JobPageJSON: Encodable {
        var items: [JobJSON]
    }

    static let jobFields = ["customer_id", "conversation_id", "title", "included", "excluded", "pricing", "price_cents",
                            "estimate_minutes", "service_id", "starts_on", "ends_on", "duration_days", "next_step", "next_step_owner"]

    func add(to group: RouterGroup<DeskContext>) {
        group.get("jobs") { request, context in
            _ = try context.requireCaller()
            let jobs = try desk(context)
            let list: [Job] = if let customer = request.uri.queryParameters.get("customer") {
                try await jobs.jobs(customerID: Customer.ID(customer))
            } else {
                try await jobs.openJobs().map(\.job)
            }
            return try JSONResponse.make(JobPageJSON(items: list.map { JobJSON($0, baseURL: publicBaseURL) }))
        }
        group.post("jobs") { request, context in
            let caller = try context.requireCaller()
            let draft = try await jobDraft(request, context: context, policy: try caller.workspace.policy())
            let job = try await rules { try await desk(context).propose(draft, actor: caller.actor, now: clock.now()) }
            var response = try JSONResponse.make(JobJSON(job, baseURL: publicBaseURL), status: .created)
            response.headers[.location] = "/api/v1/jobs/\(job.id)"
            return response
        }
        group.get("jobs/:id") { _, context in
            let caller = try context.requireCaller()
            let job = try await job(context, caller)
            return try JSONResponse.make(JobJSON(job, baseURL: publicBaseURL))
        }
        group.post("jobs/:id/status") { request, context in
            let caller = try context.requireCaller()
            let job = try await job(context, caller)
            let body = try await JSONBody.read(request, limit: 16 * 1024)
            try body.allowOnly(["status"])
            let text = try body.string("status", required: true) ?? ""
            guard let target = Job.Status(rawValue: text) else {
                throw APIError(.unprocessableContent, code: "invalid", "status must be one of "
                               + Job.Status.allCases.map(\.rawValue).joined(separator: ", "), field: "status")
            }
            let changed = try await rules(conflict: true) {
                try await desk(context).move(job.id, to: target, actor: caller.actor, now: clock.now())
            }
            return try JSONResponse.make(JobJSON(changed ?? job, baseURL: publicBaseURL))
        }
        group.post("jobs/:id/summary") { request, context in
            let caller = try context.requireCaller()
            let job = try await job(context, caller)
            let sendNow = try await sendNow(request)
            let (sent, _) = try await rules(conflict: true) {
                try await desk(context).sendSummary(job.id, sendNow: sendNow, actor: caller.actor, now: clock.now())
            }
            outbox.nudge()
            return try JSONResponse.make(JobJSON(sent, baseURL: publicBaseURL))
        }
        group.post("jobs/:id/change-orders") { request, context in
            let caller = try context.requireCaller()
            let job = try await job(context, caller)
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(["item", "price_cents", "extra_days"])
            let item = try body.string("item", required: true) ?? ""
            let cents = try body.integer("price_cents").map(Int64.init)
            let days = try body.integer("extra_days") ?? 0
            let order = try await rules {
                try await desk(context).draftChangeOrder(on: job, item: item, priceCents: cents, priceFromService: false,
                                                        extraDays: days, actor: caller.actor, now: clock.now())
            }
            return try created(order)
        }
        group.post("conversations/:id/change-order") { _, context in
            let caller = try context.requireCaller()
            let id = try context.parameters.require("id", as: Conversation.ID.self)
            guard try await context.requireDesk().conversation(id) != nil else {
                throw APIError(.notFound, code: "not_found", "no conversation \(id)")
            }
            let order = try await rules { try await desk(context).draftChangeOrder(conversationID: id, actor: caller.actor, now: clock.now()) }
            return try created(order)
        }
        group.get("change-orders/:id") { _, context in
            let caller = try context.requireCaller()
            return try JSONResponse.make(ChangeOrderJSON(try await order(context, caller), baseURL: publicBaseURL))
        }
        group.patch("change-orders/:id") { request, context in
            let caller = try context.requireCaller()
            let order = try await order(context, caller)
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(["item", "price_cents", "extra_days", "message"])
            let item = try body.string("item") ?? order.item
            let price = body.isNull("price_cents") ? nil
                : body.has("price_cents") ? try body.integer("price_cents").map(Int64.init) : order.priceCents
            let days = try body.integer("extra_days") ?? order.extraDays
            // Without a message of its own, the message follows the new terms.
            let message = try body.string("message")
            let updated = try await rules(conflict: true) {
                try await desk(context).revise(order, item: item, priceCents: price, extraDays: days, message: message, now: clock.now())
            }
            return try JSONResponse.make(ChangeOrderJSON(updated ?? order, baseURL: publicBaseURL))
        }
        group.post("change-orders/:id/send") { request, context in
            let caller = try context.requireCaller()
            let order = try await order(context, caller)
            let sendNow = try await sendNow(request)
            let (sent, _) = try await rules(conflict: true) {
                try await desk(context).send(order, sendNow: sendNow, actor: caller.actor, now: clock.now())
            }
            outbox.nudge()
            return try JSONResponse.make(ChangeOrderJSON(sent, baseURL: publicBaseURL))
        }
        group.post("change-orders/:id/withdraw") { _, context in
            let caller = try context.requireCaller()
            let order = try await order(context, caller)
            let withdrawn = try await rules(conflict: true) {
                try await desk(context).withdraw(order, actor: caller.actor, now: clock.now())
            }
            return try JSONResponse.make(ChangeOrderJSON(withdrawn ?? order, baseURL: publicBaseURL))
        }
    }

    private func desk(_ context: DeskContext) throws -> JobDesk {
        try context.requireDesk().jobs()
    }

    private func created(_ order: ChangeOrder) throws -> Response {
        var response = try JSONResponse.make(ChangeOrderJSON(order, baseURL: publicBaseURL), status: .created)
        response.headers[.location] = "/api/v1/change-orders/\(order.id)"
        return response
    }

    /// Runs `body`, turning a rule's refusal into a 422 (or 409 when the state of things is the
    /// reason) and a store's "not found" into a 404, each naming the field.
    private func rules<T>(conflict: Bool = false, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let problem as JobProblem {
            let stateful = ["status", "change", "job_id", "job"].contains(problem.field)
            throw APIError(conflict && stateful ? .conflict : .unprocessableContent, code: conflict && stateful ? "conflict" : "invalid",
                           problem.message, field: problem.field)
        } catch let problem as ReplyProblem {
            throw APIError(problem.code == .notFound ? .notFound : .unprocessableContent, code: "invalid", problem.message,
                           field: problem.field)
        } catch let error as StoreError where error.code == .notFound {
            throw APIError(.unprocessableContent, code: "not_found", error.message, field: error.field ?? "id")
        }
    }

    private func job(_ context: DeskContext, _ caller: Caller) async throws -> Job {
        let id = try context.parameters.require("id", as: Job.ID.self)
        guard let job = try await desk(context).job(id) else {
            throw APIError(.notFound, code: "not_found", "no job \(id)")
        }
        return job
    }

    private func order(_ context: DeskContext, _ caller: Caller) async throws -> ChangeOrder {
        let id = try context.parameters.require("id")
        guard let order = try await desk(context).changeOrder(id) else {
            throw APIError(.notFound, code: "not_found", "no change order \(id)")
        }
        return order
    }

    private func sendNow(_ request: Request) async throws -> Bool {
        // The body is optional (the document does not require one): none means "in the window".
        let body = try await JSONBody.read(request, limit: 16 * 1024, emptyIsObject: true)
        try body.allowOnly(["send_now"])
        return try body.bool("send_now") ?? false
    }

    /// The job a request body describes; every problem names its field.
    private func jobDraft(_ request: Request, context: DeskContext, policy: Policy) async throws -> JobDraft {
        let body = try await JSONBody.read(request, limit: context.maxUploadSize)
        try body.allowOnly(Self.jobFields)
        var fields: [String: String] = [:]
        for key in ["customer_id", "conversation_id", "title", "pricing", "service_id", "starts_on", "ends_on", "next_step",
                    "next_step_owner"] {
            if let value = try body.string(key) { fields[key] = value }
        }
        guard let customerID = fields["customer_id"] else {
            throw APIError(.unprocessableContent, code: "missing_field", "'customer_id' is required", field: "customer_id")
        }
        var input = JobInput()
        input.customerID = customerID
        input.conversationID = fields["conversation_id"] ?? ""
        input.title = fields["title"] ?? ""
        input.included = (try body.strings("included") ?? []).joined(separator: "\n")
        input.excluded = (try body.strings("excluded") ?? []).joined(separator: "\n")
        let pricing = fields["pricing"] ?? "fixed"
        switch pricing {
        case "fixed", "hourly": input.pricing = pricing
        case "service":
            guard let service = fields["service_id"] else {
                throw APIError(.unprocessableContent, code: "missing_field", "'service_id' is required when pricing is service",
                               field: "service_id")
            }
            input.pricing = "service:" + service
        default:
            throw APIError(.unprocessableContent, code: "invalid", "pricing must be fixed, hourly or service, not '\(pricing)'",
                           field: "pricing")
        }
        if let cents = try body.integer("price_cents") { input.price = Money.typed(cents: Int64(cents)) }
        if let minutes = try body.integer("estimate_minutes") { input.estimate = "\(minutes)m" }
        input.startsOn = fields["starts_on"] ?? ""
        input.endsOn = fields["ends_on"] ?? ""
        if let days = try body.integer("duration_days") { input.days = String(days) }
        input.nextStep = fields["next_step"] ?? ""
        if let owner = fields["next_step_owner"] {
            guard owner == "us" || owner == "customer" else {
                throw APIError(.unprocessableContent, code: "invalid", "next_step_owner must be us or customer", field: "next_step_owner")
            }
            input.nextStepOwner = owner
        }
        switch input.draft(policy: policy) {
        case .success(let draft):
            do { return try draft.checked() } catch {
                throw APIError(.unprocessableContent, code: "invalid", error.message, field: error.field)
            }
        case .failure(let problem):
            let field = problem.field == "price" ? "price_cents" : problem.field
            throw APIError(.unprocessableContent, code: "invalid", problem.message, field: field)
        }
    }
}
