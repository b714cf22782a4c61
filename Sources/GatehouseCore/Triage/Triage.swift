/// Judges inbound messages by one policy: urgency, importance, quadrant,
/// scope and channel, each with its reasons (house rule 1).
///
/// Make one `Triage` per policy and reuse it: building it stems and indexes
/// every phrase the policy names; assessing a message is then a pure function
/// of the message, the customer, the policy and the time passed in.
public struct Triage: Sendable {
    /// The policy messages are judged by.
    public let policy: Policy
    /// The policy's urgent signs.
    let signs: PhraseMatcher
    /// Words people use to sound urgent, which the policy does not list as signs.
    let loudWords: PhraseMatcher
    /// Everything the policy names about scope: services' covers, excludes and
    /// names, and referral topics; `scopeOwners` says whose each phrase is.
    let scopeTerms: PhraseMatcher
    let scopeOwners: [[ScopeOwner]]

    /// A triage for `policy`.
    public init(policy: Policy) {
        self.policy = policy
        let signs = PhraseMatcher(phrases: policy.urgent.signs)
        self.signs = signs
        // "emergency" only counts when the owner lists it; then it is a sign, not loudness.
        self.loudWords = PhraseMatcher(phrases: Self.loudPhrases.filter { signs.matches(in: TokenizedText($0)).isEmpty })
        (self.scopeTerms, self.scopeOwners) = Self.scopeVocabulary(policy)
    }

    /// Words and phrases that sound urgent but mean only what the policy's signs say.
    static let loudPhrases = ["urgent", "urgently", "asap", "emergency", "immediately", "right away", "right now",
                              "as soon as possible", "critical", "top priority"]

    /// Judges `message` from `customer` at `now`.
    public func assess(_ message: InboundMessage, from customer: CustomerStanding, now: Instant) -> Assessment {
        let parts = [("the subject", message.subject), ("the message", message.text)]
            .filter { !$0.1.isEmpty }
            .map { MessagePart(place: $0.0, text: TokenizedText($0.1), triage: self) }
        let plan = judgePlan(customer)
        let urgency = judgeUrgency(parts, plan: plan.verdict, followUps: message.earlierUnanswered)
        let channel = judgeChannel(message.channel, urgency: urgency.verdict)
        let importance = judgeImportance(parts, plan: plan.verdict, customer: customer,
                                         followUps: message.earlierUnanswered)
        let scope = judgeScope(parts, job: customer.job)
        let quadrant = Quadrant.decide(urgency: urgency.verdict, importance: importance.verdict, scope: scope.verdict)
        return Assessment(plan: plan, urgency: urgency, channel: channel, importance: importance, scope: scope,
                          quadrant: quadrant, assessedAt: now)
    }

    /// The customer's plan, or the default plan with the reason why.
    func judgePlan(_ customer: CustomerStanding) -> Judgement<Plan> {
        let fallback = policy.defaultPlan
        guard let id = customer.planID else {
            return Judgement(fallback, reasons: ["no plan is on record for the customer, so the default \(fallback.name) plan applies"])
        }
        guard let plan = policy.plan(id: id) else {
            return Judgement(fallback, reasons: ["the customer's plan '\(id)' is not in the policy, so the default \(fallback.name) plan applies"])
        }
        return Judgement(plan, reasons: ["the customer is on the \(plan.name) plan"])
    }

    /// Whether the business answers the channel, given the message's urgency.
    func judgeChannel(_ channel: Channel, urgency: Urgency) -> Judgement<ChannelVerdict> {
        let rule = policy.channels[channel]
        switch rule.status {
        case .accepted:
            return Judgement(.accepted, reasons: ["\(channel.displayName) is a channel the business answers"])
        case .urgentOnly where urgency.isUrgent:
            return Judgement(.urgentRoute, reasons: ["\(channel.displayName) is for urgent matters, and this message is urgent by the policy"])
        case .urgentOnly:
            return Judgement(.urgentOnlyButNotUrgent, reasons: [
                "\(channel.displayName) is for urgent matters only, and this message is not urgent by the policy, "
                    + "so it is answered in turn like any other",
            ])
        case .notAccepted:
            let tail = rule.redirect.map { ", and the customer is told: \"\($0)\"" }
                ?? "; the policy gives no redirect, so the customer is told which channels the business answers"
            return Judgement(.notAccepted(redirect: rule.redirect), reasons: [
                "\(channel.displayName) is not a channel the business answers; the message is kept" + tail,
            ])
        }
    }
}

/// The subject or the text of a message, cut into words once and matched once against each phrase list.
struct MessagePart {
    /// "the subject" or "the message", for the reasons.
    let place: String
    let text: TokenizedText
    let signMatches: [PhraseMatch]
    let loudMatches: [PhraseMatch]
    let scopeMatches: [PhraseMatch]

    init(place: String, text: TokenizedText, triage: Triage) {
        self.place = place
        self.text = text
        signMatches = triage.signs.matches(in: text)
        loudMatches = triage.loudWords.matches(in: text)
        scopeMatches = triage.scopeTerms.matches(in: text)
    }

    /// The words of a mention as the customer wrote them.
    func original(_ match: PhraseMatch) -> String { text.original(match.tokens) }
}

/// A list of texts joined the way people write them: "a", "a and b", "a, b and c".
func spokenList(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}
