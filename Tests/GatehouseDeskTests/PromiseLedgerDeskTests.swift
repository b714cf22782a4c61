import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("The promise ledger, through the desk: what the customer is told is what is tracked and counted")
struct PromiseLedgerDeskTests {
    static func at(_ text: String) -> Instant { OutboxDesk.at(text) }

    /// Dana writes again in her first thread, answering her own first message.
    static func danaWritesAgain(_ desk: OutboxDesk, _ body: String, at: Instant) async throws {
        var again = TestEmail()
        again.subject = "Re: Dripping faucet"
        again.body = body
        again.messageID = "dana-2@example.org"
        again.inReplyTo = "dana-1@example.org"
        again.date = nil
        _ = try await desk.desk.ingest([again], at: at)
    }

    @Test("Dana writes Monday and is promised an answer; the reply leaves in its window and keeps it; she writes again Wednesday and is promised anew — the status page, the conversation, the report and the ledger all say so",
          arguments: DatabaseBackend.allCases)
    func writesAgainAfterTheAnswer(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with { server throws in
                let desk = try await OutboxDesk(database)
                try await desk.use(server)
                let conversation = try await desk.danaWrites(at: "2026-11-23T08:00:00-06:00")
                let first = try #require(conversation.promisedAt)
                let calendar = try desk.desk.workspace.businessCalendar()
                let promises = Promises(database: database, workspaceID: desk.desk.workspace.id)
                var history = try await promises.history(conversationID: conversation.id)
                #expect(history.map(\.outcome) == [.open])
                #expect(history.first?.due == first)
                #expect(history.first?.rule == .plan)
                #expect(history.first?.words?.contains(calendar.spoken(first)) == true,
                        "the ledger keeps the words the customer read, with the promised time in them")

                // The owner answers at 09:02; the reply waits for the 10:30 window and leaves then.
                _ = try await desk.replies.write(conversationID: conversation.id, text: "Hi Dana, Tuesday at 13:30?",
                                                 sendNow: false, now: Self.at("2026-11-23T09:02:00-06:00"))
                #expect(try await desk.deliver(at: "2026-11-23T10:31:00-06:00").sent >= 1)
                history = try await promises.history(conversationID: conversation.id)
                #expect(history.map(\.outcome) == [.kept])
                #expect(history.first?.endedAt == Self.at("2026-11-23T10:31:00-06:00"))
                #expect(history.first?.endedBy == "the reply sent by Gatehouse")
                let answered = try #require(try await Conversations(database: database, workspaceID: desk.desk.workspace.id)
                    .find(conversation.id))
                #expect(answered.promisedAt == nil, "nothing is owed once the answer has left")

                // Wednesday she writes again in the same thread: a new promise, not the settled one.
                try await Self.danaWritesAgain(desk, "Tuesday worked, thank you! Now the bathroom tap drips too.",
                                               at: Self.at("2026-11-25T08:00:00-06:00"))
                let reopened = try #require(try await Conversations(database: database, workspaceID: desk.desk.workspace.id)
                    .find(conversation.id))
                let second = try #require(reopened.promisedAt)
                #expect(second > Self.at("2026-11-25T08:00:00-06:00"))
                history = try await promises.history(conversationID: conversation.id)
                #expect(history.map(\.outcome) == [.kept, .open])
                #expect(history.last?.due == second)
                #expect(history.last?.words?.contains(calendar.spoken(second)) == true)

                // What Dana reads on her status page is the new promise.
                let status = try await RequestStatus(database: database, clock: FixedClock(instant: Self.at("2026-11-25T08:05:00-06:00")))
                    .view(token: try #require(reopened.statusToken))
                #expect(status?.state == "You will hear back by \(calendar.spoken(second)) (Chicago time).")
                // The report counts the first as kept and leaves the second until its time comes.
                let month = try await Reports(database: database, workspaceID: desk.desk.workspace.id)
                    .promises(from: Self.at("2026-11-01T00:00:00-05:00"), to: Self.at("2026-12-01T00:00:00-06:00"))
                #expect(month.map(\.outcome).sorted { $0.rawValue < $1.rawValue } == [.kept, .open])
                let weeks = PromisesKept.weeks(month, month: ReportMonth(year: 2026, month: 11), calendar: calendar,
                                               now: Self.at("2026-11-25T08:05:00-06:00"))
                #expect(weeks.reduce(0) { $0 + $1.kept } == 1)
                #expect(weeks.reduce(0) { $0 + $1.missed } == 0)
            }
        }
    }

    @Test("a follow-up while the answer is still owed restates the standing promise; it is not made later",
          arguments: DatabaseBackend.allCases)
    func followUpWhileWaiting(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await OutboxDesk(database)
            let conversation = try await desk.danaWrites(at: "2026-11-23T08:00:00-06:00")
            let first = try #require(conversation.promisedAt)
            try await Self.danaWritesAgain(desk, "Also: it is worse at night.", at: Self.at("2026-11-23T09:00:00-06:00"))
            try #require(first > Self.at("2026-11-23T09:00:00-06:00"))
            let history = try await Promises(database: database, workspaceID: desk.desk.workspace.id)
                .history(conversationID: conversation.id)
            #expect(history.map(\.outcome) == [.open])
            #expect(history.map(\.due) == [first])
            #expect(try await Conversations(database: database, workspaceID: desk.desk.workspace.id)
                .find(conversation.id)?.promisedAt == first)
        }
    }

    @Test("two conversations joined by a reply that names both keep the earlier open promise; the other is withdrawn",
          arguments: DatabaseBackend.allCases)
    func merged(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await OutboxDesk(database)
            // Two matters, Dana's and her neighbour Sam's, each with its own conversation and promise.
            var faucet = TestEmail()
            faucet.messageID = "faucet@example.org"
            faucet.date = nil
            var heater = TestEmail()
            heater.from = "Sam Lee <sam@example.org>"
            heater.subject = "Water heater"
            heater.body = "The water heater makes a banging noise in the morning."
            heater.messageID = "heater@example.org"
            heater.date = nil
            _ = try await desk.desk.ingest([faucet], at: Self.at("2026-11-23T08:00:00-06:00"))
            _ = try await desk.desk.ingest([heater], at: Self.at("2026-11-23T09:30:00-06:00"))
            let before = try await desk.desk.conversations()
            try #require(before.count == 2)
            let older = try #require(before.first { $0.subject == "Dripping faucet" })
            let newer = try #require(before.first { $0.subject == "Water heater" })
            let olderDue = try #require(older.promisedAt)
            #expect(try #require(newer.promisedAt) > olderDue)
            try #require(olderDue > Self.at("2026-11-23T10:00:00-06:00"), "neither promise has lapsed when the thread is joined")

            var both = TestEmail()
            both.subject = "Re: both"
            both.body = "Any news on either?"
            both.messageID = "both@example.org"
            both.references = ["faucet@example.org", "heater@example.org"]
            both.date = nil
            _ = try await desk.desk.ingest([both], at: Self.at("2026-11-23T10:00:00-06:00"))
            let promises = Promises(database: database, workspaceID: desk.desk.workspace.id)
            let history = try await promises.history(conversationID: older.id)
            #expect(history.count == 2, "the merged conversation's promise moved with its messages")
            #expect(history.first { $0.outcome == .open }?.due == olderDue)
            #expect(history.filter { $0.outcome == .withdrawn }.count == 1)
            #expect(try await promises.history(conversationID: newer.id).isEmpty)
            #expect(try await Conversations(database: database, workspaceID: desk.desk.workspace.id)
                .find(older.id)?.promisedAt == olderDue)
        }
    }
}

extension PromiseLedgerDeskTests {
    @Test("a customer writing again after the promised time passed unanswered is promised anew; the lapsed promise stays broken in the report",
          arguments: DatabaseBackend.allCases)
    func writesAgainAfterALapse(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await OutboxDesk(database)
            let conversation = try await desk.danaWrites(at: "2026-11-23T08:00:00-06:00")
            let first = try #require(conversation.promisedAt)
            let wednesday = Self.at("2026-11-25T08:00:00-06:00")
            try #require(first < wednesday)
            try await Self.danaWritesAgain(desk, "Hello? Still dripping.", at: wednesday)
            let history = try await Promises(database: database, workspaceID: desk.desk.workspace.id)
                .history(conversationID: conversation.id)
            #expect(history.map(\.outcome) == [.broken, .open])
            #expect(history.first?.endedAt == first, "broken as of when it lapsed")
            let second = try #require(history.last?.due)
            #expect(second > wednesday, "never a time already gone")
            #expect(history.last?.words?.contains(try desk.desk.workspace.businessCalendar().spoken(second)) == true)
            let month = try await Reports(database: database, workspaceID: desk.desk.workspace.id)
                .promises(from: Self.at("2026-11-01T00:00:00-05:00"), to: Self.at("2026-12-01T00:00:00-06:00"))
            #expect(month.filter { $0.outcome == .broken }.count == 1)
        }
    }
}
