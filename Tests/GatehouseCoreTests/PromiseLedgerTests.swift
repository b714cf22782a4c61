import GatehouseCore
import Testing

@Suite("The promise ledger's rules")
struct PromiseLedgerTests {
    static let tuesday1115 = Instant(secondsSince1970: 1_795_000_000)
    static let thursday1115 = tuesday1115 + TimeSpan.hours(48)
    static let tuesday1030 = tuesday1115 - TimeSpan.minutes(45)
    /// Monday afternoon, before any of these promises fall due.
    static let monday = tuesday1115 - TimeSpan.hours(20)

    @Test("the first message in a conversation opens a promise; a message with nothing promised opens none")
    func first() {
        #expect(PromiseLedger.customerWrote(open: nil, new: Self.tuesday1115, now: Self.monday) == .open(due: Self.tuesday1115))
        #expect(PromiseLedger.customerWrote(open: nil, new: nil, now: Self.monday) == .none)
        #expect(PromiseLedger.Step.none.due == nil)
    }

    @Test("a customer writing again while a promise is open is told the standing one, never a later one")
    func followUp() {
        let step = PromiseLedger.customerWrote(open: Self.tuesday1115, new: Self.thursday1115, now: Self.monday)
        #expect(step == .restate(due: Self.tuesday1115))
        #expect(step.due == Self.tuesday1115)
        #expect(PromiseLedger.customerWrote(open: Self.tuesday1115, new: nil, now: Self.monday) == .restate(due: Self.tuesday1115),
                "an automatic follow-up promises nothing, and the standing promise still stands")
    }

    @Test("an urgent follow-up brings the answer forward, never back")
    func forward() {
        let step = PromiseLedger.customerWrote(open: Self.thursday1115, new: Self.tuesday1030, now: Self.monday)
        #expect(step == .bringForward(from: Self.thursday1115, to: Self.tuesday1030))
        #expect(step.due == Self.tuesday1030)
        #expect(step.reason?.contains("brought forward") == true)
    }

    @Test("a customer writing again after the promised time passed unanswered is promised anew, never told a time already gone; the old promise stays broken")
    func lapsed() {
        let wednesday = Self.thursday1115 - TimeSpan.hours(24)
        let step = PromiseLedger.customerWrote(open: Self.tuesday1115, new: Self.thursday1115, now: wednesday)
        #expect(step == .renew(lapsed: Self.tuesday1115, due: Self.thursday1115))
        #expect(step.due == Self.thursday1115)
        #expect(step.reason?.contains("counted as broken") == true)
    }

    @Test("an answer by the promised time keeps the promise; to the second; a later one breaks it")
    func answered() {
        #expect(PromiseLedger.answered(due: Self.tuesday1115, at: Self.tuesday1030) == .kept)
        #expect(PromiseLedger.answered(due: Self.tuesday1115, at: Self.tuesday1115) == .kept)
        #expect(PromiseLedger.answered(due: Self.tuesday1115, at: Self.tuesday1115 + TimeSpan(seconds: 1)) == .broken)
    }

    @Test("merging conversations keeps the earliest open promise and withdraws the others")
    func merged() {
        let choice = PromiseLedger.merged(open: [("later", Self.thursday1115), ("earlier", Self.tuesday1115),
                                                 ("latest", Self.thursday1115 + TimeSpan.hours(1))])
        #expect(choice.keep == "earlier")
        #expect(choice.withdraw.sorted() == ["later", "latest"])
        #expect(PromiseLedger.merged(open: []).keep == nil)
    }

    @Test("an open promise past its time counts as broken; withdrawn and superseded ones are never counted")
    func counting() {
        var entry = PromiseEntry(id: "p", conversationID: "c", messageID: "m", madeAt: Self.tuesday1030 - TimeSpan.hours(20),
                                 due: Self.tuesday1115, rule: .plan, words: nil)
        #expect(!entry.isDecided(at: Self.tuesday1030))
        #expect(entry.isBroken(at: Self.tuesday1115 + TimeSpan.minutes(1)))
        let spoken: (Instant) -> String = { $0 == Self.tuesday1115 ? "Tuesday 11:15" : "Tuesday 10:40" }
        #expect(entry.summary(at: Self.tuesday1030, spoken: spoken) == "Open: the customer will hear back by Tuesday 11:15")
        entry.outcome = .kept
        entry.endedAt = Self.tuesday1030 + TimeSpan.minutes(10)
        #expect(entry.summary(at: Self.thursday1115, spoken: spoken) == "Kept: answered Tuesday 10:40")
        #expect(entry.isDecided(at: Self.tuesday1030))
        for outcome in [PromiseOutcome.withdrawn, .superseded] {
            entry.outcome = outcome
            #expect(!entry.isDecided(at: Self.thursday1115))
            #expect(!entry.isBroken(at: Self.thursday1115))
        }
    }

    @Test("a customer still waiting who writes again is told the answer already owed, in the acknowledgement's own words; an earlier urgent promise is told as it is")
    func acknowledgementRestates() throws {
        let policy = try ScopeNoteTests.policy()
        let calendar = BusinessCalendar(policy: policy)
        let wednesday = try ISO8601.parse("2026-11-25T08:00:00-06:00")
        func acknowledge(standing: Instant?) -> Acknowledgement {
            Acknowledgement.decide(AcknowledgementFacts(
                channel: .email, received: wednesday, sent: wednesday, automaticReason: nil, isOwnMessage: false,
                lastAcknowledgedAt: nil, urgent: nil, outOfScope: nil, plan: policy.defaultPlan, customerName: "Dana",
                customerEmail: "dana@example.org", subject: "Faucet", statusLink: "https://desk.example/status/x",
                standingPromise: standing), policy: policy, calendar: calendar, interval: .hours(1))
        }
        let fresh = try #require(acknowledge(standing: nil).promise?.due)
        // Owed from an urgent follow-up earlier: half an hour before what this message earns, still to come.
        let owed = fresh - TimeSpan.minutes(30)
        try #require(owed > wednesday)
        let restated = acknowledge(standing: owed)
        #expect(restated.promise?.due == owed)
        #expect(restated.text.contains(calendar.spoken(owed)))
        #expect(!restated.text.contains(calendar.spoken(fresh)))
        // A standing promise later than what this message earns is not told: the earlier answer is.
        let later = fresh + TimeSpan.hours(72)
        #expect(acknowledge(standing: later).promise?.due == fresh)
        // One whose time has gone is never told again: the customer hears a time still to come.
        #expect(acknowledge(standing: wednesday - TimeSpan.hours(1)).promise?.due == fresh)
    }
}

@Suite("A simulated stretch's traffic and figures")
struct SimulationFiguresTests {
    static let start = Instant(secondsSince1970: 1_793_599_200)  // Monday 2 November 2026, 00:00 in Chicago

    @Test("traffic is the same for the same seed, falls on the hours weighted, and follows up only a customer who wrote before")
    func traffic() throws {
        let calendar = BusinessCalendar(policy: try ScopeNoteTests.policy())
        let mix = TrafficMix(customers: [("standard", 5)], messagesPerDay: 10, urgentShare: 0.5, followUpShare: 0.5,
                             hourWeights: (0..<24).map { $0 == 9 ? 1 : 0 })
        let a = TrafficGenerator.messages(mix, calendar: calendar, from: Self.start, days: 7, seed: 11)
        #expect(a == TrafficGenerator.messages(mix, calendar: calendar, from: Self.start, days: 7, seed: 11))
        #expect(a != TrafficGenerator.messages(mix, calendar: calendar, from: Self.start, days: 7, seed: 12))
        #expect(a.allSatisfy { calendar.localTime(of: $0.at).minuteOfDay / 60 == 9 })
        #expect(a.contains { $0.urgent } && a.contains { !$0.urgent })
        var seen = Set<Int>()
        for message in a {
            if message.followUp { #expect(seen.contains(message.customer)) }
            seen.insert(message.customer)
        }
    }

    @Test("figures from a record worked out by hand: kept of decided, percentiles of the promised wait, acknowledgements in 12 hours")
    func figures() {
        let t = Self.start
        func row(_ plan: String, wait hours: Int64, _ outcome: PromiseOutcome, ended: Instant? = nil) -> SimulationRecord.PromiseRow {
            .init(planID: plan, madeAt: t, due: t + TimeSpan.hours(hours), outcome: outcome, endedAt: ended, customer: "c")
        }
        let record = SimulationRecord(
            messages: 6, urgentMessages: 1,
            promises: [row("standard", wait: 2, .kept), row("standard", wait: 4, .kept), row("standard", wait: 6, .broken, ended: t + TimeSpan.hours(7)),
                       row("standard", wait: 8, .superseded), row("care", wait: 1, .open), row("care", wait: 500, .open)],
            sessions: [.init(at: t, replies: 3, backlogAfter: 2, urgent: false), .init(at: t, replies: 1, backlogAfter: 0, urgent: false),
                       .init(at: t, replies: 1, backlogAfter: 0, urgent: true)],
            acknowledgements: [("a", t), ("a", t + TimeSpan.hours(11)), ("a", t + TimeSpan.hours(30)), ("b", t)],
            end: t + TimeSpan.hours(48), openDays: 2, emergencyBuffer: .hours(1), perReply: .minutes(10))
        let figures = SimulationFigures.of(record) { _ in "then" }
        #expect(figures.promisesMade == 5, "a superseded promise was replaced, not made twice")
        #expect(figures.kept == 2)
        #expect(figures.broken == 2, "the late one, and the open one whose time passed before the end")
        #expect(figures.keptShare == 0.5)
        #expect(figures.waits.first { $0.planID == "standard" }?.median == .hours(4))
        #expect(figures.waits.first { $0.planID == "standard" }?.p90 == .hours(6))
        #expect(figures.mostAcknowledgementsIn12Hours == 2)
        #expect(figures.repliesPerSession == 2)
        #expect(figures.largestBacklog == 2)
        #expect(figures.interruptions == 1)
        #expect(figures.urgentTime == .minutes(10))
        #expect(figures.emergencyReserve == .hours(2))
        #expect(figures.brokenPromises.map(\.why) == ["still waiting at the end: the sessions before it were full",
                                                     "answered then: the sessions before it were full"])
        #expect(figures.lines.contains("Promises kept: 2 of 4 (50%)"))
    }
}
