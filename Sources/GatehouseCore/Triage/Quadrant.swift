extension Quadrant {
    /// Where a message belongs in Covey's matrix. The first rule that applies wins:
    ///
    /// 1. urgent by the policy's signs **and** important → `doNow`;
    /// 2. urgent, and the owner is called on for it (the policy offers an emergency
    ///    call-out to customers without urgent access) → `doNow`;
    /// 3. out of scope with a referral partner → `delegateOrRefer` (the partner
    ///    does the work, however important the customer);
    /// 4. urgent, and the policy refers such matters to a partner → `delegateOrRefer`;
    /// 5. urgent, and the policy handles such matters at the next opening, or important
    ///    and not urgent → `schedule`;
    /// 6. neither → `someday`.
    ///
    /// "Urgent" means urgent by the policy, whatever the plan; what happens to it is
    /// `UrgentHandling`; "important" is `Importance.isImportant` (paid plan or urgent
    /// access, a job under way, or a deadline mentioned).
    public static func decide(urgency: Urgency, importance: Importance, scope: Scope) -> Judgement<Quadrant> {
        let why = importance.factors.map(Triage.phrase).joined(separator: "; ")
        if urgency.isUrgent, importance.isImportant {
            return Judgement(.doNow, reasons: ["do now: urgent by the policy's signs and important (\(why))"])
        }
        if case .callout(let service)? = urgency.handling {
            return Judgement(.doNow, reasons: [
                "do now: urgent by the policy's signs, and the policy offers the \(service.name) to customers "
                    + "without urgent access, so the owner is needed now",
            ])
        }
        if case .outOfScope(.referral(let partner, _, _)) = scope {
            return Judgement(.delegateOrRefer, reasons: [
                "delegate or refer: the work is for \(partner), a partner the policy refers it to",
            ])
        }
        if case .referral(let partner, _)? = urgency.handling {
            return Judgement(.delegateOrRefer, reasons: [
                "delegate or refer: urgent by the policy's signs, and the policy refers urgent matters from customers "
                    + "without urgent access to \(partner)",
            ])
        }
        if urgency.isUrgent {
            return Judgement(.schedule, reasons: [
                "schedule: urgent by the policy's signs; without urgent access the policy handles it first at the next opening",
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
