import GatehouseCore
import GatehouseStore

/// "Try this policy": the workspace's current policy and an edited one, run on the same
/// simulated fortnight shaped like the workspace's own traffic, side by side.
public struct PolicyTrial: Sendable {
    /// What the traffic was, in a sentence.
    public var traffic: String
    public var current: SimulationFigures
    public var edited: SimulationFigures
    /// "Promises kept: 58% → 78%", …
    public var comparison: [String]
}

extension WorkspaceDesk {
    /// The traffic a trial uses: the workspace's customers per plan and its messages a day over
    /// the last 30 days — or, for a desk with little history yet, an example of 20 customers
    /// writing 4 times a day — and what it is, in words.
    func trialMix(policy: Policy) async throws -> (mix: TrafficMix, words: String) {
        let counts = try await Customers(database: database, workspaceID: workspace.id).countsByPlan()
        let recent = try await Conversations(database: database, workspaceID: workspace.id)
            .inboundCount(from: now - TimeSpan.hours(24 * 30), to: now)
        let groups = policy.plans.compactMap { plan in counts[plan.id].map { (plan: plan.id, count: $0) } }.filter { $0.count > 0 }
        let total = groups.reduce(0) { $0 + $1.count }
        guard total >= 5, recent >= 30 else {
            let mix = TrafficMix(customers: [(policy.defaultPlan.id, 20)], messagesPerDay: 4)
            return (mix, "an example of 20 customers on \(policy.defaultPlan.name) writing about 4 messages a day "
                    + "(your desk has too little history yet to copy)")
        }
        let perDay = Double(recent) / 30
        let mix = TrafficMix(customers: groups, messagesPerDay: perDay)
        let plans = groups.map { group in "\(group.count) on \(policy.plan(id: group.plan)?.name ?? group.plan)" }
        return (mix, "your customers (\(policy.business.locale.list(plans))) writing about "
                + "\(Int(perDay.rounded())) messages a day, as in your last 30 days")
    }

    /// Runs the current policy and `editedYAML` on the same `days` of traffic (throwaway databases;
    /// nothing of the workspace changes): the workspace's own last `days` days, replayed as they
    /// happened, when it had at least `replayFrom` messages in them; else a simulated stretch from
    /// the coming Monday shaped like its traffic. The edited policy must read.
    public func tryPolicy(_ editedYAML: String, days: Int = 14, replayFrom: Int = 10) async throws -> PolicyTrial {
        let current = try policy()
        let edited = try Policy.read(yaml: editedYAML)
        let calendar = try self.calendar()
        let owner = OwnerModel()
        let a: SimulationRecord, b: SimulationRecord, words: String
        let history = try await history(days: days)
        if history.messages.count >= replayFrom {
            a = try await PolicySimulation(policyYAML: workspace.policyYAML, replaying: history, owner: owner).runOnScratchDatabase()
            b = try await PolicySimulation(policyYAML: editedYAML, replaying: history, owner: owner).runOnScratchDatabase()
            words = "Your last \(days) days as they happened, from \(calendar.spokenDate(history.from)): " + history.summary
        } else {
            let (mix, described) = try await trialMix(policy: current)
            // From the coming Monday, midnight in the business's time zone.
            var day = calendar.localTime(of: now).date.adding(days: 1)
            while day.weekday != .monday { day = day.adding(days: 1) }
            let start = calendar.instant(of: day, minute: 0) ?? now
            var mixed = mix
            mixed.autoResponders = 3
            a = try await PolicySimulation(policyYAML: workspace.policyYAML, mix: mixed, owner: owner, start: start,
                                           days: days, seed: 1).runOnScratchDatabase()
            b = try await PolicySimulation(policyYAML: editedYAML, mix: mixed, owner: owner, start: start,
                                           days: days, seed: 1).runOnScratchDatabase()
            words = "\(days) days from \(calendar.spokenDate(start)): " + described
        }
        let spokenA = BusinessCalendar(policy: current).spoken, spokenB = BusinessCalendar(policy: edited).spoken
        let figuresA = SimulationFigures.of(a, spoken: spokenA), figuresB = SimulationFigures.of(b, spoken: spokenB)
        return PolicyTrial(traffic: words, current: figuresA, edited: figuresB,
                           comparison: SimulationFigures.compare(figuresA, figuresB))
    }
}
