import Foundation
import GatehouseCore
import GatehouseStore
import Hummingbird

/// `/api/v1/conversations` and their messages (read-only here; intake writes them).
struct ConversationsController {
    let database: Database

    struct ConversationJSON: Encodable {
        var id: String
        var customerID: String
        var subject: String
        var channel: String
        var status: String
        var promisedAt: String?
        var createdAt: String
        var lastMessageAt: String

        enum CodingKeys: String, CodingKey {
            case id, subject, channel, status
            case customerID = "customer_id"
            case promisedAt = "promised_at"
            case createdAt = "created_at"
            case lastMessageAt = "last_message_at"
        }

        init(_ conversation: Conversation) {
            id = conversation.id
            customerID = conversation.customerID
            subject = conversation.subject
            channel = conversation.channel
            status = conversation.status
            promisedAt = conversation.promisedAt.map { isoUTC($0) }
            createdAt = isoUTC(conversation.createdAt)
            lastMessageAt = isoUTC(conversation.lastMessageAt)
        }
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

    struct DetailJSON: Encodable {
        var conversation: ConversationJSON
        var messages: [MessageJSON]
    }

    func add(to group: RouterGroup<DeskContext>) {
        group.get("conversations") { request, context in
            let caller = try context.requireCaller()
            let paging = try Paging(request)
            let page = try await Conversations(database: database, workspaceID: caller.workspace.id)
                .list(customerID: request.uri.queryParameters.get("customer"), after: paging.after, limit: paging.limit)
            return try JSONResponse.make(CustomersController.ListJSON(items: page.items.map(ConversationJSON.init),
                                                                      next: page.next))
        }
        group.get("conversations/:id") { _, context in
            let caller = try context.requireCaller()
            let id = try context.parameters.require("id")
            guard let found = try await Conversations(database: database, workspaceID: caller.workspace.id).get(id) else {
                throw APIError(.notFound, code: "not_found", "no conversation \(id)")
            }
            return try JSONResponse.make(DetailJSON(conversation: ConversationJSON(found.conversation),
                                                    messages: found.messages.map(MessageJSON.init)))
        }
        group.get("messages/:id") { _, context in
            let caller = try context.requireCaller()
            let id = try context.parameters.require("id")
            guard let message = try await Conversations(database: database, workspaceID: caller.workspace.id).message(id) else {
                throw APIError(.notFound, code: "not_found", "no message \(id)")
            }
            return try JSONResponse.make(MessageJSON(message))
        }
        group.get("messages/:id/raw") { _, context in
            let caller = try context.requireCaller()
            let id = try context.parameters.require("id")
            guard let message = try await Conversations(database: database, workspaceID: caller.workspace.id).message(id) else {
                throw APIError(.notFound, code: "not_found", "no message \(id)")
            }
            return Response(status: .ok, headers: [.contentType: "message/rfc822"],
                            body: .init(byteBuffer: ByteBuffer(bytes: message.raw)))
        }
    }
}
