import GatehouseCore
import GatehouseStore

/// The owner's mailboxes read over IMAP, as the pages, the API and the command line reach them.
extension WorkspaceDesk {
    /// Connecting, testing, listing and fetching the workspace's mailboxes; `key` seals and
    /// opens their passwords.
    public func mailboxes(key: ServerKey) -> ConnectedMailboxes {
        ConnectedMailboxes(database: database, workspace: workspace, key: key, clock: clock)
    }
}
