import GatehouseCore
import GatehouseStore

/// The booking page's door to the desk: a workspace by its public address, what it offers to
/// book, and the booking itself, for someone the desk does not know yet.
public struct PublicBooking: Sendable {
    let database: Database
    let clock: any DeskClock

    public init(database: Database, clock: any DeskClock) {
        self.database = database
        self.clock = clock
    }

    public var now: Instant { clock.now() }

    /// The workspace at `/w/SLUG`, or nil.
    public func workspace(slug: String) async throws -> Workspace? {
        try await Workspaces(database: database).find(slug: slug)
    }

    /// Its customers' bookings.
    public func bookings(_ workspace: Workspace) -> CustomerBookings {
        CustomerBookings(database: database, workspace: workspace)
    }
}
