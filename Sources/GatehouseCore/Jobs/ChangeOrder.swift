/// One extra item a customer asked for outside a job's agreed scope: its price as one amount,
/// its effect on the time frame, and the kind question whether the customer is comfortable with
/// the extra charge. The customer accepts or declines it on its own page; accepted, the item
/// joins the job's scope and its price the job's price.
public struct ChangeOrder: Sendable, Equatable {
    /// Where the change order stands.
    public enum Status: String, Sendable, Equatable, CaseIterable {
        /// Written, not sent yet: the owner can still change it.
        case draft
        /// Sent: waiting for the customer.
        case sent
        case accepted
        case declined
        /// Taken back by the owner before the customer decided.
        case withdrawn
    }

    public var id: String
    public var jobID: Job.ID
    public var customerID: Customer.ID
    public var conversationID: Conversation.ID?
    public var item: String
    /// The extra charge; nil while the owner still has to quote it.
    public var priceCents: Int64?
    /// The time the price was worked out for, when a service's hourly rate priced it.
    public var estimate: TimeSpan?
    public var serviceID: String?
    /// Working days the change adds to the time frame.
    public var extraDays: Int
    /// The message to the customer.
    public var message: String
    public var status: Status
    /// The token in the address of the customer's page, once sent.
    public var token: String?
    public var sentAt: Instant?
    public var decidedAt: Instant?
    public var decidedAddress: String?
    public var createdAt: Instant

    public init(id: String, jobID: Job.ID, customerID: Customer.ID, conversationID: Conversation.ID? = nil, item: String,
                priceCents: Int64?, estimate: TimeSpan? = nil, serviceID: String? = nil, extraDays: Int = 0,
                message: String, status: Status = .draft, token: String? = nil, sentAt: Instant? = nil,
                decidedAt: Instant? = nil, decidedAddress: String? = nil, createdAt: Instant) {
        self.id = id
        self.jobID = jobID
        self.customerID = customerID
        self.conversationID = conversationID
        self.item = item
        self.priceCents = priceCents
        self.estimate = estimate
        self.serviceID = serviceID
        self.extraDays = extraDays
        self.message = message
        self.status = status
        self.token = token
        self.sentAt = sentAt
        self.decidedAt = decidedAt
        self.decidedAddress = decidedAddress
        self.createdAt = createdAt
    }
}

/// What a change order's draft says before it is saved: worked out from the triage's reading
/// of the request, with the reasons for its price.
public struct ChangeOrderProposal: Sendable, Equatable {
    public var item: String
    public var priceCents: Int64?
    public var estimate: TimeSpan?
    public var serviceID: String?
    public var extraDays: Int
    /// How the price was found, for the owner: "the Repairs rate, $120 an hour, for an estimated 1 hour".
    public var reasons: [String]

    public init(item: String, priceCents: Int64?, estimate: TimeSpan? = nil, serviceID: String? = nil, extraDays: Int = 0,
                reasons: [String] = []) {
        self.item = item
        self.priceCents = priceCents
        self.estimate = estimate
        self.serviceID = serviceID
        self.extraDays = extraDays
        self.reasons = reasons
    }

    /// The estimate used when an hourly service prices an extra and nobody said how long it takes.
    public static let defaultEstimate = TimeSpan.hours(1)

    /// A draft for the request the triage read as a paid extra (`term`, under `serviceID` when a
    /// service covers it): priced from the service, or left for the owner to quote.
    public static func make(term: String, serviceID: String?, policy: Policy) -> ChangeOrderProposal {
        let service = serviceID.flatMap { id in policy.services.first { $0.id == id } }
        var proposal = ChangeOrderProposal(item: term, priceCents: nil, estimate: nil, serviceID: service?.id, extraDays: 0,
                                           reasons: [])
        let currency = policy.business.currency
        guard let service else {
            proposal.reasons.append("no service in the policy covers '\(term)', so write the price you quote")
            return proposal
        }
        switch service.price {
        case .quote:
            proposal.reasons.append("\(service.name) is priced by quote, so write the price you quote for '\(term)'")
        case .amount(let cents, let unit) where unit == "hour":
            proposal.estimate = defaultEstimate
            proposal.priceCents = Job.cents(rate: cents, for: defaultEstimate)
            proposal.reasons.append("priced at the \(service.name) rate, \(PolicyWords.money(service.price, of: policy.business)), "
                                    + "for an estimated \(defaultEstimate.spokenDescription); change the estimate if it "
                                    + "will take longer")
        case .amount(let cents, _):
            proposal.priceCents = cents
            proposal.reasons.append("priced as \(service.name): \(PolicyWords.money(service.price, of: policy.business))")
        }
        return proposal
    }

    /// An extra the owner adds to a job: at the price they give, or, when they give none, at the
    /// job's own hourly service rate for the default estimate (left to quote otherwise).
    public static func onJob(item: String, priceCents: Int64?, extraDays: Int, jobServiceID: String?,
                             policy: Policy) -> ChangeOrderProposal {
        var proposal = ChangeOrderProposal(item: item, priceCents: priceCents, extraDays: extraDays)
        if priceCents == nil, let cents = price(serviceID: jobServiceID, estimate: defaultEstimate, policy: policy) {
            proposal.priceCents = cents
            proposal.estimate = defaultEstimate
            proposal.serviceID = jobServiceID
        }
        return proposal
    }

    /// The price for `estimate` at an hourly service's rate, or nil when the service is not hourly.
    public static func price(serviceID: String?, estimate: TimeSpan, policy: Policy) -> Int64? {
        guard let service = serviceID.flatMap({ id in policy.services.first { $0.id == id } }),
              case .amount(let cents, "hour"?) = service.price else { return nil }
        return Job.cents(rate: cents, for: estimate)
    }

    /// The kind question to the customer, from the policy's `out_of_scope` template.
    public static func message(item: String, priceCents: Int64?, extraDays: Int, link: String, policy: Policy,
                               facts: PlaybookFacts, now: Instant) -> String {
        var values = ReplyPlaybook.values(policy: policy, facts: facts, now: now)
        values["change.item"] = item
        values["change.price"] = priceCents.map { policy.business.price($0) } ?? "[the price]"
        values["change.time_effect"] = timeEffect(extraDays)
        values["change.link"] = link
        return policy.message(.outOfScope, values)
    }

    /// "it adds 2 working days to the time frame", "it does not change the time frame".
    public static func timeEffect(_ extraDays: Int) -> String {
        switch extraDays {
        case ..<1: return "it does not change the time frame"
        case 1: return "it adds 1 working day to the time frame"
        default: return "it adds \(extraDays) working days to the time frame"
        }
    }
}

/// Whether a customer's answer to a change order can be taken: only a sent change order, on a
/// job that is still open, is decided — and only once.
public enum ChangeOrderDecision {
    /// The customer's answer.
    public enum Answer: String, Sendable { case accept, decline }

    /// Checks the answer against the change order's and the job's status; the error, for the
    /// customer, says what happened instead.
    public static func check(order: ChangeOrder.Status, decidedAt: String? = nil, job: Job.Status) throws(JobProblem) {
        let when = decidedAt.map { " on \($0)" } ?? ""
        switch order {
        case .accepted: throw JobProblem(field: "change", "this change was already accepted\(when); nothing more to do")
        case .declined: throw JobProblem(field: "change", "this change was already declined\(when)")
        case .withdrawn: throw JobProblem(field: "change", "this change was withdrawn, so there is nothing to accept")
        case .draft: throw JobProblem(field: "change", "this change has not been sent yet")
        case .sent: break
        }
        guard !job.isClosed else {
            throw JobProblem(field: "change", "the job is already \(job.label), so this change can no longer be answered here; "
                             + "please reply to the email and we will sort it out together")
        }
    }
}
