import GatehouseCore
import GatehouseStore

/// The booking page's door to the desk: a workspace by its public address, what it offers to
/// book, and the booking itself, for someone the desk does not know yet.
public struct PublicBooking: Sendable {
    let database: Database
    let clock: any DeskClock
    let publicBaseURL: String
    let wakeOutbox: @Sendable () -> Void

    public init(database: Database, clock: any DeskClock, publicBaseURL: String, wakeOutbox: @escaping @Sendable () -> Void) {
        self.database = database
        self.clock = clock
        self.publicBaseURL = publicBaseURL
        self.wakeOutbox = wakeOutbox
    }

    public var now: Instant { clock.now() }

    /// The workspace at `/w/SLUG`, or nil.
    public func workspace(slug: String) async throws -> Workspace? {
        try await Workspaces(database: database).find(slug: slug)
    }

    /// Its customers' bookings.
    public func bookings(_ workspace: Workspace) -> CustomerBookings {
        CustomerBookings(database: database, workspace: workspace, publicBaseURL: publicBaseURL, wakeOutbox: wakeOutbox)
    }

    public enum Outcome: Sendable {
        case booked(CustomerBookings.Booked)
        /// More than `ContactForm.limit` forms (bookings and messages) from one address in `ContactForm.window`.
        case tooMany
    }

    /// Books for a visitor at `address`, at most `ContactForm.limit` attempts with the contact form's
    /// messages from one address in `ContactForm.window`, so a robot cannot fill the calendar.
    public func book(_ workspace: Workspace, kindID: String, start: Instant, details: CustomerBookings.Details,
                     from address: String) async throws -> Outcome {
        let now = clock.now()
        guard try await FormSubmissions(database: database, workspaceID: workspace.id)
            .admit(address: address, now: now, window: ContactForm.window, limit: ContactForm.limit) else { return .tooMany }
        return .booked(try await bookings(workspace).book(kindID: kindID, start: start, details: details, customer: nil, now: now))
    }
}
