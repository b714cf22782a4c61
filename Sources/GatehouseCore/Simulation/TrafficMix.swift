/// The traffic a simulated stretch of days brings, described: how many customers on each plan,
/// how many messages a day and at which hours, how many are urgent, how many follow up on the
/// customer's earlier message.
public struct TrafficMix: Sendable, Equatable {
    /// Customers per plan id, in the order they are made.
    public var customers: [(plan: String, count: Int)]
    public var messagesPerDay: Double
    /// The share of messages that carry one of the policy's urgent signs.
    public var urgentShare: Double
    /// The share of messages that answer the customer's own earlier message.
    public var followUpShare: Double
    /// How likely a message is at each local hour (0–23), relative to the others.
    public var hourWeights: [Double]
    /// How busy each weekday is (Monday first), relative to the others.
    public var dayWeights: [Double]
    /// Customers whose mailbox answers everything at once — in turn one that marks its answers
    /// automatic (RFC 3834), one that does not ("Out of office"), and an address that bounces —
    /// each writing once, on the first morning. The desk must never loop with them.
    public var autoResponders: Int = 0

    public init(customers: [(plan: String, count: Int)], messagesPerDay: Double, urgentShare: Double = 0.05,
                followUpShare: Double = 0.2, hourWeights: [Double] = TrafficMix.workingHours,
                dayWeights: [Double] = [1, 1, 1, 1, 1, 0.4, 0.3]) {
        self.customers = customers
        self.messagesPerDay = messagesPerDay
        self.urgentShare = urgentShare
        self.followUpShare = followUpShare
        self.hourWeights = hourWeights
        self.dayWeights = dayWeights
    }

    public static func == (a: TrafficMix, b: TrafficMix) -> Bool {
        a.customers.map(\.plan) == b.customers.map(\.plan) && a.customers.map(\.count) == b.customers.map(\.count)
            && a.messagesPerDay == b.messagesPerDay && a.urgentShare == b.urgentShare && a.followUpShare == b.followUpShare
            && a.hourWeights == b.hourWeights && a.dayWeights == b.dayWeights && a.autoResponders == b.autoResponders
    }

    /// Most mail in the working day, some in the evening, little at night.
    public static let workingHours: [Double] = [0.1, 0.05, 0.05, 0.05, 0.1, 0.2, 0.5, 1, 1.5, 1.5, 1.3, 1.2,
                                                1, 1.2, 1.3, 1.2, 1, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads "standard=40,care=10": customers per plan, each plan one of the policy's.
    public static func customers(_ text: String, policy: Policy) throws(Problem) -> [(plan: String, count: Int)] {
        var found: [(plan: String, count: Int)] = []
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let count = Int(pair[1]), count >= 0 else {
                throw Problem(description: "--customers: expected PLAN=COUNT pairs separated by commas, such as standard=40,care=10, "
                              + "not '\(part)'")
            }
            guard policy.plan(id: pair[0]) != nil else {
                throw Problem(description: "--customers: the policy has no plan '\(pair[0])' (its plans: "
                              + policy.plans.map(\.id).joined(separator: ", ") + ")")
            }
            found.append((pair[0], count))
        }
        guard found.contains(where: { $0.count > 0 }) else {
            throw Problem(description: "--customers: at least one customer is needed")
        }
        return found
    }
}

/// How an auto-responder's mailbox answers.
public enum AutoResponder: Int, Sendable, CaseIterable {
    /// "Automatic reply", with `Auto-Submitted: auto-replied` (RFC 3834).
    case marked
    /// "Out of office", with no header saying it is automatic.
    case unmarked
    /// The address does not exist: the mail server bounces everything sent to it.
    case bouncing

    /// The kind of the auto-responder numbered `index` (0 up).
    public static func kind(_ index: Int) -> AutoResponder { allCases[index % allCases.count] }
}

/// One message of the simulated traffic.
public struct SimulatedMessage: Sendable, Equatable {
    public var at: Instant
    /// The customer's number, 0 up, in the order the mix makes them.
    public var customer: Int
    public var urgent: Bool
    /// Whether it answers the customer's previous message.
    public var followUp: Bool

    public init(at: Instant, customer: Int, urgent: Bool, followUp: Bool) {
        self.at = at
        self.customer = customer
        self.urgent = urgent
        self.followUp = followUp
    }
}

/// Traffic for a stretch of days, the same for the same seed.
public enum TrafficGenerator {
    public static func messages(_ mix: TrafficMix, calendar: BusinessCalendar, from start: Instant, days: Int,
                                seed: UInt64) -> [SimulatedMessage] {
        var random = SeededRandom(seed: seed)
        let customerCount = mix.customers.reduce(0) { $0 + $1.count }
        guard customerCount > 0, days > 0 else { return [] }
        let firstDay = calendar.localTime(of: start).date
        let meanDay = mix.dayWeights.reduce(0, +) / Double(max(1, mix.dayWeights.count))
        let hourTotal = mix.hourWeights.reduce(0, +)
        var wrote = Set<Int>()
        var messages: [SimulatedMessage] = []
        for offset in 0..<days {
            let date = firstDay.adding(days: Int64(offset))
            let weight = mix.dayWeights[Int(date.weekday.rawValue) % mix.dayWeights.count] / max(meanDay, 0.0001)
            let expected = mix.messagesPerDay * weight
            var count = Int(expected)
            if random.unit() < expected - Double(count) { count += 1 }
            var day: [(message: SimulatedMessage, roll: Double)] = []
            for _ in 0..<count {
                var pick = random.unit() * hourTotal
                var hour = 0
                while hour < 23 && pick >= mix.hourWeights[hour] { pick -= mix.hourWeights[hour]; hour += 1 }
                let minute = Int(random.unit() * 60)
                let customer = Int(random.unit() * Double(customerCount))
                let urgent = random.unit() < mix.urgentShare
                let roll = random.unit()
                guard let at = calendar.instant(of: date, minute: hour * 60 + minute), at >= start else { continue }
                day.append((SimulatedMessage(at: at, customer: customer, urgent: urgent, followUp: false), roll))
            }
            // A follow-up answers an earlier message of the customer's, so it is decided in time order.
            for var entry in day.sorted(by: { ($0.message.at, $0.message.customer) < ($1.message.at, $1.message.customer) }) {
                entry.message.followUp = wrote.contains(entry.message.customer) && entry.roll < mix.followUpShare
                wrote.insert(entry.message.customer)
                messages.append(entry.message)
            }
        }
        return messages.sorted { ($0.at, $0.customer) < ($1.at, $1.customer) }
    }
}
