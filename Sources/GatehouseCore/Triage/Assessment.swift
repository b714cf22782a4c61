/// How the desk judges one inbound message, by the owner's policy: how urgent
/// and how important it is, where it belongs in the owner's week, whether it
/// is work the business does, and how it came in. Each part carries its
/// reasons in plain words, for the owner to read.
public struct Assessment: Sendable, Equatable {
    /// The plan the customer is on (the default plan when unknown).
    public var plan: Judgement<Plan>
    /// Whether the message is urgent by the policy's own signs.
    public var urgency: Judgement<Urgency>
    /// Whether the message came in a way the business answers.
    public var channel: Judgement<ChannelVerdict>
    /// How much the message matters: plan, job, deadlines.
    public var importance: Judgement<Importance>
    /// Whether the request is work the business (or the agreed job) covers.
    public var scope: Judgement<Scope>
    /// Where it belongs in the owner's week (Covey's matrix).
    public var quadrant: Judgement<Quadrant>
    /// When the assessment was made.
    public var assessedAt: Instant

    /// Every reason, in the order urgency, channel, importance, scope, quadrant, plan.
    public var reasons: [String] {
        urgency.reasons + channel.reasons + importance.reasons + scope.reasons + quadrant.reasons + plan.reasons
    }
}

/// A verdict with the reasons for it, one plain sentence each.
public struct Judgement<Verdict: Sendable & Equatable>: Sendable, Equatable {
    /// What was decided.
    public var verdict: Verdict
    /// Why, in plain words.
    public var reasons: [String]

    /// A verdict and its reasons.
    public init(_ verdict: Verdict, reasons: [String]) {
        self.verdict = verdict
        self.reasons = reasons
    }
}

/// Whether a message is urgent, by the owner's definition only.
public enum Urgency: Sendable, Equatable {
    /// It mentions none of the policy's urgent signs (or only denies them).
    case notUrgent
    /// It mentions these urgent signs of the policy (as the policy writes them);
    /// `handling` says what happens to it, by the customer's plan and the policy.
    case urgent(signs: [String], handling: UrgentHandling)

    /// Whether the message is urgent by the policy, whatever the plan.
    public var isUrgent: Bool {
        if case .urgent = self { return true }
        return false
    }

    /// What happens to it, when it is urgent.
    public var handling: UrgentHandling? {
        if case .urgent(_, let handling) = self { return handling }
        return nil
    }
}

/// What happens to a matter that is urgent by the policy's signs: the customer's plan opens the
/// urgent route, or the policy's rule for customers without urgent access applies.
public enum UrgentHandling: Sendable, Equatable {
    /// The plan includes urgent access: the urgent promise, and the owner is alerted.
    case included
    /// No urgent access, and the policy offers this paid emergency call-out: the urgent
    /// promise, and the owner is alerted.
    case callout(ServiceMention)
    /// No urgent access: handled first at the next opening, by the plan's promise.
    case nextOpening
    /// No urgent access: referred to a partner, by the plan's promise.
    case referral(partner: String, contact: String?)

    /// Whether the owner is alerted at once and the urgent promise applies.
    public var alertsOwner: Bool {
        switch self {
        case .included, .callout: true
        case .nextOpening, .referral: false
        }
    }
}

/// Whether the business answers the channel a message came in on. The
/// message is kept in every case; this only says how to treat it.
public enum ChannelVerdict: Sendable, Equatable {
    /// The channel is open for everything.
    case accepted
    /// The channel is for urgent matters only, and the message is urgent by the policy.
    case urgentRoute
    /// The channel is for urgent matters only, and the message is not urgent:
    /// it is answered in turn.
    case urgentOnlyButNotUrgent
    /// The business does not answer this channel; `redirect` is what the
    /// policy tells people who use it, when it says anything.
    case notAccepted(redirect: String?)
}

/// How much a message matters to the business, apart from urgency.
public struct Importance: Sendable, Equatable {
    /// What makes it important, strongest first; empty when nothing does.
    public var factors: [ImportanceFactor]

    /// Whether anything makes the message important.
    public var isImportant: Bool { !factors.isEmpty }
    /// How many things make it important: a rough weight for ordering within a quadrant.
    public var weight: Int { factors.count }

    /// Importance from these factors.
    public init(factors: [ImportanceFactor]) { self.factors = factors }
}

/// One thing that makes a message important.
public enum ImportanceFactor: Sendable, Equatable {
    /// The customer's plan is paid (a fee above zero or by quote) or includes urgent access.
    case plan(name: String)
    /// The customer has a job under way.
    case activeJob
    /// The message mentions a deadline, as written ("by Friday", "deadline").
    case deadline(String)
}

/// A service of the policy, as scope results name it.
public struct ServiceMention: Sendable, Equatable {
    /// The service's id.
    public var id: String
    /// The name customers see.
    public var name: String
    /// Its price.
    public var price: Price

    /// A service's id, name and price.
    public init(id: String, name: String, price: Price) {
        self.id = id
        self.name = name
        self.price = price
    }

    init(_ service: Service) { self.init(id: service.id, name: service.name, price: service.price) }
}

/// Whether a request is work the business does.
public enum Scope: Sendable, Equatable {
    /// It is: `term` is the policy's (or the job's) words it matched, and
    /// `service` the service that covers it, when one does.
    case inScope(service: ServiceMention?, term: String)
    /// It is not, and the reasons say what to do about it.
    case outOfScope(OutOfScope)
    /// The message mentions nothing the policy names.
    case unclear

    /// The covering service's id, for in-scope requests.
    public var serviceID: String? {
        if case .inScope(let service, _) = self { return service?.id }
        return nil
    }

    /// Why the request is outside the scope, for out-of-scope requests.
    public var outOfScope: OutOfScope? {
        if case .outOfScope(let reason) = self { return reason }
        return nil
    }
}

/// Why a request is outside the scope, and the way forward.
public enum OutOfScope: Sendable, Equatable {
    /// Work the policy refers to a partner.
    case referral(partner: String, contact: String?, term: String)
    /// Work the business does, but not as part of the agreed job: a priced
    /// change order. `service` is nil when the policy names no service for it
    /// (then it is priced on quote).
    case paidExtra(service: ServiceMention?, term: String)
    /// Something a service explicitly excludes, with no partner named for it.
    case notOffered(term: String, excludedBy: String)
}

/// Where a message belongs in the owner's week: Covey's urgent/important
/// matrix, with urgency by the policy's signs (see `Quadrant.decide`).
public enum Quadrant: String, Sendable, Equatable, CaseIterable {
    /// Urgent and important: handle it now.
    case doNow = "do-now"
    /// Important, not urgent: plan it into a response window or the week.
    case schedule
    /// Urgent but not important, or work for a referral partner: hand it on.
    case delegateOrRefer = "delegate-or-refer"
    /// Neither: answer in turn when there is time.
    case someday
}
