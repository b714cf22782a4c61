import Foundation
import Yams

/// Reading what the business offers and how it can be reached: channels,
/// urgent, services, plans, referrals.
extension PolicyReader {
    mutating func readUrgent(_ node: Node) -> UrgentPolicy {
        var urgent = UrgentPolicy()
        guard !isNull(node), let entries = mapping(node, "urgent") else { return urgent }
        let keys = checkKeys(entries, allowed: ["definition", "signs", "reach_by", "without_access", "callout", "refer_to",
                                                "respond_within", "hours", "meanwhile", "acknowledge_within"], in: "urgent")
        urgent.definition = keys["definition"].flatMap { text($0.value, "urgent.definition") }
        urgent.signs = keys["signs"].flatMap { textList($0.value, "urgent.signs") } ?? []
        if let entry = keys["reach_by"], let raw = text(entry.value, "urgent.reach_by") {
            if let channel = Channel(rawValue: raw.lowercased()) {
                urgent.reachBy = channel
            } else {
                let names = Channel.allCases.map(\.rawValue)
                error(entry.value, "'\(raw)' is not a channel for urgent.reach_by; expected one of "
                      + names.joined(separator: ", ") + Suggestion.clause(for: raw, among: names))
            }
        }
        urgent.respondWithin = keys["respond_within"].flatMap { duration($0.value, "urgent.respond_within", allowZero: false) }
        urgent.meanwhile = keys["meanwhile"].flatMap { text($0.value, "urgent.meanwhile") }
        if let span = keys["acknowledge_within"].flatMap({ duration($0.value, "urgent.acknowledge_within", allowZero: false) }) {
            urgent.acknowledgeWithin = span
        }
        if let entry = keys["hours"], let raw = text(entry.value, "urgent.hours") {
            switch raw.lowercased() {
            case "always", "24/7": urgent.hours = .always
            case "opening_hours", "opening hours": urgent.hours = .openingHours
            default:
                switch OpeningIntervalText.parse(Substring(raw)) {
                case .success(let span): urgent.hours = .daily(span)
                case .failure(let problem):
                    error(entry.value, "urgent.hours: \(problem.text); write always, opening_hours or a daily span like 07:00-22:00")
                }
            }
        }
        let callout = keys["callout"].flatMap { text($0.value, "urgent.callout") }
        let referTo = keys["refer_to"].flatMap { text($0.value, "urgent.refer_to") }
        if let entry = keys["without_access"], let raw = text(entry.value, "urgent.without_access") {
            switch raw.lowercased() {
            case "callout", "call-out", "call_out":
                if let callout { urgent.withoutAccess = .callout(serviceID: callout) } else {
                    error(entry.value, "urgent.without_access is callout, but urgent.callout does not name the service "
                          + "to offer; add for example 'callout: emergency' with a service of that id and its price")
                }
            case "next_opening", "next opening":
                urgent.withoutAccess = .nextOpening
            case "refer", "referral":
                if let referTo { urgent.withoutAccess = .refer(partner: referTo) } else {
                    error(entry.value, "urgent.without_access is refer, but urgent.refer_to does not name the partner; "
                          + "add 'refer_to:' with the name of one of your referrals")
                }
            default:
                let names = ["callout", "next_opening", "refer"]
                error(entry.value, "'\(raw)' is not a choice for urgent.without_access; expected one of "
                      + names.joined(separator: ", ") + Suggestion.clause(for: raw, among: names))
            }
        }
        return urgent
    }

    /// The urgent rules name a service and a partner the policy must have.
    mutating func checkUrgentRules(_ urgent: UrgentPolicy, services: [Service], referrals: [Referral], node: Node?) {
        guard let node else { return }
        switch urgent.withoutAccess {
        case .callout(let id):
            let place: Node = Self.child(node, "callout") ?? node
            guard let service = services.first(where: { $0.id == id }) else {
                let ids = services.map(\.id)
                error(place, "urgent.callout is '\(id)', but no service has that id"
                      + (ids.isEmpty ? "; add the call-out to services with its price"
                                     : "; expected one of " + ids.joined(separator: ", ") + Suggestion.clause(for: id, among: ids)))
                return
            }
            if case .quote = service.price {
                error(place, "urgent.callout is '\(id)', whose price is on quote; a call-out offered at once needs a price "
                      + "the customer can be told, like 180/visit")
            }
        case .refer(let partner):
            let place: Node = Self.child(node, "refer_to") ?? node
            if !referrals.contains(where: { $0.name == partner }) {
                let names = referrals.map(\.name)
                error(place, "urgent.refer_to is '\(partner)', but no referral has that name"
                      + (names.isEmpty ? "; add the partner to referrals" : "; expected one of " + names.joined(separator: ", ")
                         + Suggestion.clause(for: partner, among: names)))
            }
        case .nextOpening:
            break
        }
    }

    mutating func readChannels(_ node: Node?, urgent: UrgentPolicy) -> Channels {
        var rules: [Channel: ChannelRule] = [:]
        for channel in Channel.allCases {
            let status: ChannelStatus = switch channel {
            case .email, .webForm: .accepted
            default: channel == urgent.reachBy ? .urgentOnly : .notAccepted
            }
            rules[channel] = ChannelRule(status: status, redirect: nil)
        }
        guard let node, !isNull(node), let entries = mapping(node, "channels") else { return Channels(rules: rules) }
        let names = Channel.allCases.map(\.rawValue)
        let keys = checkKeys(entries, allowed: names, in: "channels")
        for (name, entry) in keys {
            let channel = Channel(rawValue: name)!
            let what = "channels.\(name)"
            switch entry.value {
            case .scalar:
                if let raw = text(entry.value, what), let status = channelStatus(raw, at: entry.value, what) {
                    rules[channel] = ChannelRule(status: status, redirect: nil)
                }
            case .mapping:
                guard let inner = mapping(entry.value, what) else { continue }
                let fields = checkKeys(inner, allowed: ["accepted", "redirect"], in: what)
                var rule = ChannelRule(status: .accepted, redirect: nil)
                if let accepted = fields["accepted"], let raw = text(accepted.value, "\(what).accepted"),
                   let status = channelStatus(raw, at: accepted.value, "\(what).accepted") {
                    rule.status = status
                } else if fields["accepted"] == nil {
                    missing("accepted", in: entry.value, example: "accepted: no")
                }
                rule.redirect = fields["redirect"].flatMap { text($0.value, "\(what).redirect") }
                rules[channel] = rule
            default:
                error(entry.value, "\(what) must be accepted, urgent-only or no, optionally with a redirect, "
                      + "not \(kind(of: entry.value))")
            }
        }
        return Channels(rules: rules)
    }

    private mutating func channelStatus(_ raw: String, at node: Node, _ what: String) -> ChannelStatus? {
        switch raw.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "accepted", "yes", "true", "on", "open": return .accepted
        case "urgent-only", "urgent", "urgent only": return .urgentOnly
        case "no", "false", "off", "not-accepted", "not accepted", "none", "closed": return .notAccepted
        default:
            error(node, "'\(raw)' is not a channel setting for \(what); expected accepted, urgent-only or no")
            return nil
        }
    }

    /// The urgent route must be one customers can actually use.
    mutating func checkUrgentRoute(_ urgent: UrgentPolicy, channels: Channels, business: Business, node: Node?) {
        guard let channel = urgent.reachBy, let node else { return }
        let place: Node = Self.child(node, "reach_by") ?? node
        if channels[channel].status == .notAccepted {
            error(place, "urgent.reach_by is \(channel.rawValue), but channels.\(channel.rawValue) is not accepted; "
                  + "accept it (urgent-only is fine) or choose another route")
        }
        if (channel == .phone || channel == .sms), business.phone == nil {
            error(place, "urgent.reach_by is \(channel.rawValue), but business.phone is not set; "
                  + "add the number customers should use")
        }
        if channel == .email, business.email == nil {
            error(place, "urgent.reach_by is email, but business.email is not set")
        }
    }

    static func child(_ node: Node, _ key: String) -> Node? {
        guard case .mapping(let map) = node else { return nil }
        return map[key]
    }

    mutating func readServices(_ node: Node, currency: String?) -> [Service] {
        guard let items = list(node, "services") else { return [] }
        var services: [Service] = []
        for item in items {
            guard let entries = mapping(item, "each service") else { continue }
            let keys = checkKeys(entries, allowed: ["id", "name", "description", "price", "covers", "excludes"],
                                 in: "a service")
            guard let id = identifier(keys["id"], in: item, "service") else { continue }
            if services.contains(where: { $0.id == id }) {
                error(keys["id"]!.value, "service id '\(id)' is used twice; ids must be unique")
                continue
            }
            var price = Price.quote
            if let entry = keys["price"], let raw = text(entry.value, "services.\(id).price") {
                price = unwrap(PolicyValues.price(raw, currency: currency), at: entry.value) ?? .quote
            }
            services.append(Service(
                id: id, name: keys["name"].flatMap { text($0.value, "services.\(id).name") } ?? id.capitalized,
                description: keys["description"].flatMap { text($0.value, "services.\(id).description") },
                price: price,
                covers: keys["covers"].flatMap { textList($0.value, "services.\(id).covers") } ?? [],
                excludes: keys["excludes"].flatMap { textList($0.value, "services.\(id).excludes") } ?? []))
        }
        return services
    }

    mutating func readPlans(_ node: Node?, services: [Service], day: DayShape, currency: String?) -> [Plan] {
        // Meetings default to half an hour, or the day's meeting limit when that is shorter.
        var standard = Plan.standard
        standard.meetingLength = min(standard.meetingLength, day.maxMeetingTime ?? standard.meetingLength)
        guard let node, let items = list(node, "plans") else { return [standard] }
        var plans: [Plan] = []
        var defaultNode: Node?
        for item in items {
            guard let entries = mapping(item, "each plan") else { continue }
            let keys = checkKeys(entries, allowed: ["id", "name", "fee", "first_response", "allowance",
                                                    "urgent_access", "meeting_length", "services", "default"],
                                 in: "a plan")
            guard let id = identifier(keys["id"], in: item, "plan") else { continue }
            if plans.contains(where: { $0.id == id }) {
                error(keys["id"]!.value, "plan id '\(id)' is used twice; ids must be unique")
                continue
            }
            var plan = standard
            plan.id = id
            plan.name = keys["name"].flatMap { text($0.value, "plans.\(id).name") } ?? id.capitalized
            plan.isDefault = false
            if let entry = keys["fee"], let raw = text(entry.value, "plans.\(id).fee"),
               let fee = unwrap(PolicyValues.price(raw, currency: currency), at: entry.value) {
                plan.fee = fee
            }
            if let entry = keys["first_response"], let raw = text(entry.value, "plans.\(id).first_response"),
               let promise = unwrap(PolicyValues.firstResponse(raw), at: entry.value) {
                plan.firstResponse = promise
            }
            if let entry = keys["allowance"], let raw = text(entry.value, "plans.\(id).allowance") {
                plan.monthlyAllowance = unwrap(PolicyValues.allowance(raw), at: entry.value) ?? nil
            }
            if let entry = keys["urgent_access"], let value = bool(entry.value, "plans.\(id).urgent_access") {
                plan.urgentAccess = value
            }
            if let entry = keys["meeting_length"],
               let length = duration(entry.value, "plans.\(id).meeting_length", allowZero: false) {
                plan.meetingLength = length
                if let limit = day.maxMeetingTime, length > limit {
                    error(entry.value, "plans.\(id).meeting_length of \(length) is longer than day.max_meeting_time (\(limit))")
                }
            }
            if let entry = keys["services"], let ids = textList(entry.value, "plans.\(id).services") {
                let known = services.map(\.id)
                for name in ids where !known.contains(name) {
                    error(entry.value, "plans.\(id).services names '\(name)', which is not a service in this policy"
                          + (known.isEmpty ? " (there are no services)" : Suggestion.clause(for: name, among: known)))
                }
                plan.services = ids
            }
            if let entry = keys["default"], let value = bool(entry.value, "plans.\(id).default"), value {
                if let earlier = defaultNode {
                    error(entry.value, "more than one plan is marked default (the other is at line \(earlier.mark?.line ?? 0))")
                }
                defaultNode = entry.value
                plan.isDefault = true
            }
            plans.append(plan)
        }
        if plans.isEmpty { return [standard] }
        return plans
    }

    mutating func readReferrals(_ node: Node) -> [Referral] {
        guard let items = list(node, "referrals") else { return [] }
        var referrals: [Referral] = []
        for item in items {
            guard let entries = mapping(item, "each referral") else { continue }
            let keys = checkKeys(entries, allowed: ["name", "for", "contact", "note"], in: "a referral")
            guard let nameEntry = keys["name"], let name = text(nameEntry.value, "referrals.name") else {
                if keys["name"] == nil { missing("name", in: item, example: "name: Lakeside Roofing") }
                continue
            }
            referrals.append(Referral(name: name,
                                      topics: keys["for"].flatMap { textList($0.value, "referrals.for") } ?? [],
                                      contact: keys["contact"].flatMap { text($0.value, "referrals.contact") },
                                      note: keys["note"].flatMap { text($0.value, "referrals.note") }))
        }
        return referrals
    }

    mutating func list(_ node: Node, _ what: String) -> [Node]? {
        if isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            error(node, "\(what) must be a list (each item starting with '- '), but \(kind(of: node)) was given")
            return nil
        }
        return Array(sequence)
    }

    mutating func identifier(_ entry: Entry?, in item: Node, _ what: String) -> String? {
        guard let entry else {
            missing("id", in: item, example: "id: \(what == "plan" ? "care" : "repair")")
            return nil
        }
        guard let raw = text(entry.value, "\(what) id") else { return nil }
        guard raw.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }) else {
            error(entry.value, "'\(raw)' is not a usable \(what) id; use letters, digits, '-' and '_' only")
            return nil
        }
        return raw
    }
}
