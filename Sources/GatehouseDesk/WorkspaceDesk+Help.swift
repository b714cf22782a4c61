import GatehouseCore
import GatehouseStore

/// The help articles, as the owner's pages and the API reach them through the workspace desk.
extension WorkspaceDesk {
    /// The owner's help articles, their threshold and report.
    public var help: HelpDesk { HelpDesk(database: database, workspaceID: workspace.id) }

    /// Suggesting articles for a customer's message by this workspace's policy.
    public func helpSuggesting() throws -> HelpSuggesting {
        HelpSuggesting(database: database, workspaceID: workspace.id, policy: try workspace.policy())
    }
}
