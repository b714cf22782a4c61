import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore

/// `gatehouse simulate --policy FILE [--compare FILE]`: a stretch of traffic run through the real
/// desk under a virtual clock, to see what a policy will mean for customers before adopting it.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Try a policy on a simulated month before adopting it (and compare two on the same traffic).",
        discussion: """
            Generated traffic (customers per plan, messages a day by hour, a share urgent, a share of \
            follow-ups) goes through the real intake, triage, promises, reply scheduling and outbox on a \
            throwaway SQLite database, under a virtual clock. The owner answers in a session before each \
            response window (or each open hour without windows), as many replies as --replies-per-hour \
            allows, and urgent matters soon after they arrive. Prints promises kept, the promised wait per \
            plan, acknowledgements per customer, the backlog the sessions leave, interruptions, urgent time \
            against the emergency reserve, and the broken promises with why. The same seed gives the same \
            traffic; with --compare, both policies get the same traffic. With --replay DAYS, the traffic is \
            the workspace's own instead: every message of the last DAYS days, taken in again at the time it \
            came, from its customer on their plan.
            """
    )

    @Option(name: .long, help: "The policy to try (YAML).")
    var policy: String

    @Option(name: .long, help: "A second policy to compare with, on the same traffic.")
    var compare: String?

    @Option(name: .long, help: "How many days to simulate.")
    var days: Int = 30

    @Option(name: .long, help: "The traffic's seed: the same seed gives the same traffic.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Customers per plan, such as standard=40,care=10 (default: 40 on each plan).")
    var customers: String?

    @Option(name: .customLong("messages-per-day"), help: "Messages on an average day.")
    var messagesPerDay: Double = 8

    @Option(name: .customLong("urgent-share"), help: "The share of messages that are urgent (0 to 1).")
    var urgentShare: Double = 0.05

    @Option(name: .customLong("follow-up-share"), help: "The share of messages that follow up the customer's last one (0 to 1).")
    var followUpShare: Double = 0.2

    @Option(name: .customLong("replies-per-hour"), help: "How many replies the owner writes in an hour.")
    var repliesPerHour: Int = 8

    @Option(name: .customLong("auto-responders"),
            help: "Customers whose mailbox answers everything at once (in turn: marked automatic, an unmarked 'Out of office', a bouncing address).")
    var autoResponders: Int = 3

    @Option(name: .long, help: "When the stretch starts (ISO 8601; default: the coming Monday, midnight in the policy's time zone).")
    var start: String?

    @Option(name: .long, help: ArgumentHelp("Replay the workspace's own messages of the last DAYS days, at the times they came, instead of generated traffic.",
                                            valueName: "days"))
    var replay: Int?

    @Option(help: "The workspace whose history --replay reads (may be left out when there is only one).")
    var workspace: String?

    @OptionGroup var options: DatabaseOptions

    func validate() throws {
        guard (1...366).contains(days) else { throw ValidationError("--days: expected 1 to 366, not \(days)") }
        guard messagesPerDay >= 0, messagesPerDay <= 5000 else {
            throw ValidationError("--messages-per-day: expected 0 to 5000, not \(messagesPerDay)")
        }
        for (name, share) in [("--urgent-share", urgentShare), ("--follow-up-share", followUpShare)] where !(0...1).contains(share) {
            throw ValidationError("\(name): expected a share from 0 to 1, not \(share)")
        }
        guard (0...100).contains(autoResponders) else {
            throw ValidationError("--auto-responders: expected 0 to 100, not \(autoResponders)")
        }
        guard (1...120).contains(repliesPerHour) else {
            throw ValidationError("--replies-per-hour: expected 1 to 120, not \(repliesPerHour)")
        }
        if let replay {
            guard (1...366).contains(replay) else { throw ValidationError("--replay: expected 1 to 366 days, not \(replay)") }
            if start != nil || customers != nil {
                throw ValidationError("--replay takes what happened, when it happened: leave out --start and --customers")
            }
        }
    }

    func run() async throws {
        let first = try Self.load(policy)
        let second = try compare.map(Self.load)
        let owner = OwnerModel(repliesPerHour: repliesPerHour)
        if let replay {
            let (slug, history) = try await options.withDatabase { database in
                let workspace = try await WorkspaceChoice.find(workspace, in: database)
                return (workspace.slug, try await WorkspaceDesk.forCommand(workspace, database: database).history(days: replay))
            }
            let calendar = BusinessCalendar(policy: first.policy)
            Terminal.output("Replaying \(slug)'s last \(replay) day\(replay == 1 ? "" : "s") (from \(calendar.spoken(history.from))): "
                            + "\(history.summary); the owner writes \(repliesPerHour) replies an hour.")
            try await Self.report(first, second, policyPath: policy, comparePath: compare) { yaml in
                PolicySimulation(policyYAML: yaml, replaying: history, owner: owner)
            }
            return
        }
        let calendar = BusinessCalendar(policy: first.policy)
        let startsAt: Instant
        if let start {
            do { startsAt = try ISO8601.parse(start) } catch {
                Terminal.error("gatehouse: error: --start: expected an ISO 8601 instant such as 2026-11-02T00:00:00-06:00, not '\(start)'")
                throw ExitCode(1)
            }
        } else {
            var day = calendar.localTime(of: SystemDeskClock().now()).date.adding(days: 1)
            while day.weekday != .monday { day = day.adding(days: 1) }
            startsAt = calendar.instant(of: day, minute: 0) ?? SystemDeskClock().now()
        }
        let mix: TrafficMix
        do {
            let groups = try customers.map { text throws(TrafficMix.Problem) in try TrafficMix.customers(text, policy: first.policy) }
                ?? first.policy.plans.map { ($0.id, 40) }
            var made = TrafficMix(customers: groups, messagesPerDay: messagesPerDay, urgentShare: urgentShare,
                                  followUpShare: followUpShare)
            made.autoResponders = autoResponders
            mix = made
        } catch {
            Terminal.error("gatehouse: error: \(error.description)")
            throw ExitCode(1)
        }
        Terminal.output("Simulating \(days) day\(days == 1 ? "" : "s") from \(calendar.spoken(startsAt)), seed \(seed): "
                        + mix.customers.map { "\($0.count) on \($0.plan)" }.joined(separator: ", ")
                        + (autoResponders > 0 ? " and \(autoResponders) auto-responder\(autoResponders == 1 ? "" : "s")" : "")
                        + ", about \(Self.number(messagesPerDay)) messages a day; the owner writes \(repliesPerHour) replies an hour.")
        try await Self.report(first, second, policyPath: policy, comparePath: compare) { [days, seed] yaml in
            PolicySimulation(policyYAML: yaml, mix: mix, owner: owner, start: startsAt, days: days, seed: seed)
        }
    }

    /// Runs the policy (and the one to compare with) on the same traffic and prints what came of it.
    static func report(_ first: (policy: Policy, yaml: String), _ second: (policy: Policy, yaml: String)?, policyPath: String,
                       comparePath: String?, simulation: (String) -> PolicySimulation) async throws {
        let a = try await simulate(first, simulation(first.yaml))
        Terminal.output("\n\(policyPath):")
        print(a.figures, calendar: a.calendar)
        if let second, let path = comparePath {
            let b = try await simulate(second, simulation(second.yaml))
            Terminal.output("\n\(path):")
            print(b.figures, calendar: b.calendar)
            Terminal.output("\nOn the same traffic, \(policyPath) → \(path):")
            for line in SimulationFigures.compare(a.figures, b.figures) { Terminal.output("  " + line) }
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func print(_ figures: SimulationFigures, calendar: BusinessCalendar) {
        for line in figures.lines { Terminal.output("  " + line) }
        guard !figures.brokenPromises.isEmpty else { return }
        Terminal.output("  Broken promises (the first 10):")
        for broken in figures.brokenPromises.prefix(10) {
            Terminal.output("    \(broken.customer), due \(calendar.spoken(broken.due)): \(broken.why)")
        }
    }

    static func load(_ path: String) throws -> (policy: Policy, yaml: String) {
        guard let policy = PolicyFile.load(path),
              let yaml = try? String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8) else { throw ExitCode(1) }
        return (policy, yaml)
    }

    /// One policy's run, on its own throwaway database.
    static func simulate(_ policy: (policy: Policy, yaml: String), _ simulation: PolicySimulation)
        async throws -> (figures: SimulationFigures, calendar: BusinessCalendar) {
        let record = try await simulation.runOnScratchDatabase()
        let calendar = BusinessCalendar(policy: policy.policy)
        return (SimulationFigures.of(record, spoken: calendar.spoken), calendar)
    }
}
