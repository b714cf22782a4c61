import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/api/v1/webhooks`: where the owner is told at once about what the policy calls urgent.
/// A hook's secret is shown once, when it is added; every call is signed with it.
struct WebhooksController {
    let sender: WebhookSender
    let key: ServerKey

    func add(to group: RouterGroup<DeskContext>) {
        group.get("webhooks") { _, context in
            let hooks = try await context.requireDesk().webhooks(key: key).list()
            var json = JSONWriter()
            json.beginObject()
            json.key("items")
            json.beginArray()
            for hook in hooks { Self.write(hook, secret: nil, to: &json) }
            json.endArray()
            json.endObject()
            return json.response(status: .ok)
        }
        group.post("webhooks") { request, context in
            let caller = try context.requireCaller()
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(["url", "description"])
            let url = try body.string("url", required: true)!
            do {
                try Webhook.validate(url: url.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch let error as StoreError {
                throw APIError(.unprocessableContent, code: "invalid", error.message, field: "url")
            }
            let description = try body.string("description") ?? ""
            guard description.unicodeScalars.count <= 200 else {
                throw APIError(.unprocessableContent, code: "invalid", "description: at most 200 characters", field: "description")
            }
            let desk = try context.requireDesk()
            let added = try await desk.webhooks(key: key)
                .add(url: url, description: description, actor: caller.actor, now: desk.now)
            var json = JSONWriter()
            Self.write(added.hook, secret: added.secret, to: &json)
            return json.response(status: .created)
        }
        group.delete("webhooks/:id") { _, context in
            let caller = try context.requireCaller()
            let id = try context.parameters.require("id")
            let desk = try context.requireDesk()
            guard try await desk.webhooks(key: key).remove(id, actor: caller.actor, now: desk.now)
            else { throw APIError(.notFound, code: "not_found", "there is no webhook \(id) in this workspace") }
            return Response(status: .noContent)
        }
        // Calls the hook once now with a test event and says what happened: for setting one up.
        group.post("webhooks/:id/test") { _, context in
            let caller = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
            guard let hook = try await desk.webhooks(key: key).hook(id) else {
                throw APIError(.notFound, code: "not_found", "there is no webhook \(id) in this workspace")
            }
            let now = desk.now
            let outcome = await sender.call(hook, body: OwnerNotice.test(workspace: caller.workspace, now: now),
                                            deliveryID: "test-" + NewID.make(), now: now)
            var json = JSONWriter()
            json.beginObject()
            switch outcome.result {
            case .delivered(let status):
                json.key("delivered"); json.bool(true)
                json.key("status"); json.integer(Int64(status))
            case .retrying(_, let reason), .failed(let reason):
                json.key("delivered"); json.bool(false)
                json.key("error"); json.string(reason)
            }
            json.endObject()
            return json.response(status: .ok)
        }
        // Recent calls, newest first: waiting, retrying (with the last error), delivered, failed.
        group.get("webhooks/deliveries") { _, context in
            let tasks = try await context.requireDesk().webhooks(key: key).deliveries(limit: 50)
            var json = JSONWriter()
            json.beginObject()
            json.key("items")
            json.beginArray()
            for task in tasks {
                let delivery = WebhookDelivery(task: task)
                json.beginObject()
                json.key("id"); json.string(task.id)
                json.key("webhook_id"); json.string(delivery?.webhookID)
                json.key("state"); json.string(Self.state(of: task))
                json.key("attempts"); json.integer(Int64(task.attempts))
                json.key("next_attempt_at"); json.instant(task.state == .queued ? task.runAt : nil)
                json.key("last_error"); json.string(task.lastError)
                json.key("created_at"); json.instant(task.createdAt)
                json.key("body"); json.raw(Array((delivery?.body ?? "null").utf8))
                json.endObject()
            }
            json.endArray()
            json.endObject()
            return json.response(status: .ok)
        }
    }

    /// What the owner sees: a queued call that has been tried is retrying.
    static func state(of task: QueuedTask) -> String {
        switch task.state {
        case .queued: task.attempts > 0 ? "retrying" : "waiting"
        case .running: "calling"
        case .done: "delivered"
        case .failed: "failed"
        case .held, .uncertain, .cancelled: task.state.rawValue
        }
    }

    /// A hook as JSON; `secret` only when it was just added (it is never shown again).
    static func write(_ hook: Webhook, secret: String?, to json: inout JSONWriter) {
        json.beginObject()
        json.key("id"); json.string(hook.id)
        json.key("url"); json.string(hook.url)
        json.key("description"); json.string(hook.description)
        if let secret {
            json.key("secret"); json.string(secret)
        }
        json.key("created_at"); json.instant(hook.createdAt)
        json.endObject()
    }
}
