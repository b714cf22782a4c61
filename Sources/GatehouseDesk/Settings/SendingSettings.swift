import GatehouseCore
import GatehouseStore

/// How the workspace's mail leaves (an SMTP server or the local sendmail), as it is stored:
/// the password sealed with the server's key. Setting it goes through `WaitingMail.setSending`,
/// which holds what waited for the owner's review.
public struct SendingSettings: Sendable {
    let database: Database
    let workspace: Workspace

    public init(database: Database, workspace: Workspace) {
        self.database = database
        self.workspace = workspace
    }

    /// The way mail is sent now; nil when none is set up.
    public func current() async throws -> StoredMailSettings? {
        try await MailSettingsStore(database: database).get(workspaceID: workspace.id)
    }

    /// Forgets how mail is sent, so nothing leaves until it is set up again; false when nothing was set up.
    public func remove() async throws -> Bool {
        try await MailSettingsStore(database: database).delete(workspaceID: workspace.id)
    }
}
