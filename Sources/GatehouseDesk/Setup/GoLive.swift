import GatehouseCore
import GatehouseStore

/// The go-live checklist of a workspace, measured from what has happened on its desk.
extension WorkspaceDesk {
    /// The checklist now; `examples` are the example policies a desk may have started from.
    public func goLive(examples: [String]) async throws -> GoLiveChecklist {
        let seen = try await GoLiveRecord(database: database, workspaceID: workspace.id).seen()
        let facts = GoLiveChecklist.Facts(
            borrowedDetails: OwnPolicy.borrowedDetails(in: workspace.policyYAML, examples: examples),
            sendingSetUp: seen.sendingSetUp, mailAccepted: seen.mailAccepted, emailReceived: seen.emailReceived,
            contactFormUsed: seen.contactFormUsed, replySent: seen.replySent, dismissed: seen.dismissed)
        return GoLiveChecklist(facts, slug: workspace.slug, publicBaseURL: publicBaseURL)
    }

    /// The owner puts the checklist away.
    public func dismissChecklist(actor: String) async throws {
        try await GoLiveRecord(database: database, workspaceID: workspace.id)
            .record(GoLiveRecord.dismissed, actor: actor, details: "the go-live checklist was put away", now: now)
    }

    /// A test email the mail server accepted: sending is known to work.
    public func recordTestAccepted(actor: String, queueID: String) async throws {
        try await GoLiveRecord(database: database, workspaceID: workspace.id)
            .record(GoLiveRecord.testAccepted, actor: actor, details: "test email accepted as \(queueID)", now: now)
    }
}
