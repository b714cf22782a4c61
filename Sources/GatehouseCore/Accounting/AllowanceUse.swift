/// How much of a plan's monthly allowance of the owner's time a customer has used, and what
/// that means: fine, nearly used (80%), used up (100%), or past it.
public struct AllowanceUse: Sendable, Equatable {
    public enum Level: String, Sendable, Equatable {
        /// The plan has no allowance: time is not counted against anything.
        case none
        case fine
        /// 80% or more used.
        case nearing
        /// All of it used, or more.
        case reached
    }

    public var used: TimeSpan
    public var allowance: TimeSpan?
    public var level: Level
    /// Used as a share of the allowance, 0 … (past 1 when over).
    public var fraction: Double?

    /// The share at which the owner is warned.
    public static let warningShare = 0.8

    public static func of(used: TimeSpan, plan: Plan) -> AllowanceUse {
        guard let allowance = plan.monthlyAllowance, allowance.seconds > 0 else {
            return AllowanceUse(used: used, allowance: nil, level: .none, fraction: nil)
        }
        let fraction = Double(used.seconds) / Double(allowance.seconds)
        let level: Level = fraction >= 1 ? .reached : fraction >= warningShare ? .nearing : .fine
        return AllowanceUse(used: used, allowance: allowance, level: level, fraction: fraction)
    }

    /// "1 hour 50 minutes of the Care plan's 2 hours this month (92%)".
    public func words(plan: Plan) -> String {
        guard let allowance, let fraction else {
            return "\(used.seconds == 0 ? "no time" : used.spokenDescription) this month (the \(plan.name) plan has no allowance)"
        }
        let percent = Int((fraction * 100).rounded())
        let base = "\(used.seconds == 0 ? "no time" : used.spokenDescription) of the \(plan.name) plan's "
            + "\(allowance.spokenDescription) this month (\(percent)%)"
        switch level {
        case .none, .fine: return base
        case .nearing: return base + ": nearly used"
        case .reached:
            let over = TimeSpan(seconds: used.seconds - allowance.seconds)
            return base + (over.seconds > 0 ? ": \(over.spokenDescription) past the allowance" : ": used up")
        }
    }

    /// The warning before spending `more` (a call, a visit): nil when it stays under 80%.
    public func warning(adding more: TimeSpan, plan: Plan) -> String? {
        guard let allowance else { return nil }
        let after = TimeSpan(seconds: used.seconds + more.seconds)
        let share = Double(after.seconds) / Double(allowance.seconds)
        guard share >= Self.warningShare else { return nil }
        let what = "\(more.spokenDescription) more would make it \(after.spokenDescription) of the \(plan.name) plan's "
            + "\(allowance.spokenDescription) this month"
        if share > 1 {
            return what + ", \(TimeSpan(seconds: after.seconds - allowance.seconds).spokenDescription) past the allowance: "
                + "consider asking about an additional charge first"
        }
        return what + " (\(Int((share * 100).rounded()))%)"
    }
}
