import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `GET /api/v1/quarantine`: messages kept but not filed because they could not be read, with
/// why, newest first, so the owner sees that nothing was lost.
struct QuarantineController {

    func add(to group: RouterGroup<DeskContext>) {
        group.get("quarantine") { request, context in
            let desk = try context.requireDesk()
            let paging = try Paging(request)
            guard paging.after == nil else {
                throw APIError(.badRequest, code: "bad_parameter", "the quarantine list is not paged; give only limit (1 to 200)",
                               field: "after")
            }
            let messages = try await desk.quarantined(limit: paging.limit)
            var json = JSONWriter(capacity: 256 * messages.count + 32)
            json.beginObject()
            json.key("items")
            json.beginArray()
            for message in messages {
                json.beginObject()
                json.key("channel"); json.string(message.channel)
                json.key("id"); json.string(message.id)
                json.key("raw_size"); json.integer(message.rawSize)
                json.key("reason"); json.string(message.reason)
                json.key("received_at"); json.string(isoUTC(message.receivedAt))
                json.key("sender"); json.string(message.sender)
                json.key("subject"); json.string(message.subject)
                json.endObject()
            }
            json.endArray()
            json.endObject()
            return json.response()
        }
    }
}
