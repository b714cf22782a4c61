/// Scope: whether a request is work the business does, matched with the same
/// phrase matcher as urgency against what the policy names — each service's
/// `covers`, `excludes` and name, each referral's `for` topics — and, when the
/// customer has a job with agreed items, against the job's agreed and excluded items.
///
/// The rule:
/// 1. Denied mentions ("not about the gutters") do not count.
/// 2. Where mentions overlap, the longest wins: "water heater install" is an
///    Installations matter even though Repairs covers "water heaters".
/// 3. Each remaining mention is read by what names it, first rule first:
///    - an item the job excludes → a referral when a partner takes it, else a
///      paid extra (under the service that covers it, if any);
///    - an item the job agreed → in scope;
///    - a service's cover or name → in scope; but a paid extra when the job's
///      agreed items name services and this is not one of them;
///    - a referral topic → out of scope, referred to the partner;
///    - a service's exclusion → out of scope, not offered.
/// 4. The message's verdict is the most pressing of its mentions — paid extra,
///    then referral, then not offered, then in scope — the earliest on a tie;
///    the others are listed in the reasons with "also". With no mention, the
///    scope is unclear.
extension Triage {
    /// The scope phrases of a policy, one per distinct stemmed phrase, with every owner of each.
    static func scopeVocabulary(_ policy: Policy) -> (PhraseMatcher, [[ScopeOwner]]) {
        var phrases: [String] = []
        var owners: [[ScopeOwner]] = []
        var byKey: [String: Int] = [:]
        func add(_ phrase: String, _ owner: ScopeOwner) {
            let key = TokenizedText(phrase).tokens.map(\.stem).joined(separator: " ")
            guard !key.isEmpty else { return }
            if let index = byKey[key] {
                if !owners[index].contains(owner) { owners[index].append(owner) }
            } else {
                byKey[key] = phrases.count
                phrases.append(phrase)
                owners.append([owner])
            }
        }
        for (index, service) in policy.services.enumerated() {
            service.covers.forEach { add($0, .covers(index)) }
            add(service.name, .name(index))
            service.excludes.forEach { add($0, .excludes(index)) }
        }
        for (index, referral) in policy.referrals.enumerated() {
            referral.topics.forEach { add($0, .referral(index)) }
        }
        return (PhraseMatcher(phrases: phrases), owners)
    }

    func judgeScope(_ parts: [MessagePart], job: JobScope?) -> Judgement<Scope> {
        let job = job.flatMap { $0.agreed.isEmpty && $0.excluded.isEmpty ? nil : $0 }
        let jobMatcher = job.map { PhraseMatcher(phrases: $0.agreed + $0.excluded) }
        let jobServices = Set(job?.agreed.flatMap(servicesNamed(in:)) ?? [])

        var reasons: [String] = []
        var readings: [(rank: Int, verdict: Scope, reason: String)] = []
        for part in parts {
            var mentions: [ScopeMention] = []
            for match in part.scopeMatches {
                mentions.append(ScopeMention(tokens: match.tokens, term: scopeTerms.phrases[match.phrase].text,
                                             owners: scopeOwners[match.phrase], negatedBy: match.negatedBy))
            }
            if let job, let jobMatcher {
                for match in jobMatcher.matches(in: part.text) {
                    let owner: ScopeOwner = match.phrase < job.agreed.count
                        ? .jobAgreed(match.phrase) : .jobExcluded(match.phrase - job.agreed.count)
                    mentions.append(ScopeMention(tokens: match.tokens, term: jobMatcher.phrases[match.phrase].text,
                                                 owners: [owner], negatedBy: match.negatedBy))
                }
            }
            for mention in mentions {
                guard let negation = mention.negatedBy else { continue }
                reasons.append("'\(part.text.original(mention.tokens))' in \(part.place) is denied by "
                               + "'\(part.text.tokens[negation].word)', so it is not counted for scope")
            }
            for mention in Self.longestFirst(mentions.filter { $0.negatedBy == nil }) {
                readings.append(read(mention, job: job, jobServices: jobServices))
            }
        }

        guard let best = readings.enumerated().min(by: { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) })
        else {
            let named = job == nil ? "the services, exclusions or referral topics in the policy"
                : "the services, exclusions or referral topics in the policy, nor the agreed job's items"
            let nothing = policy.services.isEmpty && policy.referrals.isEmpty && job == nil
                ? "scope unclear: the policy names no services or referrals to compare with"
                : "scope unclear: the message mentions none of \(named)"
            return Judgement(.unclear, reasons: [nothing] + reasons)
        }
        var lines = [best.element.reason]
        for (offset, reading) in readings.enumerated() where offset != best.offset {
            let line = "also " + reading.reason
            if !lines.contains(line), reading.reason != best.element.reason { lines.append(line) }
        }
        return Judgement(best.element.verdict, reasons: lines + reasons)
    }

    /// One mention, read by the first rule that applies (see the rule above).
    private func read(_ mention: ScopeMention, job: JobScope?,
                      jobServices: Set<Int>) -> (rank: Int, verdict: Scope, reason: String) {
        var services: [Int] = []
        var referral: Int?
        var excludedBy: Int?
        var jobAgreed: Int?
        var jobExcluded: Int?
        for owner in mention.owners {
            switch owner {
            case .covers(let index), .name(let index): if !services.contains(index) { services.append(index) }
            case .referral(let index): referral = referral ?? index
            case .excludes(let index): excludedBy = excludedBy ?? index
            case .jobAgreed(let index): jobAgreed = index
            case .jobExcluded(let index): jobExcluded = index
            }
        }
        let term = mention.term
        if let index = jobExcluded, let job {
            let item = job.excluded[index]
            if let referral {
                return (1, .outOfScope(referralVerdict(referral, term: term)),
                        "out of scope: mentions '\(term)', which the agreed job excludes and the policy refers to "
                            + partner(referral))
            }
            let service = (services.first ?? servicesNamed(in: item).first).map { ServiceMention(policy.services[$0]) }
            let offer = service.map { "under \($0.name) (\(Self.priceText($0.price)))" } ?? "(priced on quote)"
            return (0, .outOfScope(.paidExtra(service: service, term: item)),
                    "out of scope: mentions '\(item)', which the agreed job excludes; it can be offered as a paid extra \(offer)")
        }
        if let index = jobAgreed, let job {
            let item = job.agreed[index]
            let service = (services.first ?? servicesNamed(in: item).first).map { ServiceMention(policy.services[$0]) }
            return (3, .inScope(service: service, term: item), "in scope: mentions '\(item)', which is part of the agreed job")
        }
        if let index = services.first {
            let service = ServiceMention(policy.services[index])
            // Only when the job's items name services can a service be "not in the job".
            if !jobServices.isEmpty, !services.contains(where: jobServices.contains) {
                return (0, .outOfScope(.paidExtra(service: service, term: term)),
                        "out of scope: mentions '\(term)', which \(service.name) covers but the agreed job does not "
                            + "include; it can be offered as a paid extra (\(Self.priceText(service.price)))")
            }
            let inJob = services.contains(where: jobServices.contains) ? ", part of the agreed job" : ""
            return (3, .inScope(service: service, term: term),
                    "in scope: mentions '\(term)', which the \(service.name) service covers "
                        + "(\(Self.priceText(service.price)))\(inJob)")
        }
        if let referral {
            return (1, .outOfScope(referralVerdict(referral, term: term)),
                    "out of scope: mentions '\(term)', which the policy refers to \(partner(referral))")
        }
        let excluder = policy.services[excludedBy ?? 0].name
        return (2, .outOfScope(.notOffered(term: term, excludedBy: excluder)),
                "out of scope: mentions '\(term)', which the \(excluder) service excludes, and the policy names no partner for it")
    }

    /// The services whose covers or names appear in a job's item ("replace kitchen faucet" → Repairs).
    private func servicesNamed(in item: String) -> [Int] {
        scopeTerms.matches(in: TokenizedText(item)).flatMap { match in
            scopeOwners[match.phrase].compactMap { owner -> Int? in
                switch owner {
                case .covers(let index), .name(let index): index
                default: nil
                }
            }
        }
    }

    private func referralVerdict(_ index: Int, term: String) -> OutOfScope {
        let referral = policy.referrals[index]
        return .referral(partner: referral.name, contact: referral.contact, term: term)
    }

    private func partner(_ index: Int) -> String {
        let referral = policy.referrals[index]
        return referral.name + (referral.contact.map { " (\($0))" } ?? "")
    }

    static func priceText(_ price: Price) -> String {
        if case .quote = price { return "priced on quote" }
        return "at \(price)"
    }

    /// The mentions left when overlapping ones give way to the longest; mentions
    /// of the same words are merged, so every owner of those words is heard.
    static func longestFirst(_ mentions: [ScopeMention]) -> [ScopeMention] {
        var kept: [ScopeMention] = []
        for mention in mentions {
            let covered = mentions.contains {
                $0.tokens.count > mention.tokens.count && $0.tokens.lowerBound <= mention.tokens.lowerBound
                    && $0.tokens.upperBound >= mention.tokens.upperBound
            }
            if covered { continue }
            if let same = kept.firstIndex(where: { $0.tokens == mention.tokens }) {
                kept[same].owners += mention.owners.filter { !kept[same].owners.contains($0) }
            } else {
                kept.append(mention)
            }
        }
        return kept.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
    }
}

/// Who names a scope phrase: which service covers, names or excludes it, which
/// referral partner takes it, or which item of the customer's job it is.
enum ScopeOwner: Equatable {
    case covers(Int)
    case name(Int)
    case excludes(Int)
    case referral(Int)
    case jobAgreed(Int)
    case jobExcluded(Int)
}

/// A scope phrase found in a message part.
struct ScopeMention {
    var tokens: ClosedRange<Int>
    var term: String
    var owners: [ScopeOwner]
    var negatedBy: Int?
}
