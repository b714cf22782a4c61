import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Store: the promises falling due")
struct PromiseListTests {
    @Test("a promise waits until a reply is written after the customer's latest message; a cancelled reply is no answer",
          arguments: DatabaseBackend.allCases)
    func answered(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy,
                                                                           actor: "test", now: now)
            let customer = try await Customers(database: database, workspaceID: workspace.id)
                .create(CustomerDraft(name: "Dana", planID: "standard", emails: ["dana@example.org"]), actor: "test", now: now)
            let conversations = Conversations(database: database, workspaceID: workspace.id)
            let conversation = try await conversations.create(customerID: customer.id, subject: "Tap", channel: .email, now: now)
            let old = try await conversations.create(customerID: customer.id, subject: "Old", channel: .email, now: now)
            try await database.write { sql in
                try await sql.update("conversations").set("promised_at", to: now.secondsSince1970 + 3600)
                    .where("id", .equal, conversation.id).run()
                try await sql.update("conversations").set("promised_at", to: now.secondsSince1970 - 5 * 86_400)
                    .where("id", .equal, old.id).run()
            }
            try await conversations.append(StoredMessage(
                workspaceID: workspace.id, conversationID: conversation.id, direction: .inbound, channel: "email",
                headerMessageID: "dana-1@example.org", contentHash: "dana-1", raw: Data("raw".utf8), sender: "dana@example.org",
                subject: "Tap", textBody: "It drips.", receivedAt: now))
            func due() async throws -> [String] {
                try await conversations.awaitingAnswer(promisedFrom: now.secondsSince1970 - 3 * 86_400,
                                                       before: now.secondsSince1970 + 7200).map(\.conversation.subject)
            }
            #expect(try await due() == ["Tap"], "the old broken promise is past the look-back; the tap is due")
            let outbox = Outbox(database: database, workspaceID: workspace.id)
            let reply = try await outbox.schedule(ReplyDraft(
                conversationID: conversation.id, raw: Data("reply".utf8), contentHash: "reply-1", headerMessageID: "r1@rivera.example",
                recipient: "dana@example.org", sender: "office@rivera.example", subject: "Re: Tap", text: "Tuesday?",
                sendAt: now + TimeSpan.hours(1), note: "test"), now: now + TimeSpan.minutes(5))
            #expect(try await due().isEmpty, "answered: the reply was written after her message")
            #expect(try await conversations.answered([conversation.id, old.id]) == [conversation.id])
            #expect(try await outbox.waitingReplies().map(\.count) == [1])
            _ = try await outbox.decide(reply.task.id, .cancel, now: now + TimeSpan.minutes(6))
            #expect(try await due() == ["Tap"], "a cancelled reply answers nothing")
            #expect(try await outbox.waitingReplies().isEmpty)
        }
    }
}
