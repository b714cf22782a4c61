import GatehouseCore
import GatehouseDesk
import GatehouseStore

extension WorkspaceDesk {
    /// The desk of `workspace` for one command, built once and gone through for its use cases:
    /// the system's clock, and no outbox to wake (what a command queues is delivered by a running
    /// `serve`, or by `gatehouse outbox send`). `publicBaseURL` begins the links customers are
    /// sent; `serve`'s own address when none is set.
    static func forCommand(_ workspace: Workspace, database: Database,
                           publicBaseURL: String = "http://127.0.0.1:8080") -> WorkspaceDesk {
        WorkspaceDesk(database: database, workspace: workspace, clock: SystemDeskClock(), publicBaseURL: publicBaseURL,
                      wakeOutbox: {})
    }
}
