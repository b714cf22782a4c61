/// The owner's own judgement of a conversation after reading it, which outranks Gatehouse's triage.
public struct OwnerJudgement: Sendable, Equatable {
    public var urgent: Bool
    public var important: Bool
    public var scope: ScopeFinding
    /// Whether the work goes to a referral partner (kept from the triage when the scope stays out of scope).
    public var referred: Bool

    public init(urgent: Bool, important: Bool, scope: ScopeFinding, referred: Bool) {
        self.urgent = urgent
        self.important = important
        self.scope = scope
        self.referred = referred
    }

    /// Where the owner's judgement places the conversation, by the same rules as the triage
    /// (`Quadrant.decide`), with the reason in the owner's terms.
    public var placement: Judgement<Quadrant> {
        if urgent, important {
            return Judgement(.doNow, reasons: ["do now: you marked it urgent and important"])
        }
        if referred, scope == .outOfScope {
            return Judgement(.delegateOrRefer, reasons: ["delegate or refer: out of scope, for a referral partner"])
        }
        if urgent {
            return Judgement(.delegateOrRefer, reasons: ["delegate or refer: you marked it urgent but not important"])
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
    public static func standing(urgent: Bool, quadrant: Quadrant, important: Bool?, scope: ScopeFinding) -> OwnerJudgement {
        let important = important ?? (quadrant == .doNow || quadrant == .schedule)
        let referred = scope == .outOfScope && quadrant == .delegateOrRefer && !(urgent && !important)
        return OwnerJudgement(urgent: urgent, important: important, scope: scope, referred: referred)
    }

    /// The reasons a conversation shows once the owner's judgement places it: the owner's
    /// placement first, then the triage's reasons except its own placement, which the owner's replaces.
    public func reasons(replacing triage: [String]) -> [String] {
        placement.reasons + triage.filter { line in !Quadrant.allCases.contains { line.hasPrefix($0.reasonPrefix) } }
    }
}

extension Quadrant {
    /// How a placement reason of this quadrant begins: "do now:", "delegate or refer:".
    public var reasonPrefix: String { rawValue.replacingOccurrences(of: "-", with: " ") + ":" }
}
