/// What a new owner answers at setup (and on the policy form): the details every public page
/// and message will carry, as typed. The owner's words, not yet a policy.
public struct PolicyAnswers: Sendable, Equatable {
    /// Who signs the business's messages (`business.owner`): at setup, the owner's own name.
    public var owner = ""
    public var businessName = ""
    public var email = ""
    public var phone = ""
    public var website = ""
    public var timeZone = ""
    /// Three letters, or empty for the currency the example's prices are in.
    public var currency = ""
    /// How dates, times and money are written (`en-US`), or empty for the usual one for the currency.
    public var locale = ""
    /// Each day's hours as typed (`7am-4pm`, `08:00-12:00, 13:00-17:30`); a missing day is closed.
    public var hours: [Weekday: String] = [:]
    /// The times replies go out, as typed (`10:30, 3:30pm`); empty to answer as messages come.
    public var windows = ""
    /// Days closed or with special hours, one a line: `2026-12-25 Christmas`, `2026-12-24 8am-noon`.
    public var closures = ""
    public var phoneChannel: ChannelStatus = .notAccepted
    public var smsChannel: ChannelStatus = .notAccepted
    public var urgentDefinition = ""
    public var urgentSigns: [String] = []
    /// Start with the example's services and plans.
    public var keepOffer = true
    /// The policy's plans as the policy form edits them (setup leaves this empty).
    public var plans: [PlanAnswer] = []

    public init() {}
}

/// One plan as the policy form shows it, in the policy's own words (`49/month`, `2h/month`,
/// `4 business hours`).
public struct PlanAnswer: Sendable, Equatable {
    public var id: String
    public var name: String
    public var fee: String
    public var firstResponse: String
    /// Empty or `none` for no monthly allowance.
    public var allowance: String

    public init(id: String, name: String, fee: String, firstResponse: String, allowance: String) {
        self.id = id
        self.name = name
        self.fee = fee
        self.firstResponse = firstResponse
        self.allowance = allowance
    }
}

/// A setup answer that cannot go into a policy, named by its form field.
public struct SetupProblem: DeskProblem, Equatable {
    public var field: String?
    public var detail: String
    public var kind: ProblemKind { .invalid }

    public init(field: String?, _ detail: String) {
        self.field = field
        self.detail = detail
    }
}

/// Every answer that cannot go into a policy, reported together.
public struct SetupProblems: Error, Sendable, Equatable {
    public var all: [SetupProblem]
}
