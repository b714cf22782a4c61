import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `POST /api/v1/conversations/{id}/replies`: the owner writes a reply whenever it suits them;
/// it is queued for the next response window (or sent at once when asked, or when urgent).
struct RepliesController {
    func add(to group: RouterGroup<DeskContext>) {
        group.post("conversations/:id/replies") { request, context in
            let caller = try context.requireCaller()
            let id = try context.parameters.require("id", as: Conversation.ID.self)
            let body = try await JSONBody.read(request, limit: context.maxUploadSize)
            try body.allowOnly(["text", "send_now", "composing_started_at"])
            let text = try body.string("text", required: true)!
            let sendNow = try body.bool("send_now") ?? false
            let started = try body.instant("composing_started_at")
            let written: WrittenReply
            do {
                let desk = try context.requireDesk()
                written = try await desk.replies()
                    .write(conversationID: id, text: text, sendNow: sendNow,
                           writer: ReplyWriter(actor: caller.actor, composerOpenedAt: started?.secondsSince1970), now: desk.now)
            } catch let problem as ReplyProblem {
                throw APIError(problem.code == .notFound ? .notFound : .unprocessableContent,
                               code: problem.code == .notFound ? "not_found" : "invalid", problem.message, field: problem.field)
            }
            if written.leavesNow { try context.requireDesk().nudgeOutbox() }
            let email = written.email
            var json = JSONWriter()
            OutboxController.write(email, to: &json) { json in
                json.key("writing_minutes"); json.integer(Int64(written.time.minutes))
                json.key("writing_time"); json.string(written.time.words)
            }
            return json.response(status: .created)
        }
    }
}
