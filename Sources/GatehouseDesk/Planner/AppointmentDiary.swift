import GatehouseCore
import GatehouseStore

/// The appointment book as the owner reads it: what is booked when, one appointment, and the owner's calendar feed link.
extension AppointmentBook {
    /// The appointments that start in [from, to), earliest first.
    public func list(from: Instant, to: Instant, includeCancelled: Bool = false, limit: Int = 500) async throws -> [Appointment] {
        try await appointments.list(from: from, to: to, includeCancelled: includeCancelled, limit: limit)
    }

    /// The appointment, when it is this workspace's.
    public func appointment(_ id: String) async throws -> Appointment? { try await appointments.get(id) }

    /// When the user's calendar feed link was made, if they have one.
    public func feedLinkMade(userID: String) async throws -> Int64? {
        try await CalendarFeeds(database: database).madeAt(workspaceID: workspace.id, userID: userID)
    }

    /// Gives the user a new calendar feed link (kept only as its hash); the old one stops working.
    public func replaceFeedLink(userID: String, tokenHash: String, now: Instant) async throws {
        try await CalendarFeeds(database: database).replace(workspaceID: workspace.id, userID: userID, tokenHash: tokenHash, now: now)
    }
}
