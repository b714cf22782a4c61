import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/api/v1/outbox`: every email the desk sends — acknowledgements, alerts to the owner, the
/// owner's replies — with where it stands and why, and the owner's decisions about each.
struct OutboxController {
    let outbox: OutboxService

    func add(to group: RouterGroup<DeskContext>) {
        group.get("outbox") { request, context in
            let desk = try context.requireDesk()
            var state: OutboxState?
            if let name = request.uri.queryParameters.get("state") {
                guard let known = OutboxState(rawValue: name) else {
                    throw APIError(.badRequest, code: "bad_parameter",
                                   "'state' must be one of \(OutboxState.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'",
                                   field: "state")
                }
                state = known
            }
            let limit = try Paging(request).limit
            let emails = try await desk.outbox.list(state: state, limit: limit)
            var json = JSONWriter()
            json.beginObject()
            json.key("items")
            json.beginArray()
            for email in emails { Self.write(email, to: &json) }
            json.endArray()
            json.endObject()
            return json.response(status: .ok)
        }
        group.get("outbox/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let email = try await context.requireDesk().outbox.get(id) else {
                throw APIError(.notFound, code: "not_found", "there is no email \(id) in this workspace's outbox")
            }
            var json = JSONWriter()
            Self.write(email, to: &json)
            return json.response(status: .ok)
        }
        decision("send-now", applies: "scheduled, held or retrying", group: group) { _, _, _ in .sendNow }
        decision("cancel", applies: "scheduled, held, retrying, failed or uncertain", group: group) { _, _, _ in .cancel }
        decision("retry", applies: "failed", group: group) { _, _, _ in .retry }
        decision("settle", applies: "uncertain", group: group) { body, _, _ in
            guard let arrived = try body?.bool("arrived") else {
                throw APIError(.unprocessableContent, code: "missing_field",
                               "'arrived' is required: true when the customer got it, false to send it again", field: "arrived")
            }
            return .settle(arrived: arrived)
        }
        group.post("outbox/:id/release") { _, context in
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
            guard let email = try await desk.replies().release(id, now: desk.now) else {
                throw try await Self.notApplicable(id, applies: "held", desk: desk)
            }
            outbox.nudge()
            var json = JSONWriter()
            Self.write(email, to: &json)
            return json.response(status: .ok)
        }
    }

    /// `POST /outbox/{id}/NAME`: one of the owner's decisions, answered with the email as it now stands.
    private func decision(_ name: String, applies: String, group: RouterGroup<DeskContext>,
                          _ make: @escaping @Sendable (JSONBody?, Request, DeskContext) throws -> OutboxDecision) {
        group.post("outbox/:id/\(name)") { request, context in
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
            var body: JSONBody?
            if name == "settle" {
                let read = try await JSONBody.read(request, limit: context.maxUploadSize)
                try read.allowOnly(["arrived"])
                body = read
            }
            let decision = try make(body, request, context)
            guard let email = try await desk.outbox.decide(id, decision, now: desk.now) else {
                throw try await Self.notApplicable(id, applies: applies, desk: desk)
            }
            if email.state == .scheduled { outbox.nudge() }
            var json = JSONWriter()
            Self.write(email, to: &json)
            return json.response(status: .ok)
        }
    }

    static func notApplicable(_ id: String, applies: String, desk: WorkspaceDesk) async throws -> APIError {
        guard let email = try await desk.outbox.get(id) else {
            return APIError(.notFound, code: "not_found", "there is no email \(id) in this workspace's outbox")
        }
        return APIError(.conflict, code: "wrong_state", "this email is \(email.state.rawValue); that applies only to \(applies) email")
    }

    static func write(_ email: OutboxEmail, to json: inout JSONWriter, also: (inout JSONWriter) -> Void = { _ in }) {
        let task = email.task
        json.beginObject()
        json.key("id"); json.string(task.id)
        json.key("state"); json.string(email.state.rawValue)
        json.key("purpose"); json.string(email.payload?.purpose.rawValue)
        json.key("to"); json.string(email.recipient)
        json.key("subject"); json.string(email.subject)
        json.key("conversation_id"); json.string(email.conversationID)
        json.key("message_id"); json.string(email.payload?.messageID)
        json.key("send_at"); json.instant(task.runAt)
        json.key("why"); json.string(task.note)
        json.key("attempts"); json.integer(Int64(task.attempts))
        json.key("last_error"); json.string(task.lastError)
        json.key("queue_id"); json.string(email.state == .sent ? task.outcome : nil)
        json.key("created_at"); json.instant(task.createdAt)
        json.key("updated_at"); json.instant(task.updatedAt)
        also(&json)
        json.endObject()
    }
}
