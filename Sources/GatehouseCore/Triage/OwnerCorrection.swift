/// The owner's own judgement of a conversation after reading it, which outranks Gatehouse's triage.
public struct OwnerJudgement: Sendable, Equatable {
    public var urgent: Bool
    public var important: Bool
    public var scope: ScopeFinding
    /// Whether the work goes to a referral partner (kept from the triage when the scope stays out of scope).
    public var referred: Bool
    /// The policy's rule for an urgent matter that is not important (`urgent.without_access`).
    public var urgentRule: UrgentWithoutAccess

    public init(urgent: Bool, important: Bool, scope: ScopeFinding, referred: Bool,
                urgentRule: UrgentWithoutAccess = .nextOpening) {
        self.urgentRule = urgentRule
        self.urgent = urgent
        self.important = important
        self.scope = scope
        self.referred = referred
    }

    /// Where the owner's judgement places the conversation, by the same rules as the triage
    /// (`Quadrant.decide`, with the policy's rule for urgent matters), with the reason in the
    /// owner's terms.
    public var placement: Judgement<Quadrant> {
        if urgent, important {
            return Judgement(.doNow, reasons: ["do now: you marked it urgent and important"])
        }
        if urgent, case .callout = urgentRule {
            return Judgement(.doNow, reasons: ["do now: you marked it urgent, and the policy offers an emergency call-out for it"])
        }
        if referred, scope == .outOfScope {
            return Judgement(.delegateOrRefer, reasons: ["delegate or refer: out of scope, for a referral partner"])
        }
        if urgent, case .refer(let partner) = urgentRule {
            return Judgement(.delegateOrRefer, reasons: [
                "delegate or refer: you marked it urgent but not important, and the policy refers such matters to \(partner)",
            ])
        }
        if urgent {
            return Judgement(.schedule, reasons: [
                "schedule: you marked it urgent but not important; by the policy it is handled first at the next opening",
            ])
        }
        if important {
            return Judgement(.schedule, reasons: ["schedule: you marked it important but not urgent"])
        }
        return Judgement(.someday, reasons: ["someday: you marked it neither urgent nor important; it is answered in turn"])
    }

    /// The changes from `before` as (field, old, new) in words, for the record of corrections.
    public func changes(from before: OwnerJudgement) -> [(field: String, old: String, new: String)] {
        var changes: [(String, String, String)] = []
        if urgent != before.urgent {
            changes.append(("urgency", before.urgent ? "urgent" : "not urgent", urgent ? "urgent" : "not urgent"))
        }
        if important != before.important {
            changes.append(("importance", before.important ? "important" : "not important", important ? "important" : "not important"))
        }
        if scope != before.scope {
            changes.append(("scope", before.scope.label, scope.label))
        }
        return changes
    }
}

extension OwnerJudgement {
    /// The judgement a triaged conversation stands at: the triage's urgency, quadrant and scope,
    /// with importance as the owner set it or, before any correction, as the quadrant implies.
    /// Work counts as referred when the triage sent out-of-scope work to a partner.
    public static func standing(urgent: Bool, quadrant: Quadrant, important: Bool?, scope: ScopeFinding,
                                urgentRule: UrgentWithoutAccess = .nextOpening) -> OwnerJudgement {
        // Kept by the triage since it judges importance; for older conversations, as the quadrant
        // implies (an urgent matter the policy's rule placed is not thereby important).
        let important = important ?? (urgent ? quadrant == .doNow && !Self.isCallout(urgentRule) : quadrant == .doNow || quadrant == .schedule)
        let referred = scope == .outOfScope && quadrant == .delegateOrRefer && !(urgent && !important)
        return OwnerJudgement(urgent: urgent, important: important, scope: scope, referred: referred, urgentRule: urgentRule)
    }

    static func isCallout(_ rule: UrgentWithoutAccess) -> Bool {
        if case .callout = rule { return true }
        return false
    }

    /// The reasons a conversation shows once the owner's judgement places it, as one account: the
    /// owner's placement first, then what the owner changed, then the triage's reasons except
    /// those the owner's judgement contradicts (its placement, and its urgency, importance or
    /// scope where the owner changed them). The triage's own record stays on the message.
    public func reasons(replacing triage: [String], before: OwnerJudgement) -> [String] {
        var kept = triage.filter { line in !Quadrant.allCases.contains { line.hasPrefix($0.reasonPrefix) } }
        var own: [String] = []
        if urgent != before.urgent {
            kept.removeAll { $0.hasPrefix("urgent") || $0.hasPrefix("not urgent:") || $0.hasPrefix("promise:") }
            own.append(urgent ? "urgent: you marked it urgent" : "not urgent: you marked it not urgent")
        }
        if important != before.important {
            kept.removeAll { $0.hasPrefix("important:") || $0.hasPrefix("not important:") }
            own.append(important ? "important: you marked it important" : "not important: you marked it not important")
        }
        if scope != before.scope {
            kept.removeAll { $0.hasPrefix("in scope:") || $0.hasPrefix("out of scope:") || $0.hasPrefix("unclear") }
            own.append("\(scope.label): you marked it so")
        }
        var seen = Set<String>()
        return (placement.reasons + own + kept).filter { seen.insert($0).inserted }
    }
}

extension Quadrant {
    /// How a placement reason of this quadrant begins: "do now:", "delegate or refer:".
    public var reasonPrefix: String { rawValue.replacingOccurrences(of: "-", with: " ") + ":" }
}
