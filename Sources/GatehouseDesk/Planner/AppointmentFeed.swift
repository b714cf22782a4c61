import GatehouseCore
import GatehouseStore

/// The owner's appointments as an iCalendar document for any calendar app, opened by the feed
/// link alone. It holds the last 30 days and the next year; cancelled ones stay, marked
/// cancelled, so that subscribed calendars remove them.
public struct AppointmentFeed: Sendable {
    static let past = TimeSpan.hours(24 * 30)
    static let ahead = TimeSpan.hours(24 * 366)

    let database: Database

    public init(database: Database) { self.database = database }

    /// The feed for the link whose hash is `tokenHash`; nil for a wrong or replaced link.
    public func document(tokenHash: String, now: Instant) async throws -> String? {
        guard let found = try await CalendarFeeds(database: database).owner(tokenHash: tokenHash),
              let workspace = try await Workspaces(database: database).find(id: found.workspaceID)
        else { return nil }
        let appointments = try await Appointments(database: database, workspaceID: workspace.id)
            .list(from: now - Self.past, to: now + Self.ahead, includeCancelled: true, limit: 2000)
        let customers = Customers(database: database, workspaceID: workspace.id)
        var names: [Customer.ID: String] = [:]
        for id in Set(appointments.compactMap(\.customerID)) { names[id] = try await customers.get(id)?.name }
        let events = appointments.map { a in
            var description = a.agenda
            if let id = a.customerID, let name = names[id] { description = "With \(name)" + (description.isEmpty ? "" : "\n\n" + description) }
            if a.bookingKind != nil {
                description += (description.isEmpty ? "" : "\n\n") + (a.cancelledLate ? "Booked by the customer; they cancelled late"
                                                                    : "Booked by the customer")
            }
            return CalendarEvent(uid: "\(a.id)@gatehouse", start: Instant(secondsSince1970: a.startsAt),
                                 end: Instant(secondsSince1970: a.endsAt), summary: a.title, location: a.place,
                                 description: description, cancelled: a.status == .cancelled,
                                 modified: Instant(secondsSince1970: a.updatedAt))
        }
        return CalendarFeed.document(name: workspace.name, events: events, now: now)
    }
}
