import Foundation
import GatehouseCore
import GatehouseStore
import Hummingbird

/// `GET /api/v1/outbox`: the emails the desk has queued (acknowledgements, alerts to the owner),
/// by state, soonest first — until the outbox delivers them, this is where they wait, visibly.
struct OutboxController {
    let database: Database

    func add(to group: RouterGroup<DeskContext>) {
        group.get("outbox") { request, context in
            let caller = try context.requireCaller()
            let stateName = request.uri.queryParameters.get("state") ?? "queued"
            guard let state = QueuedTask.State(rawValue: stateName) else {
                throw APIError(.badRequest, code: "bad_parameter", "'state' must be queued, running, done or failed, not '\(stateName)'",
                               field: "state")
            }
            let limit = try Paging(request).limit
            let tasks = try await TaskQueue(database: database)
                .list(workspaceID: caller.workspace.id, state: state, kind: "deliver-email", limit: limit)
            struct Payload: Decodable {
                var message_id: String
                var purpose: String
            }
            let payloads = tasks.map { try? JSONDecoder().decode(Payload.self, from: Data($0.payload.utf8)) }
            let messages = try await Conversations(database: database, workspaceID: caller.workspace.id)
                .summaries(payloads.compactMap { $0?.message_id })
            var json = JSONWriter()
            json.beginObject()
            json.key("items")
            json.beginArray()
            for (task, payload) in zip(tasks, payloads) {
                let message = payload.flatMap { messages[$0.message_id] }
                json.beginObject()
                json.key("id"); json.string(task.id)
                json.key("state"); json.string(task.state.rawValue)
                json.key("purpose"); json.string(payload?.purpose)
                json.key("send_at"); json.instant(task.runAt)
                json.key("attempts"); json.integer(Int64(task.attempts))
                json.key("last_error"); json.string(task.lastError)
                json.key("message_id"); json.string(payload?.message_id)
                json.key("conversation_id"); json.string(message?.conversationID)
                json.key("to"); json.string(message?.party)
                json.key("subject"); json.string(message?.subject)
                json.endObject()
            }
            json.endArray()
            json.endObject()
            return json.response(status: .ok)
        }
    }
}
