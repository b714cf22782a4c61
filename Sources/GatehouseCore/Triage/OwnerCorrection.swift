/// The owner's own judgement of a conversation after reading it, which outranks Gatehouse's triage.
public struct OwnerJudgement: Sendable, Equatable {
    public var urgent: Bool
    public var important: Bool
    /// `in_scope`, `out_of_scope` or `unclear`.
    public var scope: String
    /// Whether the work goes to a referral partner (kept from the triage when the scope stays out of scope).
    public var referred: Bool

    public init(urgent: Bool, important: Bool, scope: String, referred: Bool) {
        self.urgent = urgent
        self.important = important
        self.scope = scope
        self.referred = referred
    }

    /// The scopes the owner can choose, in their words.
    public static let scopes = ["in_scope": "in scope", "out_of_scope": "out of scope", "unclear": "unclear"]

    /// Where the owner's judgement places the conversation, by the same rules as the triage
    /// (`Quadrant.decide`), with the reason in the owner's terms.
    public var placement: Judgement<Quadrant> {
        if urgent, important {
            return Judgement(.doNow, reasons: ["do now: you marked it urgent and important"])
        }
        if referred, scope == "out_of_scope" {
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
            changes.append(("scope", Self.scopes[before.scope] ?? before.scope, Self.scopes[scope] ?? scope))
        }
        return changes
    }
}
