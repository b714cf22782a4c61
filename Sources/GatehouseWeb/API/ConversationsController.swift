import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/api/v1/conversations` and their messages (read-only here; intake writes them).
struct ConversationsController {
    /// A conversation as the API shows it (keys in alphabetical order, like every API object).
    static func write(_ conversation: Conversation, to json: inout JSONWriter) {
        json.beginObject()
        json.key("channel"); json.string(conversation.channel.rawValue)
        json.key("created_at"); json.instant(conversation.createdAt)
        json.key("customer_id"); json.string(conversation.customerID)
        json.key("id"); json.string(conversation.id)
        json.key("last_message_at"); json.instant(conversation.lastMessageAt)
        json.key("promised_at"); json.instant(conversation.promisedAt)
        json.key("quadrant"); json.string(conversation.quadrant?.rawValue)
        json.key("reasons")
        json.strings(conversation.reasons)
        json.key("scope"); json.string(conversation.scope?.rawValue)
        json.key("status"); json.string(conversation.status.rawValue)
        json.key("subject"); json.string(conversation.subject)
        json.key("urgent"); json.bool(conversation.urgent)
        json.endObject()
    }

    /// A promise of the ledger as the API shows it.
    static func write(_ promise: PromiseEntry, to json: inout JSONWriter) {
        json.beginObject()
        json.key("due_at"); json.instant(promise.due)
        json.key("ended_at"); json.instant(promise.endedAt)
        json.key("ended_by"); json.string(promise.endedBy)
        json.key("id"); json.string(promise.id)
        json.key("made_at"); json.instant(promise.madeAt)
        json.key("message_id"); json.string(promise.messageID)
        json.key("outcome"); json.string(promise.outcome.rawValue)
        json.key("rule"); json.string(promise.rule.rawValue)
        json.key("words"); json.string(promise.words)
        json.endObject()
    }

    struct MessageJSON: Encodable {
        var id: String
        var direction: String
        var channel: String
        var messageID: String?
        var sender: String?
        var subject: String?
        var text: String?
        var receivedAt: String
        var rawSize: Int
        var quarantineReason: String?

        enum CodingKeys: String, CodingKey {
            case id, direction, channel, sender, subject, text
            case messageID = "message_id"
            case receivedAt = "received_at"
            case rawSize = "raw_size"
            case quarantineReason = "quarantine_reason"
        }

        init(_ message: StoredMessage) {
            id = message.id
            direction = message.direction.rawValue
            channel = message.channel
            messageID = message.headerMessageID
            sender = message.sender
            subject = message.subject
            text = message.textBody
            receivedAt = isoUTC(message.receivedAt)
            rawSize = message.raw.count
            quarantineReason = message.quarantineReason
        }
    }


    func add(to group: RouterGroup<DeskContext>) {
        group.get("conversations") { request, context in
            let paging = try Paging(request)
            let page = try await context.requireDesk().conversationRecords
                .list(customerID: request.uri.queryParameters.get("customer").map { Customer.ID($0) }, after: paging.after, limit: paging.limit)
            var json = JSONWriter(capacity: 512 * page.items.count + 64)
            json.beginObject()
            json.key("items")
            json.beginArray()
            for conversation in page.items { Self.write(conversation, to: &json) }
            json.endArray()
            json.key("next"); json.string(page.next)
            json.endObject()
            return json.response()
        }
        group.get("conversations/:id") { _, context in
            let id = try context.parameters.require("id", as: Conversation.ID.self)
            guard let found = try await context.requireDesk().conversationRecords.withMessages(id) else {
                throw APIError(.notFound, code: "not_found", "no conversation \(id)")
            }
            // The messages go through the generic encoder (they are few); the conversation is written as in lists.
            let messages = try JSONEncoder.api.encode(found.messages.map(MessageJSON.init))
            var json = JSONWriter()
            json.beginObject()
            json.key("conversation")
            Self.write(found.conversation, to: &json)
            json.key("messages")
            json.raw(Array(messages))
            json.key("promises")
            json.beginArray()
            for promise in try await context.requireDesk().conversationRecords.promises(id) { Self.write(promise, to: &json) }
            json.endArray()
            json.endObject()
            return json.response()
        }
        group.get("messages/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let message = try await context.requireDesk().conversationRecords.message(id) else {
                throw APIError(.notFound, code: "not_found", "no message \(id)")
            }
            return try JSONResponse.make(MessageJSON(message))
        }
        group.get("messages/:id/raw") { _, context in
            let id = try context.parameters.require("id")
            guard let message = try await context.requireDesk().conversationRecords.message(id) else {
                throw APIError(.notFound, code: "not_found", "no message \(id)")
            }
            return Response(status: .ok, headers: [.contentType: "message/rfc822"],
                            body: .init(byteBuffer: ByteBuffer(bytes: message.raw)))
        }
    }
}
