import GatehouseCore
import GatehouseStore

/// The use cases of the owner's customers, appointments, sessions, reports, intake and
/// quarantine, as the pages and the API reach them through the workspace desk.
extension WorkspaceDesk {
    /// The workspace's customers and the time spent with them.
    public var customers: CustomerDesk { CustomerDesk(database: database, workspace: workspace) }

    /// A customer's data, exported or erased when they ask.
    public var customerData: CustomerData { CustomerData(database: database, workspace: workspace) }

    /// Booking, listing and cancelling appointments, and the calendar feed link.
    public var appointments: AppointmentBook { AppointmentBook(database: database, workspace: workspace) }
    /// Customers booking the policy's kinds of appointment themselves.
    public var customerBookings: CustomerBookings {
        CustomerBookings(database: database, workspace: workspace, publicBaseURL: publicBaseURL, wakeOutbox: wakeOutbox)
    }

    /// Time-boxed calls, meetings and site visits.
    public var timeBoxedSessions: TimeBoxedSessions { TimeBoxedSessions(database: database, workspace: workspace) }

    /// The monthly reports.
    public func reporting() throws -> MonthlyReporting { try MonthlyReporting(database: database, workspace: workspace) }

    /// Taking in a message for this workspace (a phone note, a form, an email).
    public func intake(settings: IntakeSettings) throws -> Intake { try Intake(database: database, workspace: workspace, settings: settings) }

    /// The workspace as it is stored now: a request's copy may be a second or two old, and an
    /// owner who just saved the policy must see what they saved. Nil once it no longer exists.
    public func freshWorkspace() async throws -> Workspace? { try await Workspaces(database: database).find(id: workspace.id) }

    /// The conversation, when it is this workspace's.
    public func conversation(_ id: Conversation.ID) async throws -> Conversation? {
        try await Conversations(database: database, workspaceID: workspace.id).find(id)
    }

    /// The conversation a stored message was filed in, if it was.
    public func conversationID(ofMessage id: String) async throws -> Conversation.ID? {
        try await Conversations(database: database, workspaceID: workspace.id).message(id)?.conversationID
    }

    /// Messages kept but not filed because they could not be read, newest first.
    public func quarantined(limit: Int) async throws -> [QuarantinedMessage] {
        try await Inbox(database: database, workspaceID: workspace.id).quarantined(limit: limit)
    }
}

/// The use cases of the conversations API, the email settings, the owner's webhooks and the tokens.
extension WorkspaceDesk {
    /// The workspace's conversations and messages, for reading.
    public var conversationRecords: ConversationRecords { ConversationRecords(database: database, workspace: workspace) }

    /// How the workspace's mail leaves, as stored.
    public var sendingSettings: SendingSettings { SendingSettings(database: database, workspace: workspace) }

    /// The owner's webhooks and the recent calls to them.
    public func webhooks(key: ServerKey) -> OwnerWebhooks { OwnerWebhooks(database: database, workspace: workspace, key: key) }

    /// The workspace's API and ingest tokens.
    public var tokens: WorkspaceTokens { WorkspaceTokens(database: database, workspace: workspace) }
}

/// Where the owner is alerted about urgent matters.
extension WorkspaceDesk {
    /// The owner's own alert email and phone push, sealed with `key`; `pushes` sends the test push.
    public func alertDestinations(key: ServerKey, pushes: AlertPushSender) -> AlertDestinations {
        AlertDestinations(database: database, workspace: workspace, key: key, pushes: pushes)
    }
}
