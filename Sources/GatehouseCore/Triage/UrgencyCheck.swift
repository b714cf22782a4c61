/// Urgency by the owner's definition only.
///
/// A message is urgent when its subject or text mentions one of the policy's
/// `urgent.signs` (see `PhraseMatcher` for what counts as a mention) and the
/// mention is not denied (see `Negation`). Two further cases do not count:
/// - a sign that starts with a negation word and runs straight into another,
///   denied sign: "there is no water leak" denies a leak, it does not report
///   "no water";
/// - a sign whose last words begin a longer term the policy names for scope:
///   "we have no water heater yet" is about "water heaters", not "no water".
///
/// Loudness never counts: capitals, exclamation marks, words like "URGENT",
/// "ASAP" or "emergency" the policy does not list, and follow-ups. The reasons
/// say so, so the owner sees they were noticed and set aside.
extension Triage {
    func judgeUrgency(_ parts: [MessagePart], plan: Plan, followUps: Int) -> Judgement<Urgency> {
        var signsFound: [String] = []
        var asWritten: [String] = []
        var setAside: [String] = []
        var signTokens: [(part: Int, tokens: ClosedRange<Int>)] = []

        for (number, part) in parts.enumerated() {
            for match in part.signMatches {
                let sign = signs.phrases[match.phrase].text
                let written = part.original(match)
                if let negation = match.negatedBy {
                    setAside.append("'\(written)' in \(part.place) is denied by '\(part.text.tokens[negation].word)', "
                                    + "so it does not count as the urgent sign '\(sign)'")
                    continue
                }
                if signs.phrases[match.phrase].isNegationLed,
                   let denied = part.signMatches.first(where: {
                       $0.negatedBy == match.tokens.lowerBound && $0.tokens.lowerBound == match.tokens.upperBound + 1
                   }) {
                    setAside.append("'\(part.text.original(match.tokens.lowerBound...denied.tokens.upperBound))' in "
                                    + "\(part.place) denies '\(signs.phrases[denied.phrase].text)' rather than reporting '\(sign)'")
                    continue
                }
                if let longer = part.scopeMatches.first(where: {
                    $0.tokens.lowerBound > match.tokens.lowerBound && $0.tokens.lowerBound <= match.tokens.upperBound
                        && $0.tokens.upperBound > match.tokens.upperBound
                }) {
                    setAside.append("'\(part.text.original(match.tokens.lowerBound...longer.tokens.upperBound))' in "
                                    + "\(part.place) is about '\(scopeTerms.phrases[longer.phrase].text)', which the "
                                    + "policy names for its services, so it is not read as the urgent sign '\(sign)'")
                    continue
                }
                signTokens.append((number, match.tokens))
                if !signsFound.contains(sign) {
                    signsFound.append(sign)
                    asWritten.append(written.lowercased() == sign.lowercased() ? "'\(sign)'" : "'\(sign)' (as '\(written)')")
                }
            }
        }

        var reasons: [String] = []
        let verdict: Urgency
        if signsFound.isEmpty {
            verdict = .notUrgent
            reasons.append(policy.urgent.signs.isEmpty
                ? "not urgent: the policy lists no urgent signs, so no message is urgent"
                : "not urgent: the message mentions none of the policy's urgent signs (\(policy.urgent.signs.joined(separator: ", ")))")
        } else {
            let handling = urgentHandling(plan: plan)
            verdict = .urgent(signs: signsFound, handling: handling.verdict)
            let which = signsFound.count == 1 ? "which the policy lists as urgent" : "which the policy lists as urgent signs"
            reasons.append("urgent: mentions \(spokenList(asWritten)), \(which); " + handling.reasons[0])
            reasons += handling.reasons.dropFirst()
        }
        reasons += setAside
        reasons += loudnessReasons(parts, signTokens: signTokens, followUps: followUps)
        return Judgement(verdict, reasons: reasons)
    }

    /// What happens to an urgent matter from a customer on `plan`: the urgent route when the plan
    /// includes it, else the policy's rule for customers without urgent access.
    func urgentHandling(plan: Plan) -> Judgement<UrgentHandling> {
        let urgent = policy.urgent
        if plan.urgentAccess {
            var reasons = ["the \(plan.name) plan includes urgent access"]
            if let route = urgent.reachBy { reasons.append("urgent matters reach the owner by \(route.displayName)") }
            return Judgement(.included, reasons: reasons)
        }
        let without = "the \(plan.name) plan does not include urgent access"
        switch urgent.withoutAccess {
        case .callout(let id):
            if let service = policy.services.first(where: { $0.id == id }) {
                return Judgement(.callout(ServiceMention(service)), reasons: [
                    without + ", so by the policy the customer is offered the \(service.name) "
                        + "(\(policy.business.price(service.price))) and the owner is alerted",
                ])
            }
        case .refer(let name):
            if let partner = policy.referrals.first(where: { $0.name == name }) {
                return Judgement(.referral(partner: partner.name, contact: partner.contact), reasons: [
                    without + ", so by the policy the customer is referred to \(partner.name) for urgent help",
                ])
            }
        case .nextOpening:
            break
        }
        return Judgement(.nextOpening, reasons: [
            without + ", so by the policy it is handled first at the next opening and the customer is told so kindly",
        ])
    }

    /// The reasons saying that loudness was seen and does not count.
    private func loudnessReasons(_ parts: [MessagePart], signTokens: [(part: Int, tokens: ClosedRange<Int>)],
                                 followUps: Int) -> [String] {
        var reasons: [String] = []
        var shouted: [String] = []
        var exclamations = 0
        for (number, part) in parts.enumerated() {
            var quoted: Set<String> = []
            var loudTokens: Set<Int> = []
            for match in part.loudMatches where !match.isNegated {
                loudTokens.formUnion(match.tokens)
                if signTokens.contains(where: { $0.part == number && $0.tokens.overlaps(match.tokens) }) { continue }
                let written = part.original(match)
                guard quoted.insert(written.lowercased()).inserted else { continue }
                reasons.append("'\(written)' in \(part.place) is not one of the urgent signs in the policy, "
                               + "so it does not make this urgent")
            }
            for (index, token) in part.text.tokens.enumerated() where token.isShouted && !loudTokens.contains(index) {
                shouted.append(part.text.original(index...index))
            }
            exclamations += part.text.exclamationMarks
        }
        if !shouted.isEmpty {
            reasons.append("writing in capitals ('\(shouted.prefix(4).joined(separator: " "))') does not make a message urgent")
        }
        if exclamations >= 2 {
            reasons.append("exclamation marks do not make a message urgent")
        }
        if followUps > 0 {
            let count = followUps == 1 ? "1 earlier unanswered message" : "\(followUps) earlier unanswered messages"
            reasons.append("\(count) in this conversation do\(followUps == 1 ? "es" : "") not make it more urgent; "
                           + "only the policy's urgent signs do")
        }
        return reasons
    }
}
