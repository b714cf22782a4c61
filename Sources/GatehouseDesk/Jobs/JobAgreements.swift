import GatehouseCore
import GatehouseStore

/// The customer's answers on the pages their links open, without an account: agreeing to a
/// job's summary, and accepting or declining a change order. The unguessable token in the link
/// finds the one job or change order, and with it the workspace it belongs to.
public struct JobAgreements: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// The job an agreement link opens, with its workspace; nil for a wrong link.
    public func job(token: String) async throws -> (workspace: Workspace, job: Job)? {
        guard let (workspaceID, job) = try await Jobs.withAgreementToken(token, database: database),
              let workspace = try await Workspaces(database: database).find(id: workspaceID)
        else { return nil }
        return (workspace, job)
    }

    /// Records the customer's agreement, kept with its time and the address it came from; the
    /// job as agreed (now, or already before). Nil for a wrong link.
    /// - Throws: `JobProblem` when the job can no longer be agreed to.
    public func agree(token: String, address: String?, now: Instant) async throws -> Job? {
        switch try await Jobs.agree(token: token, address: address, now: now, database: database) {
        case .agreed(let job), .alreadyAgreed(let job): job
        case nil: nil
        }
    }

    /// What the job's accepted change orders add to its price.
    public func acceptedExtraCents(jobID: Job.ID, workspace: Workspace) async throws -> Int64 {
        try await ChangeOrders(database: database, workspaceID: workspace.id).acceptedCents(jobID: jobID)
    }

    /// The change order a link opens, with its workspace; nil for a wrong link.
    public func changeOrder(token: String) async throws -> (workspace: Workspace, order: ChangeOrder)? {
        guard let (workspaceID, order) = try await ChangeOrders.withToken(token, database: database),
              let workspace = try await Workspaces(database: database).find(id: workspaceID)
        else { return nil }
        return (workspace, order)
    }

    /// The job a change order changes.
    public func job(of order: ChangeOrder, workspace: Workspace) async throws -> Job? {
        try await Jobs(database: database, workspaceID: workspace.id).get(order.jobID)
    }

    /// Records the customer's answer to a change order, kept with its time and address; nil for
    /// a wrong link.
    /// - Throws: `JobProblem` when the change was already decided or the job is closed.
    public func decide(token: String, _ answer: ChangeOrderDecision.Answer, address: String?, workspace: Workspace,
                       now: Instant) async throws -> ChangeOrder? {
        try await ChangeOrders.decide(token: token, answer, address: address, calendar: try workspace.businessCalendar(),
                                      now: now, database: database)
    }
}
