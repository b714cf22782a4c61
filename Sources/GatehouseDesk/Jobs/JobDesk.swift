import GatehouseCore
import GatehouseStore

/// What the owner does with jobs and change orders, from a page or the API alike: propose and
/// revise a job, move it along, send its summary, and draft, revise, send or withdraw a change
/// order. Each rule lives here once, so the pages and the API cannot drift apart.
public struct JobDesk: Sendable {
    let database: Database
    let workspace: Workspace
    let policy: Policy
    /// The messages about jobs that go to customers.
    public let mail: JobMail

    public init(database: Database, workspace: Workspace, publicBaseURL: String) throws {
        self.database = database
        self.workspace = workspace
        policy = try workspace.policy()
        mail = try JobMail(database: database, workspace: workspace, publicBaseURL: publicBaseURL)
    }

    var jobs: Jobs { Jobs(database: database, workspaceID: workspace.id) }
    var orders: ChangeOrders { ChangeOrders(database: database, workspaceID: workspace.id) }

    // MARK: Jobs

    /// The job, when it is this workspace's.
    public func job(_ id: Job.ID) async throws -> Job? { try await jobs.get(id) }

    /// A customer's jobs, open ones first.
    public func jobs(customerID: Customer.ID) async throws -> [Job] { try await jobs.list(customerID: customerID) }

    /// Every open job of the workspace, with its customer's name.
    public func openJobs() async throws -> [(job: Job, customerName: String)] { try await jobs.open() }

    /// Proposes a job for one of the workspace's customers.
    public func propose(_ draft: JobDraft, actor: String, now: Instant) async throws -> Job {
        try await jobs.create(draft, actor: actor, now: now)
    }

    /// Revises a job's terms while it is proposed.
    public func revise(_ id: Job.ID, with draft: JobDraft, actor: String, now: Instant) async throws -> Job? {
        try await jobs.update(id, with: draft, actor: actor, now: now)
    }

    /// Moves a job to `status`, as `JobProgress` allows.
    public func move(_ id: Job.ID, to status: Job.Status, actor: String, now: Instant) async throws -> Job? {
        try await jobs.setStatus(id, to: status, actor: actor, now: now)
    }

    /// Sends the job's summary to the customer and opens its agreement page.
    public func sendSummary(_ id: Job.ID, sendNow: Bool, actor: String, now: Instant) async throws -> (Job, OutboxEmail) {
        try await mail.sendSummary(jobID: id, sendNow: sendNow, actor: actor, now: now)
    }

    // MARK: Change orders

    /// The change order, when it is this workspace's.
    public func changeOrder(_ id: String) async throws -> ChangeOrder? { try await orders.get(id) }

    /// A job's change orders.
    public func changeOrders(jobID: Job.ID) async throws -> [ChangeOrder] { try await orders.list(jobID: jobID) }

    /// Drafts an extra on `job` at `priceCents`. With no price: priced from the job's own hourly
    /// service when `priceFromService` (`ChangeOrderProposal.onJob`, as the job page offers),
    /// else left for the owner to quote (as the API documents).
    public func draftChangeOrder(on job: Job, item: String, priceCents: Int64?, priceFromService: Bool, extraDays: Int,
                                 actor: String, now: Instant) async throws -> ChangeOrder {
        let proposal = priceFromService
            ? ChangeOrderProposal.onJob(item: item, priceCents: priceCents, extraDays: extraDays, jobServiceID: job.serviceID,
                                        policy: policy)
            : ChangeOrderProposal(item: item, priceCents: priceCents, extraDays: extraDays)
        return try await mail.draftChangeOrder(jobID: job.id, conversationID: job.conversationID, proposal: proposal,
                                               actor: actor, now: now)
    }

    /// Drafts the change order the triage suggests for a conversation's latest request.
    public func draftChangeOrder(conversationID: Conversation.ID, actor: String, now: Instant) async throws -> ChangeOrder {
        try await mail.draftChangeOrder(conversationID: conversationID, actor: actor, now: now)
    }

    /// Revises a draft change order. Without a message of the owner's own (nil), the message
    /// follows the new terms.
    public func revise(_ order: ChangeOrder, item: String, priceCents: Int64?, extraDays: Int, message: String?,
                       now: Instant) async throws -> ChangeOrder? {
        let text = if let message { message } else {
            try await mail.changeMessage(order, item: item, priceCents: priceCents, extraDays: extraDays, now: now)
        }
        return try await orders.update(order.id, terms: ChangeOrderTerms(item: item, priceCents: priceCents, estimate: nil,
                                                                         serviceID: order.serviceID, extraDays: extraDays,
                                                                         message: text), now: now)
    }

    /// Sends a drafted change order to the customer and opens its page.
    public func send(_ order: ChangeOrder, sendNow: Bool, actor: String, now: Instant) async throws -> (ChangeOrder, OutboxEmail) {
        try await mail.sendChangeOrder(order.id, sendNow: sendNow, actor: actor, now: now)
    }

    /// Withdraws a change order the customer has not answered.
    public func withdraw(_ order: ChangeOrder, actor: String, now: Instant) async throws -> ChangeOrder? {
        try await orders.withdraw(order.id, actor: actor, now: now)
    }
}
