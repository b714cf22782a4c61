/// Importance: how much a message matters to the business, apart from urgency.
///
/// A message is important when at least one of these holds, and the factors
/// are listed in this order:
/// 1. the customer's plan is paid (a fee above zero, or a fee by quote) or
///    includes urgent access;
/// 2. the customer has a job under way;
/// 3. the message mentions a deadline (see `DeadlineMentions`).
///
/// Follow-ups, capitals and exclamation marks never add importance.
extension Triage {
    func judgeImportance(_ parts: [MessagePart], plan: Plan, customer: CustomerStanding,
                         followUps: Int) -> Judgement<Importance> {
        var factors: [ImportanceFactor] = []
        var reasons: [String] = []
        var isPaid = false
        if case .amount(let cents, _) = plan.fee { isPaid = cents > 0 } else { isPaid = true }
        if isPaid || plan.urgentAccess {
            factors.append(.plan(name: plan.name))
            let what = [isPaid ? "a fee of \(plan.fee)" : nil, plan.urgentAccess ? "urgent access" : nil]
                .compactMap { $0 }
            reasons.append("the customer's \(plan.name) plan (\(what.joined(separator: " and "))) makes the message more important")
        } else {
            reasons.append("the \(plan.name) plan is free and has no urgent access, so the plan adds no importance")
        }
        if customer.hasActiveJob {
            factors.append(.activeJob)
            reasons.append("the customer has a job under way, which makes the message more important")
        }
        var deadlines: [String] = []
        for part in parts {
            for mention in DeadlineMentions.find(in: part.text) where !deadlines.contains(mention) {
                deadlines.append(mention)
                factors.append(.deadline(mention))
            }
        }
        if !deadlines.isEmpty {
            let quoted = deadlines.map { "'\($0)'" }
            reasons.append("the message mentions a deadline (\(spokenList(quoted))), which makes it more important")
        }
        let summary: String
        if factors.isEmpty {
            summary = "not important: the \(plan.name) plan is free, there is no job under way and no deadline is mentioned"
            reasons.removeFirst() // the summary says it all
        } else {
            summary = "important: " + factors.map(Self.phrase).joined(separator: "; ")
        }
        reasons.insert(summary, at: 0)
        if followUps > 0 {
            reasons.append("follow-ups do not make a message more important")
        }
        return Judgement(Importance(factors: factors), reasons: reasons)
    }

    static func phrase(_ factor: ImportanceFactor) -> String {
        switch factor {
        case .plan(let name): "the \(name) plan"
        case .activeJob: "a job under way"
        case .deadline(let text): "a deadline ('\(text)')"
        }
    }
}
