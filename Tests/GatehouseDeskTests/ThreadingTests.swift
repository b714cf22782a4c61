import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Threading mail that arrives out of order")
struct ThreadingTests {
    /// Where each message went: its Message-ID → its conversation.
    static func placement(_ desk: TestDesk) async throws -> [String: Conversation.ID] {
        var placed: [String: Conversation.ID] = [:]
        let conversations = Conversations(database: desk.database, workspaceID: desk.workspace.id)
        var after: String?
        repeat {
            let page = try await conversations.list(after: after, limit: 200)
            for conversation in page.items {
                let thread = try #require(try await conversations.get(conversation.id))
                for message in thread.messages where message.direction == .inbound {
                    if let id = message.headerMessageID { placed[id] = conversation.id }
                }
            }
            after = page.next
        } while after != nil
        return placed
    }

    @Test("a mailbox fed in directory order, replies before what they answer, puts every reply in its own thread's conversation",
          arguments: DatabaseBackend.allCases)
    func directoryOrder(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            let corpus = MailCorpus(count: 400, seed: 7)
            let inDirectoryOrder = corpus.messages.sorted { $0.fileName < $1.fileName }
            // The corpus really does deliver replies first: many replies come before their thread's first message.
            var firstSeen: [Int: Bool] = [:]
            var early = 0
            for message in inDirectoryOrder {
                if message.isReply && firstSeen[message.thread] == nil { early += 1 }
                if !message.isReply { firstSeen[message.thread] = true }
            }
            #expect(early > 40)

            // Ingested in small batches, as an MTA pipe and an import would.
            var index = 0
            while index < inDirectoryOrder.count {
                let batch = inDirectoryOrder[index..<min(index + 7, inDirectoryOrder.count)]
                _ = try await desk.intake.ingestEmails(batch.map(\.data), now: TestDesk.fridayEvening)
                index += 7
            }
            let placed = try await Self.placement(desk)
            #expect(placed.count == corpus.messages.count)
            var conversationOfThread: [Int: Conversation.ID] = [:]
            var threadOfConversation: [Conversation.ID: Int] = [:]
            var misplaced = 0
            for message in corpus.messages {
                let conversation = try #require(placed[message.messageID])
                if let expected = conversationOfThread[message.thread], expected != conversation { misplaced += 1 }
                if let other = threadOfConversation[conversation], other != message.thread { misplaced += 1 }
                conversationOfThread[message.thread] = conversationOfThread[message.thread] ?? conversation
                threadOfConversation[conversation] = message.thread
            }
            #expect(misplaced == 0)
            #expect(Set(conversationOfThread.values).count == Set(corpus.messages.map(\.thread)).count)
        }
    }
}
