/// The one-screen summary `gatehouse policy check` prints for a valid policy.
public struct PolicySummary: Sendable {
    public let policy: Policy

    public init(policy: Policy) { self.policy = policy }

    /// Label-and-value lines, at most a screenful.
    public var text: String {
        var lines: [(String, String)] = []
        let p = policy
        lines.append(("Business", p.business.name + (p.business.email.map { " <\($0)>" } ?? "")))
        lines.append(("Time zone", p.business.timeZoneIdentifier))
        let sample = p.business.locale.dayAndTime(CivilDate(year: 2026, month: 12, day: 1), 16 * 60 + 15)
        lines.append(("Locale", "\(p.business.locale) (\(sample), \(p.business.money(4_900)))"))
        let hours = PolicyWords.dayGroups(p.hours).map {
            PolicyWords.dayRange($0.first, $0.last, short: true) + " " + PolicyWords.intervals24($0.intervals)
        }.joined(separator: "; ")
        lines.append(("Hours", hours + " (\(p.hours.weeklyOpenTime) a week)"))
        if p.closures.isEmpty {
            lines.append(("Closures", "none"))
        } else {
            let shown = p.closures.prefix(4).map { closure -> String in
                let dates = closure.first == closure.last ? "\(closure.first)" : "\(closure.first)..\(closure.last)"
                switch closure.kind {
                case .closed(let reason): return dates + (reason.map { " \($0)" } ?? " closed")
                case .specialHours(let intervals): return dates + " " + PolicyWords.intervals24(intervals)
                }
            }
            lines.append(("Closures", "\(p.closures.count): " + shown.joined(separator: "; ")
                          + (p.closures.count > 4 ? "; …" : "")))
        }
        let windows = p.responseWindows
        lines.append(("Windows", windows.starts.isEmpty ? "none (replies are not held)"
                      : windows.starts.map(ClockTime.text).joined(separator: ", ")
                      + " (\(windows.length) each), minimum reply delay \(windows.minimumReplyDelay)"))
        var day = "emergency buffer \(p.day.emergencyBuffer)"
        if !p.day.focus.isEmpty { day += "; focus " + PolicyWords.intervals24(p.day.focus) }
        if let limit = p.day.maxMeetingTime { day += "; meetings at most \(limit)" }
        lines.append(("Day", day))
        let channels = [ChannelStatus.accepted, .urgentOnly, .notAccepted].compactMap { status -> String? in
            let names = Channel.allCases.filter { p.channels[$0].status == status }.map(\.rawValue)
            return names.isEmpty ? nil : names.joined(separator: ", ") + " " + status.rawValue
        }
        lines.append(("Channels", channels.joined(separator: "; ")))
        lines.append(("Urgent", (p.urgent.signs.isEmpty ? "no signs listed" : "\(p.urgent.signs.count) signs")
                      + (p.urgent.reachBy.map { "; reach by \($0.rawValue)" } ?? "; no urgent route")))
        lines.append(("Services", p.services.isEmpty ? "none listed" : "\(p.services.count): "
                      + p.services.map { "\($0.name) (\($0.price))" }.joined(separator: ", ")))
        lines.append(("Plans", "\(p.plans.count): " + p.plans.map { plan in
            var parts = ["\(plan.fee)", "\(plan.firstResponse)"]
            if let allowance = plan.monthlyAllowance { parts.append("\(allowance)/month") }
            if plan.urgentAccess { parts.append("urgent access") }
            if plan.id == p.defaultPlan.id { parts.append("default") }
            return "\(plan.name) (" + parts.joined(separator: ", ") + ")"
        }.joined(separator: ", ")))
        lines.append(("Referrals", p.referrals.isEmpty ? "none" : p.referrals.map(\.name).joined(separator: ", ")))
        let custom = TemplateName.allCases.filter { p.templates[$0] != nil }.map(\.rawValue)
        lines.append(("Templates", custom.isEmpty ? "all defaults"
                      : "\(custom.joined(separator: ", ")) (own); the rest default"))
        let width = lines.map(\.0.count).max()! + 2
        return "Policy OK: \(p.business.name)\n"
            + lines.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + $0.1 }.joined(separator: "\n")
    }
}
