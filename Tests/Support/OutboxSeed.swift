import Foundation
import GatehouseCore
import GatehouseStore

/// Fills a workspace's outbox with replies for tests and benchmarks: `count` emails, each to
/// its own customer, all due at `sendAt`.
public enum OutboxSeed {
    /// The header Message-ID of the n-th seeded email.
    public static func messageID(_ n: Int) -> String { "seed-\(n)@rivera.example" }

    /// Queues the emails; returns their task ids in order.
    @discardableResult
    public static func seed(_ database: Database, workspaceID: Workspace.ID, count: Int, sendAt: Instant, now: Instant,
                            bodyBytes: Int = 600) async throws -> [String] {
        let customers = Customers(database: database, workspaceID: workspaceID)
        let conversations = Conversations(database: database, workspaceID: workspaceID)
        let outbox = Outbox(database: database, workspaceID: workspaceID)
        let filler = String(repeating: "The new washer is in and the tap is quiet again. ", count: max(1, bodyBytes / 50))
        var ids: [String] = []
        for n in 0..<count {
            let customer = try await customers.create(
                CustomerDraft(name: "Customer \(n)", planID: "standard", emails: ["customer\(n)@example.org"]),
                actor: "seed", now: now)
            let conversation = try await conversations.create(customerID: customer.id, subject: "Job \(n)", channel: .email, now: now)
            let text = "Hello \(n),\r\n\r\n\(filler)\r\n\r\nRivera Plumbing\r\n"
            let raw = Data(("From: Rivera Plumbing <office@rivera.example>\r\nTo: <customer\(n)@example.org>\r\n"
                            + "Subject: Re: Job \(n)\r\nMessage-ID: <\(messageID(n))>\r\nMIME-Version: 1.0\r\n"
                            + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text).utf8)
            let email = try await outbox.schedule(
                ReplyDraft(conversationID: conversation.id, raw: raw, contentHash: "seed-\(n)-\(NewID.make())",
                           headerMessageID: messageID(n), recipient: "customer\(n)@example.org", sender: "office@rivera.example",
                           subject: "Re: Job \(n)", text: text, sendAt: sendAt, note: "seeded"),
                now: now)
            ids.append(email.task.id)
        }
        return ids
    }
}
