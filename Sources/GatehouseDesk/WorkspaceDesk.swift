import GatehouseCore
import GatehouseStore

/// The desk of one workspace for one request or command: who it is for, what time it is, and
/// the use cases the pages, the API and the command line go through. Built once per request by
/// the sign-in and token middleware; nothing outside Desk needs to build a use case itself.
public struct WorkspaceDesk: Sendable {
    public let workspace: Workspace
    let database: Database
    let clock: any DeskClock
    /// The public address of the desk, for the links customers are sent.
    public let publicBaseURL: String
    let wakeOutbox: @Sendable () -> Void

    public init(database: Database, workspace: Workspace, clock: any DeskClock, publicBaseURL: String,
                wakeOutbox: @escaping @Sendable () -> Void) {
        self.database = database
        self.workspace = workspace
        self.clock = clock
        self.publicBaseURL = publicBaseURL
        self.wakeOutbox = wakeOutbox
    }

    /// Now, by the desk's clock.
    public var now: Instant { clock.now() }

    /// The workspace's policy (read once per text and shared).
    public func policy() throws -> Policy { try workspace.policy() }

    /// The workspace's business calendar.
    public func calendar() throws -> BusinessCalendar { try workspace.businessCalendar() }

    /// The owner's replies.
    public func replies() throws -> Replies { try Replies(database: database, workspace: workspace) }

    /// Corrections of the triage.
    public var corrections: TriageCorrection {
        TriageCorrection(database: database, workspaceID: workspace.id,
                         urgentRule: (try? workspace.policy().urgent.withoutAccess) ?? .nextOpening)
    }

    /// Jobs and change orders.
    public func jobs() throws -> JobDesk { try JobDesk(database: database, workspace: workspace, publicBaseURL: publicBaseURL) }

    /// The emails that waited for sending to be set up, and the owner's review of them.
    public var waitingMail: WaitingMail { WaitingMail(database: database, workspace: workspace) }

    /// The outbox: every email the desk sends, and the owner's decisions about each.
    public var outbox: OwnerOutbox { OwnerOutbox(database: database, workspaceID: workspace.id) }

    /// Whether a way to send mail is set up.
    public func sendingIsSetUp() async throws -> Bool {
        try await MailSettingsStore(database: database).get(workspaceID: workspace.id) != nil
    }

    /// Delivers what is due now without waiting for the outbox's next round.
    public func nudgeOutbox() { wakeOutbox() }
}
