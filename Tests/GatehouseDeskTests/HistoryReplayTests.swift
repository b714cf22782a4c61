import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Trying a policy on the workspace's own history, replayed as it happened")
struct HistoryReplayTests {
    static func at(_ text: String) -> Instant { OutboxDesk.at(text) }

    /// A real week at the desk: four people write each weekday between 07:00 and 07:45 (Monday's
    /// first, Alma, is a Care customer); Saturday a follow-up in Alma's thread. The desk stands
    /// at the next Monday, midnight.
    static func week(_ database: Database) async throws -> (desk: TestDesk, nextMonday: WorkspaceDesk) {
        let desk = try await TestDesk.make(database, at: at("2026-11-01T12:00:00-06:00"))
        _ = try await Customers(database: database, workspaceID: desk.workspace.id)
            .create(CustomerDraft(name: "Alma Reyes", planID: "care", emails: ["alma@example.org"]), actor: "test",
                    now: at("2026-11-01T12:00:00-06:00"))
        for (offset, day) in ["02", "03", "04", "05", "06"].enumerated() {
            for slot in 0..<4 {
                let person = offset == 0 && slot == 0 ? "alma" : "person\(offset)-\(slot)"
                var email = TestEmail()
                email.from = "\(person.capitalized) <\(person)@example.org>"
                email.subject = "Request \(day)-\(slot)"
                email.body = "Hello, could you look at this when you have a moment?"
                email.messageID = "\(person)-\(day)@example.org"
                email.date = nil
                _ = try await desk.intake.ingestEmails([email.data], now: at("2026-11-\(day)T07:\(slot * 15 == 0 ? "00" : String(slot * 15)):00-06:00"))
            }
        }
        var again = TestEmail()
        again.from = "Alma <alma@example.org>"
        again.subject = "Re: Request 02-0"
        again.body = "Any news?"
        again.messageID = "alma-again@example.org"
        again.inReplyTo = "alma-02@example.org"
        again.date = nil
        _ = try await desk.intake.ingestEmails([again.data], now: at("2026-11-07T09:00:00-06:00"))
        return (desk, WorkspaceDesk(database: database, workspace: desk.workspace,
                                    clock: FixedClock(instant: at("2026-11-09T00:00:00-06:00")),
                                    publicBaseURL: TestDesk.publicURL, wakeOutbox: {}))
    }

    @Test("the last week comes back as it happened — 21 messages from 20 customers, Alma still on Care — and two policies replayed on it: with a 9:00 window as well the same owner keeps every promise the 10:30 and 15:30 windows could not; the workspace itself is untouched",
          arguments: DatabaseBackend.allCases)
    func replayedWeek(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let (desk, nextMonday) = try await Self.week(database)
            let before = try await desk.inboundMessages().count
            let history = try await nextMonday.history(days: 7)
            #expect(history.messages.count == 21)
            #expect(history.people.count == 20)
            #expect(history.summary == "21 messages from 20 customers")
            #expect(history.people.first { $0.emails == ["alma@example.org"] }?.planID == "care")
            #expect(history.messages.first?.at == Self.at("2026-11-02T07:00:00-06:00"))
            #expect(history.messages.last?.at == Self.at("2026-11-07T09:00:00-06:00"))
            #expect(try await nextMonday.history(days: 1).messages.isEmpty, "nothing came on Sunday")

            let twoWindows = try TestDesk.plumberPolicy()
            let threeWindows = twoWindows.replacingOccurrences(of: "at: [10:30, 15:30]", with: "at: [09:00, 10:30, 15:30]")
            try #require(threeWindows != twoWindows)
            let owner = OwnerModel(repliesPerHour: 4)
            let a = try await PolicySimulation(policyYAML: twoWindows, replaying: history, owner: owner).runOnScratchDatabase()
            let b = try await PolicySimulation(policyYAML: threeWindows, replaying: history, owner: owner).runOnScratchDatabase()
            let spoken = try desk.workspace.businessCalendar().spoken
            let current = SimulationFigures.of(a, spoken: spoken), edited = SimulationFigures.of(b, spoken: spoken)
            #expect(current.messages == 21)
            // Twenty first messages promised; Alma's follow-up opens a second promise only if her first was answered.
            #expect(current.promisesMade == 20 || current.promisesMade == 21)
            #expect(current.acknowledgements == 21, "every message acknowledged: Alma's follow-up came days after her first")
            #expect(current.waits.contains { $0.planID == "care" }, "Alma's promise is made on her plan")
            #expect(current.broken > 0, "three replies before each window cannot answer four customers a morning")
            #expect(edited.broken == 0, "\(edited.lines)")
            #expect(current.kept == 15, "\(current.lines)")
            #expect(SimulationFigures.compare(current, edited).first?.hasPrefix("Promises kept:") == true)
            #expect(try await desk.inboundMessages().count == before, "replaying writes nothing to the workspace")
        }
    }

    @Test("a customer's answer to the owner's reply, naming only the reply, ten days later and under a new subject, is replayed into the conversation the desk filed it in",
          arguments: DatabaseBackend.allCases)
    func replayedReplyThreads(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database, at: Self.at("2026-11-01T12:00:00-06:00"))
            var first = TestEmail()
            first.from = "Bea Lindqvist <bea@example.org>"
            first.subject = "Boiler noise"
            first.body = "The boiler knocks every morning."
            first.messageID = "bea-1@example.org"
            first.date = nil
            _ = try await desk.intake.ingestEmails([first.data], now: Self.at("2026-11-02T08:00:00-06:00"))
            let conversation = try #require(try await desk.inboundMessages().first?.conversationID)
            let reply = try await Replies(database: database, workspace: desk.workspace)
                .write(conversationID: conversation, text: "I will come on Thursday.", sendNow: true,
                       now: Self.at("2026-11-02T10:30:00-06:00"))
            let conversations = Conversations(database: database, workspaceID: desk.workspace.id)
            let replyMessage = try #require(reply.payload?.messageID)
            let replyID = try #require(try await conversations.message(replyMessage)?.headerMessageID)
            var answer = TestEmail()
            answer.from = "Bea Lindqvist <bea@example.org>"
            answer.subject = "Radiator as well"
            answer.body = "Thank you for Thursday. Could you also look at the radiator in the hall?"
            answer.messageID = "bea-2@example.org"
            answer.inReplyTo = replyID
            answer.date = nil
            _ = try await desk.intake.ingestEmails([answer.data], now: Self.at("2026-11-12T08:00:00-06:00"))
            #expect(try await desk.inboundMessages().map(\.conversationID) == [conversation, conversation],
                    "at the desk, her answer joined the conversation by the reply it names")

            let later = WorkspaceDesk(database: database, workspace: desk.workspace,
                                      clock: FixedClock(instant: Self.at("2026-11-16T00:00:00-06:00")),
                                      publicBaseURL: TestDesk.publicURL, wakeOutbox: {})
            let history = try await later.history(days: 14)
            #expect(history.messages.map(\.conversation) == [0, 0])
            try await TestDatabase.with(.sqlite, migrate: false) { scratch in
                _ = try await PolicySimulation(policyYAML: try TestDesk.plumberPolicy(), replaying: history,
                                               owner: OwnerModel(repliesPerHour: 4)).run(on: scratch)
                let filed = try await scratch.read { sql in
                    try await sql.raw("SELECT DISTINCT conversation_id FROM messages WHERE direction = 'inbound'").all().count
                }
                #expect(filed == 1, "the replayed answer joins her first message, as at the desk")
            }
        }
    }

    @Test("the policy page's trial replays the last fortnight when the desk has one, and says so")
    func trialReplays() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let nextMonday = try await Self.week(database).nextMonday
            let edited = try TestDesk.plumberPolicy().replacingOccurrences(of: "at: [10:30, 15:30]", with: "at: [09:00, 10:30, 15:30]")
            let trial = try await nextMonday.tryPolicy(edited, days: 14)
            #expect(trial.traffic.hasPrefix("Your last 14 days as they happened, from "))
            #expect(trial.traffic.hasSuffix(": 21 messages from 20 customers"))
            #expect(trial.current.messages == 21 && trial.edited.messages == 21)
            let sparse = try await nextMonday.tryPolicy(edited, days: 14, replayFrom: 50)
            #expect(sparse.traffic.contains("writing about"), "too little history: a simulated fortnight shaped like it")
        }
    }
}
