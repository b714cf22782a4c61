extension Quadrant {
    /// Where a message belongs in Covey's matrix. The first rule that applies wins:
    ///
    /// 1. urgent by the policy's signs **and** important → `doNow`;
    /// 2. out of scope with a referral partner → `delegateOrRefer` (the partner
    ///    does the work, however important the customer);
    /// 3. urgent by the policy but not important → `delegateOrRefer`;
    /// 4. important, not urgent → `schedule`;
    /// 5. neither → `someday`.
    ///
    /// "Urgent" means urgent by the policy, whether or not the plan includes
    /// urgent access; "important" is `Importance.isImportant` (paid plan or
    /// urgent access, a job under way, or a deadline mentioned).
    public static func decide(urgency: Urgency, importance: Importance, scope: Scope) -> Judgement<Quadrant> {
        let why = importance.factors.map(Triage.phrase).joined(separator: "; ")
        if urgency.isUrgent, importance.isImportant {
            return Judgement(.doNow, reasons: ["do now: urgent by the policy's signs and important (\(why))"])
        }
        if case .outOfScope(.referral(let partner, _, _)) = scope {
            return Judgement(.delegateOrRefer, reasons: [
                "delegate or refer: the work is for \(partner), a partner the policy refers it to",
            ])
        }
        if urgency.isUrgent {
            return Judgement(.delegateOrRefer, reasons: [
                "delegate or refer: urgent by the policy's signs, but not important "
                    + "(no paid plan or urgent access, no job under way, no deadline mentioned)",
            ])
        }
        if importance.isImportant {
            return Judgement(.schedule, reasons: ["schedule: important (\(why)) but not urgent by the policy's signs"])
        }
        return Judgement(.someday, reasons: [
            "someday: neither urgent by the policy's signs nor important; it is answered in turn",
        ])
    }
}
