import GatehouseCore
import GatehouseStore

/// A time-boxed session as the owner reads and writes it while it runs: the session itself, and
/// its agenda, notes and quality-time checklist.
extension TimeBoxedSessions {
    /// The session, when it is this workspace's.
    public func session(_ id: String) async throws -> WorkSession? { try await sessions.get(id) }

    /// Saves the session's agenda, notes and checklist; nil when there is no such session here.
    public func save(_ id: String, _ notes: WorkSessionNotes, now: Instant) async throws -> WorkSession? {
        try await sessions.save(id, notes, now: now)
    }
}
