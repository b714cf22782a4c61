import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/api/v1/customers`: list (paged, searchable), get, create, update, delete.
struct CustomersController {

    struct CustomerJSON: Encodable {
        var id: String
        var name: String
        var kind: String
        var plan: String
        var notes: String
        var emails: [String]
        var phones: [String]
        var createdAt: String
        var updatedAt: String

        enum CodingKeys: String, CodingKey {
            case id, name, kind, plan, notes, emails, phones
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }

        init(_ customer: Customer) {
            id = customer.id.rawValue
            name = customer.name
            kind = customer.kind.rawValue
            plan = customer.planID
            notes = customer.notes
            emails = customer.emails
            phones = customer.phones
            createdAt = isoUTC(customer.createdAt)
            updatedAt = isoUTC(customer.updatedAt)
        }
    }

    struct ListJSON<Item: Encodable>: Encodable {
        var items: [Item]
        var next: String?
    }

    static let fields = ["name", "kind", "plan", "notes", "emails", "phones"]

    func add(to group: RouterGroup<DeskContext>) {
        group.get("customers") { request, context in
            let desk = try context.requireDesk()
            let paging = try Paging(request)
            let page = try await desk.customers
                .list(search: request.uri.queryParameters.get("search"), after: paging.after, limit: paging.limit)
            return try JSONResponse.make(ListJSON(items: page.items.map(CustomerJSON.init), next: page.next))
        }
        group.get("customers/:id") { _, context in
            let id = try context.parameters.require("id", as: Customer.ID.self)
            guard let customer = try await context.requireDesk().customers.customer(id) else {
                throw APIError(.notFound, code: "not_found", "no customer \(id)")
            }
            return try JSONResponse.make(CustomerJSON(customer))
        }
        group.post("customers") { request, context in
            let caller = try context.requireCaller()
            let desk = try context.requireDesk()
            let draft = try await draft(from: request, context: context, desk: desk, existing: nil)
            let customer = try await desk.customers.add(draft, actor: caller.actor, now: desk.now)
            var response = try JSONResponse.make(CustomerJSON(customer), status: .created)
            response.headers[.location] = "/api/v1/customers/\(customer.id)"
            return response
        }
        group.patch("customers/:id") { request, context in
            try await update(request, context)
        }
        group.put("customers/:id") { request, context in
            try await update(request, context)
        }
        // Everything kept about the customer, as a zip (what they may ask to see).
        group.get("customers/:id/export") { _, context in
            let caller = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id", as: Customer.ID.self)
            guard let export = try await desk.customerData.export(id, actor: caller.actor, now: desk.now)
            else { throw APIError(.notFound, code: "not_found", "no customer \(id)") }
            return export.download
        }
        group.delete("customers/:id") { _, context in
            let caller = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id", as: Customer.ID.self)
            guard try await desk.customers.remove(id, actor: caller.actor, now: desk.now)
            else { throw APIError(.notFound, code: "not_found", "no customer \(id)") }
            return Response(status: .noContent)
        }
    }

    private func update(_ request: Request, _ context: DeskContext) async throws -> Response {
        let caller = try context.requireCaller()
        let desk = try context.requireDesk()
        let id = try context.parameters.require("id", as: Customer.ID.self)
        guard let existing = try await desk.customers.customer(id) else { throw APIError(.notFound, code: "not_found", "no customer \(id)") }
        let draft = try await draft(from: request, context: context, desk: desk, existing: existing)
        guard let updated = try await desk.customers.change(id, to: draft, actor: caller.actor, now: desk.now) else {
            throw APIError(.notFound, code: "not_found", "no customer \(id)")
        }
        return try JSONResponse.make(CustomerJSON(updated))
    }

    /// The customer a request describes; fields left out keep `existing`'s values.
    private func draft(from request: Request, context: DeskContext, desk: WorkspaceDesk,
                       existing: Customer?) async throws -> CustomerDraft {
        let body = try await JSONBody.read(request, limit: context.maxUploadSize)
        try body.allowOnly(Self.fields)
        let policy = try desk.policy()
        let name = try body.string("name", required: existing == nil) ?? existing?.name ?? ""
        var kind = existing?.kind ?? .customer
        if let text = try body.string("kind") {
            guard let value = Customer.Kind(rawValue: text) else {
                throw APIError(.unprocessableContent, code: "invalid", "kind must be customer or prospect, not '\(text)'",
                               field: "kind")
            }
            kind = value
        }
        let plan = try body.string("plan") ?? existing?.planID ?? policy.defaultPlan.id
        guard policy.plan(id: plan) != nil else {
            throw APIError(.unprocessableContent, code: "invalid",
                           "plan '\(plan)' is not in this workspace's policy; expected one of "
                           + policy.plans.map(\.id).joined(separator: ", "), field: "plan")
        }
        return CustomerDraft(name: name, kind: kind, planID: plan,
                             notes: try body.string("notes") ?? existing?.notes ?? "",
                             emails: try body.strings("emails") ?? existing?.emails ?? [],
                             phones: try body.strings("phones") ?? existing?.phones ?? [])
    }
}
