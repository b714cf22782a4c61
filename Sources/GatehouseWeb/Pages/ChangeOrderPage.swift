import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// `/changes/{id}`: one change order for the owner — its terms while it is a draft, the message
/// the customer will get, sending and withdrawing it. Also the conversation page's answers to an
/// out-of-scope request: a change order in one click, a referral to a partner, a kind no.
struct ChangeOrderPage {
    let owner: OwnerPages
    let outbox: OutboxService
    let publicBaseURL: String

    static let notices = [
        "drafted": "A draft change order: check the price and the days, then send it.", "saved": "Saved.",
        "sent": "The change order is in the outbox; the customer can accept or decline it on its page.",
        "withdrawn": "The change order is withdrawn; its page tells the customer so.",
    ]

    func add(to router: RouterGroup<DeskContext>) {
        router.get("changes/:id") { request, context in
            let signedIn = try context.requireCaller()
            return try await page(signedIn, context.requireDesk(), id: try context.parameters.require("id"),
                                  notice: Self.notices[request.uri.queryParameters.get("done") ?? ""])
        }
        router.post("changes/:id") { request, context in
            try await form(request, context) { signedIn, desk, order, fields in
                var cents: Int64?
                if !fields["price"].isEmpty {
                    guard let parsed = Money.cents(typed: fields["price"]) else {
                        return try await page(signedIn, desk, id: order.id, problem: "price: write it like 90 or 120.50",
                                              status: .unprocessableContent)
                    }
                    cents = parsed
                }
                guard let days = Int(fields["extra_days"].isEmpty ? "0" : fields["extra_days"]) else {
                    return try await page(signedIn, desk, id: order.id, problem: "extra_days: write a number of working days, like 0 or 2",
                                          status: .unprocessableContent)
                }
                // The message follows the terms unless the owner rewrote it in this form.
                let message = fields.raw("message")
                let rewritten = message.trimmingCharacters(in: .whitespacesAndNewlines)
                    != fields.raw("shown_message").trimmingCharacters(in: .whitespacesAndNewlines)
                do {
                    _ = try await desk.jobs().revise(order, item: fields["item"], priceCents: cents, extraDays: days,
                                                        message: rewritten ? message : nil, now: desk.now)
                    return Self.back(order.id, done: "saved")
                } catch let problem as JobProblem {
                    return try await page(signedIn, desk, id: order.id, problem: problem.description, status: .unprocessableContent)
                }
            }
        }
        router.post("changes/:id/send") { request, context in
            try await form(request, context) { signedIn, desk, order, fields in
                do {
                    _ = try await desk.jobs().send(order, sendNow: fields["send_now"] == "yes", actor: signedIn.userID,
                                                      now: desk.now)
                    outbox.nudge()
                    return Self.back(order.id, done: "sent")
                } catch let problem as JobProblem {
                    return try await page(signedIn, desk, id: order.id, problem: problem.description, status: .conflict)
                } catch let problem as ReplyProblem {
                    return try await page(signedIn, desk, id: order.id, problem: problem.description, status: .unprocessableContent)
                }
            }
        }
        router.post("changes/:id/withdraw") { request, context in
            try await form(request, context) { signedIn, desk, order, _ in
                do {
                    _ = try await desk.jobs().withdraw(order, actor: signedIn.userID, now: desk.now)
                    return Self.back(order.id, done: "withdrawn")
                } catch let problem as JobProblem {
                    return try await page(signedIn, desk, id: order.id, problem: problem.description, status: .conflict)
                }
            }
        }
        // The conversation page's answers to a request outside the agreed scope.
        router.post("conversations/:id/change-order") { request, context in
            let id = try context.parameters.require("id")
            let desk = try context.requireDesk()
            return try await owner.post(request, context, find: { _ in
                try await desk.conversation(Conversation.ID(id))
            }, missing: noConversation) { signedIn, _, _ in
                do {
                    let order = try await desk.jobs().draftChangeOrder(conversationID: Conversation.ID(id), actor: signedIn.userID,
                                                                          now: desk.now)
                    return Response(status: .seeOther, headers: [.location: "/changes/\(order.id)?done=drafted"])
                } catch let problem as JobProblem {
                    return scopeProblem(Conversation.ID(id), problem)
                }
            }
        }
        router.post("conversations/:id/refer") { request, context in
            try await answer(request, context, done: "refer") { mail, now, id, fields in
                _ = try await mail.refer(conversationID: Conversation.ID(id), partner: fields["partner"], sendNow: fields["send_now"] == "yes",
                                         now: now)
            }
        }
        router.post("conversations/:id/decline") { request, context in
            try await answer(request, context, done: "decline") { mail, now, id, fields in
                _ = try await mail.decline(conversationID: Conversation.ID(id), reason: fields["reason"], sendNow: fields["send_now"] == "yes",
                                           now: now)
            }
        }
    }

    private func scopeProblem(_ conversationID: Conversation.ID, _ problem: any DeskProblem) -> Response {
        owner.pages.errorPage(.unprocessableContent, heading: "That answer could not be made", message: problem.sentence,
                              link: ("/conversations/\(conversationID)", "Back to the conversation"))
    }

    struct Party: Equatable { var id, name: String }
    /// The customer's answer, once given.
    struct Decision: Equatable {
        var when: String
        var address: String?
        var accepted: Bool
    }
    /// Everything the change-order page shows.
    struct Model: Equatable {
        var orderID, item, status: String
        var notice, problem: String?
        var jobID, jobTitle, jobStatus: String
        var customer: Party?
        var conversationID, price, priceInput: String?
        /// Where the price comes from, in words.
        var basis: String?
        var extraDays, timeEffect: String
        var message: String?
        var isDraft, canWithdraw: Bool
        /// The customer's page, once the change order was sent.
        var link: String?
        var sent: String?
        var decided: Decision?
    }

    static func back(_ id: String, done: String) -> Response {
        Response(status: .seeOther, headers: [.location: "/changes/\(id)?done=\(done)"])
    }

    private func form(_ request: Request, _ context: DeskContext,
                      _ handle: (Caller, WorkspaceDesk, ChangeOrder, FormFields) async throws -> Response) async throws -> Response {
        let id = try context.parameters.require("id")
        let desk = try context.requireDesk()
        return try await owner.post(request, context, find: { _ in
            try await desk.jobs().changeOrder(id)
        }, missing: notFound) { signedIn, order, fields in try await handle(signedIn, desk, order, fields) }
    }

    /// An answer to a conversation's request (a referral, a no) put in the outbox, or the reason it
    /// could not be.
    private func answer(_ request: Request, _ context: DeskContext, done: String,
                        _ write: @escaping (JobMail, Instant, String, FormFields) async throws -> Void) async throws -> Response {
        let id = try context.parameters.require("id")
        let desk = try context.requireDesk()
        return try await owner.post(request, context, find: { _ in
            try await desk.conversation(Conversation.ID(id))
        }, missing: noConversation) { _, _, fields in
            do {
                try await write(try desk.jobs().mail, desk.now, id, fields)
                outbox.nudge()
                return ConversationPage.back(id, done: done)
            } catch let problem as JobProblem {
                return scopeProblem(Conversation.ID(id), problem)
            } catch let problem as ReplyProblem {
                return scopeProblem(Conversation.ID(id), problem)
            }
        }
    }

    private func noConversation() -> Response {
        owner.pages.errorPage(.notFound, heading: "No such conversation", message: "It is not in this workspace.",
                              link: ("/inbox", "Back to the inbox"))
    }

    private func notFound() -> Response {
        owner.pages.errorPage(.notFound, heading: "No such change order", message: "It is not in this workspace.",
                              link: ("/jobs", "Back to the jobs"))
    }

    private func page(_ signedIn: Caller, _ desk: WorkspaceDesk, id: String, notice: String? = nil, problem: String? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let order = try await desk.jobs().changeOrder(id),
              let job = try await desk.jobs().job(order.jobID)
        else { return notFound() }
        let policy = try desk.policy()
        let calendar = try desk.calendar()
        let customer = try await desk.customers.customer(order.customerID)
        let service = order.serviceID.flatMap { id in policy.services.first { $0.id == id } }
        // Where the price comes from, as the draft worked it out (house rule 1: decisions explained).
        let basis: String? = switch (service, order.estimate) {
        case let (service?, estimate?): "The \(service.name) rate, \(policy.business.price(service.price)), for an estimated \(estimate.spokenDescription)."
        case let (service?, nil) where service.price == .quote: "Your policy prices \(service.name) by quote."
        case let (service?, nil): "Priced as \(service.name): \(policy.business.price(service.price))."
        case (nil, _) where order.priceCents == nil: "No service in your policy covers this, so it has no price of its own."
        default: nil
        }
        let model = Model(
            orderID: order.id, item: order.item, status: order.status.rawValue, notice: notice?.nonEmpty, problem: problem?.nonEmpty,
            jobID: job.id.rawValue, jobTitle: job.title, jobStatus: job.status.label,
            customer: customer.map { Party(id: $0.id.rawValue, name: $0.name) },
            conversationID: order.conversationID?.rawValue.nonEmpty,
            price: order.priceCents.map { policy.business.price($0) }?.nonEmpty,
            priceInput: order.priceCents.map { Money.typed(cents: $0) }?.nonEmpty, basis: basis?.nonEmpty,
            extraDays: String(order.extraDays), timeEffect: ChangeOrderProposal.timeEffect(order.extraDays),
            message: order.message.nonEmpty, isDraft: order.status == .draft,
            canWithdraw: order.status == .draft || order.status == .sent,
            link: order.status == .draft ? nil : order.token.map { publicBaseURL + "/change/" + $0 },
            sent: order.sentAt.map(calendar.spoken),
            decided: order.decidedAt.map { at in
                Decision(when: calendar.spoken(at), address: order.decidedAddress?.nonEmpty, accepted: order.status == .accepted)
            })
        return owner.render("change-order", signedIn, section: .jobs, title: "Change order: \(order.item)", page: model, status: status)
    }
}
