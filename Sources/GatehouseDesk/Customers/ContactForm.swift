import GatehouseCore
import GatehouseStore

/// A workspace's public contact form as a use case: what the form promises before anyone
/// writes, and a message taken in like any other — at most `limit` from one client address in
/// `window`, and nothing kept from a robot but the count.
public struct ContactForm: Sendable {
    let database: Database
    let clock: any DeskClock
    let settings: IntakeSettings

    public static let limit = 5
    public static let window = TimeSpan.minutes(10)

    public init(database: Database, clock: any DeskClock, settings: IntakeSettings) {
        self.database = database
        self.clock = clock
        self.settings = settings
    }

    /// What the form (and its thank-you page) says about the business.
    public struct Promise: Sendable {
        public var business: String
        public var slug: String
        /// When a message sent now would be answered, in the business's words.
        public var promise: String?
        public var urgentDefinition: String?
        /// Where the form is not how the business takes messages, what to do instead.
        public var redirect: String?
        public var policy: Policy
    }

    /// What became of a message sent through the form.
    public enum Sent: Sendable, Equatable {
        /// Too many from this address lately: not sent.
        case tooMany
        /// A robot filled in the trap field: it is told thanks, and nothing is kept.
        case ignored
        /// Taken in: when it is promised an answer, the status link, and whether an acknowledgement was emailed.
        /// `alerted`: the message is urgent by the policy and the owner was alerted to it.
        case taken(promisedAt: Instant?, statusLink: String?, emailed: Bool, alerted: Bool)
    }

    /// The workspace at `/w/{slug}`, or nil.
    public func workspace(slug: String) async throws -> Workspace? {
        try await Workspaces(database: database).find(slug: slug)
    }

    /// What the form says for `workspace`: the promise for a message sent now, or the one given.
    public func promise(_ workspace: Workspace, promisedAt: Instant? = nil) throws -> Promise {
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        let due = promisedAt ?? calendar.promise(received: clock.now(), plan: policy.defaultPlan)?.due
        let definition = policy.urgent.definition ?? (policy.urgent.signs.isEmpty ? nil : policy.urgent.signs.joined(separator: ", "))
        let redirect = policy.channels[.webForm].status == .notAccepted
            ? policy.channels[.webForm].redirect ?? "This form is not how \(policy.business.name) takes messages; your message will still arrive."
            : nil
        return Promise(business: policy.business.name, slug: workspace.slug, promise: due.map(calendar.spoken),
                       urgentDefinition: definition, redirect: redirect, policy: policy)
    }

    /// Takes in a message sent through the form from `address`.
    public func send(_ message: PlainMessage, isRobot: Bool, to workspace: Workspace, from address: String) async throws -> Sent {
        let now = clock.now()
        guard try await FormSubmissions(database: database, workspaceID: workspace.id)
            .admit(address: address, now: now, window: Self.window, limit: Self.limit) else { return .tooMany }
        if isRobot { return .ignored }
        var message = message
        // The moment it was sent is part of the message, so the same words sent again another day are a new message.
        message.sentAt = now.secondsSince1970
        let outcome = try await Intake(database: database, workspace: workspace, settings: settings).ingest(message, now: now)
        let decision = outcome.filing?.decision
        return .taken(promisedAt: decision?.promisedAt.map(Instant.init(secondsSince1970:)), statusLink: decision?.statusLink,
                      emailed: decision?.outbound.contains { $0.purpose == .acknowledgement } ?? false,
                      alerted: decision?.alert != nil)
    }
}
