import GatehouseCore
import GatehouseDesk

/// Makes the workspace desk a request works with, once its caller is known.
struct WorkspaceDesks: Sendable {
    let desk: Desk

    func desk(for workspace: Workspace) -> WorkspaceDesk { desk.workspaceDesk(for: workspace) }
}
