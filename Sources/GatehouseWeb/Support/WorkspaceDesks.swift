import GatehouseCore
import GatehouseDesk
import GatehouseStore

/// Makes the workspace desk a request works with, once its caller is known.
struct WorkspaceDesks: Sendable {
    let database: Database
    let clock: any DeskClock
    let publicBaseURL: String
    let outbox: OutboxService

    func desk(for workspace: Workspace) -> WorkspaceDesk {
        let outbox = outbox
        return WorkspaceDesk(database: database, workspace: workspace, clock: clock, publicBaseURL: publicBaseURL,
                             wakeOutbox: { outbox.nudge() })
    }
}
