/// Whether one customer takes a disproportionate share of the owner's time compared with their
/// share of the month's revenue: a sign to talk about the relationship ("healthy distance")
/// before it wears the owner out.
///
/// The rule: a customer is flagged when their share of the owner's recorded time is at least
/// `minimumTimeShare` (10%: small customers are left alone, however little they pay) **and**
/// at least `factor` (2×) their share of revenue. A customer who brings no revenue at all and
/// takes 10% or more of the time is flagged too. With no time recorded, nobody is flagged.
public struct HealthyDistance: Sendable, Equatable {
    /// The customer's share of all time recorded this month, 0 … 1.
    public var timeShare: Double
    /// The customer's share of the month's revenue, 0 … 1.
    public var revenueShare: Double
    /// Whether to suggest a healthy-distance conversation.
    public var flagged: Bool
    /// Why, in the owner's words: "18% of your time for 3% of revenue".
    public var reason: String

    /// The least share of time that can be flagged.
    public static let minimumTimeShare = 0.10
    /// How many times their share of revenue the share of time must be.
    public static let factor = 2.0

    /// The decision for a customer who took `time` of `totalTime` and brought `revenueCents` of
    /// `totalRevenueCents`.
    public static func check(time: TimeSpan, totalTime: TimeSpan, revenueCents: Int64, totalRevenueCents: Int64) -> HealthyDistance {
        let timeShare = totalTime.seconds > 0 ? Double(max(0, time.seconds)) / Double(totalTime.seconds) : 0
        let revenueShare = totalRevenueCents > 0 ? Double(max(0, revenueCents)) / Double(totalRevenueCents) : 0
        let shares = "\(percent(timeShare)) of your time for \(percent(revenueShare)) of revenue"
        guard timeShare > 0 else {
            return HealthyDistance(timeShare: 0, revenueShare: revenueShare, flagged: false, reason: "no time recorded this month")
        }
        guard timeShare >= minimumTimeShare else {
            return HealthyDistance(timeShare: timeShare, revenueShare: revenueShare, flagged: false,
                                   reason: shares + ": under \(percent(minimumTimeShare)) of your time, so not flagged")
        }
        guard timeShare >= factor * revenueShare else {
            return HealthyDistance(timeShare: timeShare, revenueShare: revenueShare, flagged: false,
                                   reason: shares + ": in proportion")
        }
        return HealthyDistance(timeShare: timeShare, revenueShare: revenueShare, flagged: true,
                               reason: shares + "; worth a healthy-distance conversation")
    }

    /// A share as a whole percentage ("18%"); a share above zero that rounds to 0 reads "under 1%".
    public static func percent(_ share: Double) -> String {
        let value = Int((share * 100).rounded())
        return share > 0 && value == 0 ? "under 1%" : "\(value)%"
    }
}
