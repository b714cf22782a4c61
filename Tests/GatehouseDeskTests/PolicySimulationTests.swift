import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Trying a policy on a simulated stretch, through the real desk")
struct PolicySimulationTests {
    /// Monday 2 November 2026, midnight in Chicago.
    static let monday = OutboxDesk.at("2026-11-02T00:00:00-06:00")

    /// Four new customers a weekday, all writing between 07:00 and 08:00; nothing urgent, no follow-ups.
    static let earlyBirds = TrafficMix(customers: [("standard", 1000)], messagesPerDay: 4, urgentShare: 0, followUpShare: 0,
                                       hourWeights: (0..<24).map { $0 == 7 ? 1 : 0 }, dayWeights: [1, 1, 1, 1, 1, 1, 1])

    static func run(_ policyYAML: String, repliesPerHour: Int, on database: Database) async throws -> SimulationFigures {
        let record = try await PolicySimulation(policyYAML: policyYAML, mix: earlyBirds, owner: OwnerModel(repliesPerHour: repliesPerHour),
                                                start: monday, days: 5, seed: 7).run(on: database)
        let calendar = BusinessCalendar(policy: try Policy.read(yaml: policyYAML))
        return SimulationFigures.of(record, spoken: calendar.spoken)
    }

    @Test("a week worked by hand: four customers write at 7 each weekday and are promised 11:15; an owner who manages three replies before the 10:30 window keeps 15 of 20 — the fourth is answered at 15:30 Monday to Thursday, and Friday's still waits (Friday closes at 15:00)",
          arguments: DatabaseBackend.allCases)
    func byHand(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let figures = try await Self.run(try TestDesk.plumberPolicy(), repliesPerHour: 4, on: database)
            #expect(figures.messages == 20)
            #expect(figures.promisesMade == 20)
            #expect(figures.kept == 15)
            #expect(figures.broken == 5)
            #expect(figures.keptShare == 0.75)
            #expect(figures.brokenPromises.prefix(4).allSatisfy { $0.why.hasPrefix("answered") && $0.why.contains("3:30 PM") })
            #expect(figures.brokenPromises.last?.why.hasPrefix("still waiting at the end") == true)
            #expect(figures.acknowledgements == 20)
            #expect(figures.mostAcknowledgementsIn12Hours == 1, "one customer is never acknowledged twice")
            #expect(figures.repliesPerSession > 1.9 && figures.repliesPerSession <= 3)
            #expect(figures.largestBacklog == 1)
            #expect(figures.backlogAtEnd == 1)
            let standard = try #require(figures.waits.first { $0.planID == "standard" })
            // Written between 07:00 and 08:00, promised 11:15: a wait of 4 h 15 min at most, 3 h 15 min at least.
            #expect(standard.median <= .minutes(255) && standard.median >= .minutes(195))
            #expect(standard.p90 <= .minutes(255))
        }
    }

    @Test("the same traffic through two policies: a 9:00 window as well lets the same owner keep every promise")
    func compared() async throws {
        let twoWindows = try TestDesk.plumberPolicy()
        let threeWindows = twoWindows.replacingOccurrences(of: "at: [10:30, 15:30]", with: "at: [09:00, 10:30, 15:30]")
        try #require(threeWindows != twoWindows)
        var a: SimulationFigures?
        var b: SimulationFigures?
        try await TestDatabase.with(.sqlite) { database in a = try await Self.run(twoWindows, repliesPerHour: 4, on: database) }
        try await TestDatabase.with(.sqlite) { database in b = try await Self.run(threeWindows, repliesPerHour: 4, on: database) }
        let before = try #require(a), after = try #require(b)
        #expect(before.kept == 15)
        #expect(after.kept == 20)
        #expect(after.broken == 0)
        #expect(SimulationFigures.compare(before, after).first == "Promises kept: 75% → 100%")
    }

    @Test("the same seed gives the same month; another seed another one")
    func deterministic() async throws {
        let mix = TrafficMix(customers: [("standard", 30), ("care", 10)], messagesPerDay: 6, urgentShare: 0.1, followUpShare: 0.3)
        func month(seed: UInt64) async throws -> SimulationRecord {
            var record: SimulationRecord?
            try await TestDatabase.with(.sqlite) { database in
                record = try await PolicySimulation(policyYAML: try TestDesk.plumberPolicy(), mix: mix, owner: OwnerModel(),
                                                    start: Self.monday, days: 10, seed: seed).run(on: database)
            }
            return try #require(record)
        }
        let first = try await month(seed: 3)
        #expect(try await month(seed: 3) == first)
        #expect(try await month(seed: 4) != first)
        #expect(first.urgentMessages > 0, "urgent signs in the traffic are judged urgent by the real triage")
        #expect(first.sessions.contains { $0.urgent }, "the owner is interrupted for them")
    }

    @Test("auto-responders — one marked automatic, one an unmarked 'Out of office', one a bouncing address — answer everything at once for a fortnight: the desk never loops and never acknowledges anyone twice in 12 hours",
          arguments: DatabaseBackend.allCases)
    func autoResponders(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            var mix = TrafficMix(customers: [("standard", 20)], messagesPerDay: 3, urgentShare: 0, followUpShare: 0.3)
            mix.autoResponders = 3
            let record = try await PolicySimulation(policyYAML: try TestDesk.plumberPolicy(), mix: mix, owner: OwnerModel(),
                                                    start: Self.monday, days: 14, seed: 2).run(on: database)
            let figures = SimulationFigures.of(record) { _ in "then" }
            #expect(!record.loopCut)
            #expect(record.automaticMessages >= 3, "each answered at least the desk's first mail")
            #expect(figures.mostAcknowledgementsIn12Hours == 1)
            // Only the unmarked one is ever taken for a person, and then at most once in 12 hours.
            #expect(record.autoResponderAcknowledgements <= 14 * 2)
            #expect(!record.acknowledgements.contains { $0.customer == "MAILER-DAEMON" }, "a bounce is never acknowledged")
            #expect(!record.acknowledgements.contains { $0.customer == "auto1@simulation.example" && $0.at > Self.monday + TimeSpan.hours(24) },
                    "an answer marked automatic is never acknowledged")
            #expect(figures.lines.contains { $0.hasSuffix("no loop") })
        }
    }
}
