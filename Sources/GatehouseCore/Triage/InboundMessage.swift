/// What triage reads of an inbound message: how it came, what it says, when.
public struct InboundMessage: Sendable, Equatable {
    /// The way in the customer used.
    public var channel: Channel
    /// The subject line; empty for channels without one (SMS, phone notes, chat).
    public var subject: String
    /// The new text of the message, without quoted history.
    public var text: String
    /// When the customer sent it.
    public var sentAt: Instant
    /// How many earlier messages in the same conversation are still unanswered.
    /// Shown in the reasons, never counted: follow-ups do not raise priority.
    public var earlierUnanswered: Int

    /// A message as it arrived.
    public init(channel: Channel, subject: String = "", text: String, sentAt: Instant, earlierUnanswered: Int = 0) {
        self.channel = channel
        self.subject = subject
        self.text = text
        self.sentAt = sentAt
        self.earlierUnanswered = earlierUnanswered
    }
}

/// What triage knows about the customer who wrote.
public struct CustomerStanding: Sendable, Equatable {
    /// The id of the customer's plan; nil or an id the policy doesn't know
    /// means the policy's default plan.
    public var planID: String?
    /// Whether the customer has a job under way with the business.
    public var hasActiveJob: Bool
    /// What the active job was agreed to include and exclude, when known.
    public var job: JobScope?

    /// A customer on `planID`, with or without an active job. Giving a `job`
    /// scope means the customer has an active job.
    public init(planID: String? = nil, hasActiveJob: Bool = false, job: JobScope? = nil) {
        self.planID = planID
        self.hasActiveJob = hasActiveJob || job != nil
        self.job = job
    }

    /// A customer the desk does not know yet: default plan, no job.
    public static let new = CustomerStanding()
}

/// What a job was agreed to cover, in the owner's words ("replace kitchen
/// faucet"), and what it was agreed not to cover.
public struct JobScope: Sendable, Equatable {
    /// The agreed items of work.
    public var agreed: [String]
    /// Items the agreement explicitly leaves out.
    public var excluded: [String]

    /// A job's agreed and excluded items.
    public init(agreed: [String], excluded: [String] = []) {
        self.agreed = agreed
        self.excluded = excluded
    }
}
