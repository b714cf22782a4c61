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

    /// A customer the booking page knows by their link: who they are, and how the free slots see
    /// them (their plan; an urgent request may use the reserve before its release).
    public struct Recognised: Sendable {
        public var customer: Customer
        public var booker: Booker
        public var token: String
    }

    /// The customer a booking link names (`?for=` their request's status token, from their
    /// acknowledgement or status page), when it is a customer of `workspace`; nil otherwise.
    public func recognise(_ token: String?, in workspace: Workspace) async throws -> Recognised? {
        guard let token, !token.isEmpty,
              let conversation = try await Conversations.withStatusToken(token, database: database),
              conversation.workspaceID == workspace.id,
              let customer = try await Customers(database: database, workspaceID: workspace.id).get(conversation.customerID)
        else { return nil }
        return Recognised(customer: customer, booker: Booker(plan: try workspace.policy().plan(id: customer.planID),
                                                             isUrgent: conversation.urgent),
                          token: token)
    }

    /// Whether one more form from `address` is taken now: at most `ContactForm.limit` (bookings,
    /// moves, cancellations and messages together) in `ContactForm.window`, so that neither a robot
    /// nor a leaked link can fill the calendar or the customer's inbox.
    public func admit(_ workspace: Workspace, from address: String) async throws -> Bool {
        try await FormSubmissions(database: database, workspaceID: workspace.id)
            .admit(address: address, now: clock.now(), window: ContactForm.window, limit: ContactForm.limit)
    }

    public enum Outcome: Sendable {
        case booked(CustomerBookings.Booked)
        /// More than `ContactForm.limit` forms (bookings and messages) from one address in `ContactForm.window`.
        case tooMany
    }

    /// Books for a visitor at `address` (`recognised` when their link names them), at most `ContactForm.limit` attempts with the contact form's
    /// messages from one address in `ContactForm.window`, so a robot cannot fill the calendar.
    public func book(_ workspace: Workspace, kindID: String, start: Instant, details: CustomerBookings.Details,
                     recognised: Recognised? = nil, acceptExtra: Bool = false, from address: String) async throws -> Outcome {
        let now = clock.now()
        guard try await admit(workspace, from: address) else { return .tooMany }
        return .booked(try await bookings(workspace).book(kindID: kindID, start: start, details: details,
                                                                   customer: recognised?.customer,
                                                                   isUrgent: recognised?.booker.isUrgent ?? false,
                                                                   acceptExtra: acceptExtra, now: now))
    }
}
