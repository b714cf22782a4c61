/// One promise of an answer ("you'll hear from me by Tuesday 10:30") as the ledger ended it.
public struct PromiseRecord: Sendable, Equatable {
    public var conversationID: Conversation.ID
    /// When the customer was promised an answer by.
    public var promisedAt: Int64
    public var outcome: PromiseOutcome

    public init(conversationID: Conversation.ID, promisedAt: Int64, outcome: PromiseOutcome) {
        self.conversationID = conversationID
        self.promisedAt = promisedAt
        self.outcome = outcome
    }

    /// Kept: an answer reached the customer (accepted by the mail server, or sent from the
    /// owner's own mail app) by the promised time. Acknowledgements do not count; a reply
    /// written in time but still waiting, held or failed does not either.
    public var kept: Bool { outcome == .kept }
}

/// Promises kept and missed in one local week (Monday to Sunday).
public struct PromiseWeek: Sendable, Equatable {
    /// The Monday the week begins on.
    public var monday: CivilDate
    public var kept: Int
    public var missed: Int

    public var total: Int { kept + missed }
    /// "Week of 2 Nov: 9 of 10 kept (90%)".
    public var words: String {
        let label = "Week of \(PromiseWeek.dayName(monday))"
        guard total > 0 else { return label + ": no promises fell due" }
        return label + ": \(kept) of \(total) kept (\(HealthyDistance.percent(Double(kept) / Double(total))))"
    }

    /// "2 Nov".
    public static func dayName(_ date: CivilDate) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(date.day) \(months[date.month - 1])"
    }
}

/// Promises of a month by week: each promise falls in the week of its promised time (local).
/// A promise whose time has not come yet is left out unless an answer already kept it; one
/// whose time has passed with no answer in time is missed. Withdrawn and superseded promises
/// were never owed and are not counted.
public enum PromisesKept {
    public static func weeks(_ promises: [PromiseRecord], month: ReportMonth, calendar: BusinessCalendar,
                             now: Instant) -> [PromiseWeek] {
        // Every week that has a day in the month, so a quiet week shows as quiet, not missing.
        var weeks: [CivilDate: PromiseWeek] = [:]
        for day in month.days {
            let monday = day.adding(days: -Int64(day.weekday.rawValue))
            weeks[monday] = weeks[monday] ?? PromiseWeek(monday: monday, kept: 0, missed: 0)
        }
        for promise in promises {
            let kept = promise.kept
            switch promise.outcome {
            case .withdrawn, .superseded: continue
            case .open where promise.promisedAt > now.secondsSince1970: continue
            default: break
            }
            let day = calendar.localTime(of: Instant(secondsSince1970: promise.promisedAt)).date
            let monday = day.adding(days: -Int64(day.weekday.rawValue))
            var week = weeks[monday] ?? PromiseWeek(monday: monday, kept: 0, missed: 0)
            if kept { week.kept += 1 } else { week.missed += 1 }
            weeks[monday] = week
        }
        return weeks.values.sorted { $0.monday < $1.monday }
    }
}

/// Time spent on urgent matters in a month against the emergency buffer the policy keeps free
/// on every open day.
public struct UrgentTimeUse: Sendable, Equatable {
    public var used: TimeSpan
    public var reserved: TimeSpan
    public var openDays: Int
    /// "3 hours 20 minutes on urgent matters, of the 22 hours kept free for emergencies (1 hour on each of 22 open days): 15%".
    public var words: String

    public static func of(used: TimeSpan, month: ReportMonth, policy: Policy, calendar: BusinessCalendar) -> UrgentTimeUse {
        let openDays = month.days.filter { !calendar.intervals(on: $0).isEmpty }.count
        let reserved = TimeSpan(seconds: policy.day.emergencyBuffer.seconds * Int64(openDays))
        let spent = used.seconds == 0 ? "No time" : used.spokenDescription
        let words: String
        if reserved.seconds > 0 {
            words = "\(spent) on urgent matters, of the \(reserved.spokenDescription) kept free for emergencies "
                + "(\(policy.day.emergencyBuffer.spokenDescription) on each of \(openDays) open day\(openDays == 1 ? "" : "s")): "
                + HealthyDistance.percent(Double(used.seconds) / Double(reserved.seconds))
        } else {
            words = "\(spent) on urgent matters; the policy keeps no emergency buffer"
        }
        return UrgentTimeUse(used: used, reserved: reserved, openDays: openDays, words: words)
    }
}
