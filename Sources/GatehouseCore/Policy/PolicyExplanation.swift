/// The policy in plain, friendly English: the text of the "How we work" page.
public struct PolicyExplanation: Sendable {
    public let policy: Policy

    public init(policy: Policy) { self.policy = policy }

    public var text: String {
        let p = policy
        var out: [String] = ["How \(p.business.name) works", ""]
        out.append("We want to give every customer our full attention, so here is how we work — "
                   + "what to expect from us, and the quickest way to get help when it really can't wait.")

        out += ["", "## When we're open", ""]
        for group in PolicyWords.dayGroups(p.hours) {
            out.append("- " + PolicyWords.dayRange(group.first, group.last, short: false, locale: p.business.locale) + ": "
                       + PolicyWords.intervalsSpoken(group.intervals, locale: p.business.locale))
        }
        out.append("")
        out.append("All times are \(zoneName) time (\(p.business.timeZoneIdentifier)).")
        let closed = p.closures.filter { $0.intervals.isEmpty }
        let special = p.closures.filter { !$0.intervals.isEmpty }
        if !closed.isEmpty {
            out += ["", "We're closed on these days:"]
            for closure in closed {
                var line = "- " + PolicyWords.closureDates(closure, locale: p.business.locale)
                if case .closed(let reason?) = closure.kind { line += " (\(reason))" }
                out.append(line)
            }
        }
        if !special.isEmpty {
            out += ["", "Special hours:"]
            for closure in special {
                out.append("- " + PolicyWords.closureDates(closure, locale: p.business.locale) + ": "
                           + PolicyWords.intervalsSpoken(closure.intervals, locale: p.business.locale))
            }
        }

        out += ["", "## How to reach us", ""]
        for channel in Channel.allCases {
            if let line = channelLine(channel) { out.append("- " + line) }
        }

        out += ["", "## When you'll hear back", ""]
        let windows = p.responseWindows
        if windows.starts.isEmpty {
            out.append("We answer messages during opening hours.")
        } else {
            var line = "We answer messages in batches at "
                + PolicyWords.list(windows.starts.map(p.business.locale.time))
                + " on working days, so that each one gets proper attention rather than a rushed reply."
            if windows.minimumReplyDelay.seconds > 0 {
                line += " Unless it's urgent, a reply goes out at least "
                    + "\(windows.minimumReplyDelay.spokenDescription) after your message arrives."
            }
            out.append(line)
        }
        out.append("As soon as your message arrives you'll get a note telling you exactly when to expect our answer.")
        out.append("")
        for plan in p.plans {
            out.append("- \(plan.name): a first response within \(plan.firstResponse)"
                       + (plan.firstResponse == .businessDays(1) ? " (by the end of the next full working day)" : "")
                       + ".")
        }

        out += ["", "## What counts as urgent", ""]
        if let definition = p.urgent.definition {
            out.append("We treat this as urgent: \(definition)")
        } else {
            out.append("We haven't set aside a separate route for urgent matters; every message is answered in turn.")
        }
        if let route = urgentRoute {
            out.append("If that's you, please \(route) — that reaches us straight away.")
        }
        let urgentPlans = p.plans.filter(\.urgentAccess).map(\.name)
        if !urgentPlans.isEmpty, urgentPlans.count < p.plans.count {
            out.append("The urgent route is included in the \(PolicyWords.list(urgentPlans, conjunction: "and")) "
                       + "plan\(urgentPlans.count == 1 ? "" : "s").")
        }
        if !p.urgent.signs.isEmpty {
            out += urgentRules
        }
        out.append("Writing again, or in capitals, doesn't move a message up the queue — "
                   + "what matters is what it's about, so everyone is treated fairly.")

        if !p.services.isEmpty {
            out += ["", "## What we do", ""]
            for service in p.services {
                var line = "- \(service.name) — \(PolicyWords.money(service.price, of: p.business))."
                if let description = service.description { line += " \(description)" }
                if !service.covers.isEmpty { line += " Includes \(PolicyWords.list(service.covers))." }
                if !service.excludes.isEmpty {
                    line += " Not included: \(PolicyWords.list(service.excludes, conjunction: "or"))."
                }
                out.append(line)
            }
        }

        out += ["", "## Plans", ""]
        for plan in p.plans {
            var parts = ["\(PolicyWords.money(plan.fee, of: p.business))"]
            if case .amount(0, _) = plan.fee { parts = ["free"] }
            parts.append("first response within \(plan.firstResponse)")
            if let allowance = plan.monthlyAllowance {
                parts.append("\(allowance.spokenDescription) of our time each month")
            }
            parts.append(plan.urgentAccess ? "urgent route included" : "no urgent route")
            if !plan.services.isEmpty {
                let names = plan.services.compactMap { id in p.services.first { $0.id == id }?.name }
                parts.append("covers \(PolicyWords.list(names))")
            }
            out.append("- \(plan.name): " + parts.joined(separator: "; ") + ".")
        }

        if !p.referrals.isEmpty {
            out += ["", "## Work we don't do — and who we recommend", ""]
            for referral in p.referrals {
                var line = "- \(referral.name)"
                if !referral.topics.isEmpty { line += " for \(PolicyWords.list(referral.topics))" }
                if let contact = referral.contact { line += ": \(contact)" }
                line += "."
                if let note = referral.note { line += " \(note)" }
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    private var zoneName: String { policy.business.zoneCity }

    /// The urgent promise and what happens without urgent access, in the customer's words.
    private var urgentRules: [String] {
        let p = policy
        var lines: [String] = []
        if let within = p.urgent.respondWithin {
            let hours: String = switch p.urgent.hours {
            case .always: "at any time, day or night"
            case .openingHours: "during our opening hours"
            case .daily(let span): "every day from " + p.business.locale.time(span.start) + " to " + p.business.locale.time(span.end)
            }
            lines.append("When it's urgent, we answer within \(within.spokenDescription), \(hours).")
        }
        let someWithout = p.plans.contains { !$0.urgentAccess }
        guard someWithout else { return lines }
        switch p.urgent.withoutAccess {
        case .callout(let id):
            if let service = p.services.first(where: { $0.id == id }) {
                lines.append("New customer, or a plan without the urgent route? We still come: an emergency call-out is "
                             + "\(PolicyWords.money(service.price, of: p.business)).")
            }
        case .nextOpening:
            lines.append("Without the urgent route in your plan, an urgent message is the first we answer when we're next open.")
        case .refer(let name):
            if let partner = p.referrals.first(where: { $0.name == name }) {
                lines.append("Without the urgent route in your plan, \(partner.name) can help straight away"
                             + (partner.contact.map { " (\($0))" } ?? "") + ".")
            }
        }
        return lines
    }

    private var urgentRoute: String? {
        guard let channel = policy.urgent.reachBy else { return nil }
        switch channel {
        case .phone: return policy.business.phone.map { "call \($0)" } ?? "call us"
        case .sms: return policy.business.phone.map { "send a text message to \($0)" } ?? "send us a text message"
        case .email: return policy.business.email.map { "email \($0) with URGENT in the subject" }
        case .webForm: return "use the contact form and say it's urgent"
        case .chat: return "message us on chat"
        }
    }

    private func channelLine(_ channel: Channel) -> String? {
        let rule = policy.channels[channel]
        let business = policy.business
        let name: String = switch channel {
        case .email: "Email" + (business.email.map { " (\($0))" } ?? "")
        case .webForm: "The contact form on our website"
        case .phone: "Phone" + (business.phone.map { " (\($0))" } ?? "")
        case .sms: "Text messages"
        case .chat: "Chat"
        }
        switch rule.status {
        case .accepted:
            return "\(name): yes, any time — we'll answer in our next response window."
        case .urgentOnly:
            return "\(name): for urgent matters only." + (rule.redirect.map { " \($0)" } ?? "")
        case .notAccepted:
            // Only mention channels the owner chose to talk about.
            guard rule.redirect != nil || channel == .phone && business.phone != nil else { return nil }
            return "\(name): we don't answer these." + (rule.redirect.map { " \($0)" } ?? "")
        }
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
