/// What the owner counts as urgent, how urgent matters reach them, what is promised for them,
/// and what happens to an urgent matter from someone whose plan does not include urgent access.
public struct UrgentPolicy: Sendable, Equatable {
    /// The published definition, in the owner's words.
    public var definition: String?
    /// Words and phrases that mark a message as urgent.
    public var signs: [String]
    /// The channel customers should use for urgent matters.
    public var reachBy: Channel?
    /// What happens to an urgent matter from a customer whose plan has no urgent access
    /// (or a new customer with no plan at all).
    public var withoutAccess: UrgentWithoutAccess
    /// How soon an urgent matter is answered during the urgent hours ("a call back within 30
    /// minutes"); nil when urgent matters keep the plan's own first response, never held for a window.
    public var respondWithin: TimeSpan?
    /// When the owner takes urgent matters (and is alerted): any time unless the policy says otherwise.
    public var hours: UrgentHours
    /// What the customer should do while they wait, outside the urgent hours.
    public var meanwhile: String?
    /// How long an alert may go without "I've got it" before it is repeated to the next person.
    public var acknowledgeWithin: TimeSpan

    public init(definition: String? = nil, signs: [String] = [], reachBy: Channel? = nil,
                withoutAccess: UrgentWithoutAccess = .nextOpening, respondWithin: TimeSpan? = nil,
                hours: UrgentHours = .always, meanwhile: String? = nil, acknowledgeWithin: TimeSpan = .minutes(10)) {
        self.definition = definition
        self.signs = signs
        self.reachBy = reachBy
        self.withoutAccess = withoutAccess
        self.respondWithin = respondWithin
        self.hours = hours
        self.meanwhile = meanwhile
        self.acknowledgeWithin = acknowledgeWithin
    }
}

/// What the policy does with an urgent matter from a customer without urgent access.
public enum UrgentWithoutAccess: Sendable, Equatable {
    /// Offer the paid emergency call-out: the service with this id, at its price. The owner is
    /// alerted and the matter is handled now.
    case callout(serviceID: String)
    /// Handle it first at the next opening, like any message but ahead of the rest.
    case nextOpening
    /// Refer it to this partner (a name from `referrals`).
    case refer(partner: String)

    /// The words the policy file uses.
    public var keyword: String {
        switch self {
        case .callout: "callout"
        case .nextOpening: "next_opening"
        case .refer: "refer"
        }
    }
}

/// When the owner takes urgent matters: the hours the urgent promise and the alerts keep.
public enum UrgentHours: Sendable, Equatable {
    /// During the business's opening hours.
    case openingHours
    /// Any time of day or night.
    case always
    /// Every day between these local times (minutes after midnight; `end` may pass midnight).
    case daily(OpeningInterval)

    /// The hours as the policy file writes them: `opening_hours`, `always`, `07:00-22:00`.
    public var policyText: String {
        switch self {
        case .openingHours: "opening_hours"
        case .always: "always"
        case .daily(let span): ClockTime.text(span.start) + "-" + ClockTime.text(span.end > 1440 ? span.end - 1440 : span.end)
        }
    }
}
