import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Mailbox Sent folder: replies the owner sends from another mail app")
struct MailboxSentTests {
    /// The owner's answer to customer 1's question, sent from the phone at `date`.
    static func ownersReply(date: String, from: String = "office@rivera.example") -> Data {
        Data(("From: Rivera Plumbing <\(from)>\r\nTo: Customer 1 <customer1@example.org>\r\nSubject: Re: Question 1\r\n"
            + "Message-ID: <phone-reply-1@rivera.example>\r\nIn-Reply-To: <question-1@example.org>\r\n"
            + "References: <question-1@example.org>\r\nDate: \(date)\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nI can come by tomorrow at 9.\r\n").utf8)
    }

    @Test("a reply APPENDed to Sent marks the conversation answered at its date and holds the reply waiting in Gatehouse's outbox with the question; it is never filed as a customer's message",
          arguments: DatabaseBackend.allCases)
    func sentReply(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            try await server.append([(customerMail(1), false)])
            try await TestDatabase.with(backend) { database in
                let mailbox = try await MailboxDesk(database, server: server)
                _ = try await mailbox.fetch()
                let conversation = try #require(try await mailbox.desk.conversations().first)
                let conversations = Conversations(database: database, workspaceID: mailbox.desk.workspace.id)
                #expect(try await conversations.answered([conversation.id]).isEmpty)
                let waiting = try await Replies(database: database, workspace: mailbox.desk.workspace)
                    .write(conversationID: conversation.id, text: "We will come on Monday.", sendNow: false, now: TestDesk.fridayEvening)
                #expect(waiting.state == .scheduled)

                // Not one of the business's addresses: left alone. Then the owner's own reply.
                try await server.append([(Self.ownersReply(date: "Fri, 20 Nov 2026 17:30:00 -0600", from: "someone@else.example"), true),
                                         (Self.ownersReply(date: "Fri, 20 Nov 2026 17:40:00 -0600"), true)], to: "Sent")
                let report = try await mailbox.fetch()
                #expect(report.error == nil, "\(report)")
                let sent = try #require(report.folders.first { $0.folder == "Sent" }, "\(report)")
                #expect(sent.answered == 1 && sent.filed == 0, "\(sent)")
                #expect(try await mailbox.storedCount() == 1)
                #expect(try await conversations.answered([conversation.id]) == [conversation.id])
                // The ledger: the promise the customer was made is kept by the reply from the mail app.
                let promises = try await Promises(database: database, workspaceID: mailbox.desk.workspace.id)
                    .history(conversationID: conversation.id)
                #expect(promises.count == 1 && promises.first?.outcome == .kept, "\(promises)")
                #expect(promises.first?.endedBy == "your reply from your mail app")
                #expect(promises.first?.endedAt == (try ISO8601.parse("2026-11-20T17:40:00-06:00")))
                let emails = try await Outbox(database: database, workspaceID: mailbox.desk.workspace.id)
                    .list(conversationID: conversation.id)
                let held = try #require(emails.first { $0.task.id == waiting.task.id })
                #expect(held.state == .held)
                #expect(held.task.note == "you already answered from your mail app — send this as well?")

                // The customer's time sees it: the least a reply counts, up to when it was sent.
                let entries = try await TimeEntries(database: database, workspaceID: mailbox.desk.workspace.id)
                    .list(customerID: conversation.customerID, from: TestDesk.fridayEvening - .hours(24), to: TestDesk.fridayEvening + .hours(24))
                #expect(entries.count == 1 && entries.first?.source == .reply && entries.first?.length == ComposingTime.shortest, "\(entries)")

                // Read again: recorded once.
                _ = try await mailbox.fetch()
                #expect(try await mailbox.count("tasks", where: "kind = 'answered-elsewhere'") == 1)

                // A mail app that leaves In-Reply-To out: the customer it went to and the subject decide.
                try await server.append([(customerMail(2), false)])
                _ = try await mailbox.fetch()
                let second = try #require(try await mailbox.desk.conversations().first { $0.subject == "Question 2" })
                #expect(try await conversations.answered([second.id]).isEmpty)
                let bare = "From: Rivera Plumbing <office@rivera.example>\r\nTo: customer2@example.org\r\nSubject: RE: Question 2\r\n"
                    + "Message-ID: <phone-reply-2@rivera.example>\r\nDate: Fri, 20 Nov 2026 17:50:00 -0600\r\n\r\nOn my way.\r\n"
                try await server.append([(Data(bare.utf8), true)], to: "Sent")
                let third = try #require(try await mailbox.fetch().folders.first { $0.folder == "Sent" })
                #expect(third.answered == 1, "\(third)")
                #expect(try await conversations.answered([second.id]) == [second.id])
            }
        }
    }
}
