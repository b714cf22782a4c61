import Foundation
import GatehouseCore
import GatehouseStore
import Hummingbird

/// `/calendar/{token}.ics`: the owner's appointments as an iCalendar feed for any calendar app.
/// The link is the only key (only its hash is stored); a wrong or replaced link gets 404.
/// The feed holds the last 30 days and the next year; cancelled ones stay as cancelled for a
/// while so that subscribed calendars remove them.
struct CalendarFeedPage {
    let database: Database
    let clock: any DeskClock

    static let past = TimeSpan.hours(24 * 30)
    static let ahead = TimeSpan.hours(24 * 366)

    func add(to router: Router<DeskContext>) {
        router.get("calendar/:file") { _, context in
            var token = try context.parameters.require("file")
            if token.hasSuffix(".ics") { token.removeLast(4) }
            guard token.count < 200, let found = try await CalendarFeeds(database: database).owner(tokenHash: TokenMaker.hash(token)),
                  let workspace = try await Workspaces(database: database).find(id: found.workspaceID)
            else {
                return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "No calendar here: the link is wrong or was replaced.\n")))
            }
            let now = clock.now()
            let appointments = try await Appointments(database: database, workspaceID: workspace.id)
                .list(from: now - Self.past, to: now + Self.ahead, includeCancelled: true, limit: 2000)
            let customers = Customers(database: database, workspaceID: workspace.id)
            var names: [String: String] = [:]
            for id in Set(appointments.compactMap(\.customerID)) { names[id] = try await customers.get(id)?.name }
            let events = appointments.map { a in
                var description = a.agenda
                if let id = a.customerID, let name = names[id] { description = "With \(name)" + (description.isEmpty ? "" : "\n\n" + description) }
                return CalendarEvent(uid: "\(a.id)@gatehouse", start: Instant(secondsSince1970: a.startsAt),
                                     end: Instant(secondsSince1970: a.endsAt), summary: a.title, location: a.place,
                                     description: description, cancelled: a.status == .cancelled,
                                     modified: Instant(secondsSince1970: a.updatedAt))
            }
            let body = CalendarFeed.document(name: workspace.name, events: events, now: now)
            return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }
}
