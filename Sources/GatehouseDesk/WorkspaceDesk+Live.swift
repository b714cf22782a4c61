import GatehouseCore
import GatehouseStore

extension WorkspaceDesk {
    /// When the latest message of an open urgent conversation arrived, or nil when there is
    /// none: the owner's pages update themselves when it moves.
    public func latestUrgentArrival() async throws -> Instant? {
        try await Conversations(database: database, workspaceID: workspace.id).latestUrgentMessageAt()
            .map(Instant.init(secondsSince1970:))
    }
}
