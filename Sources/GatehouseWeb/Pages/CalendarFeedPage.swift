import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/calendar/{token}.ics`: the owner's appointments as an iCalendar feed for any calendar app.
/// The link is the only key (only its hash is stored); a wrong or replaced link gets 404.
/// What the feed holds is `AppointmentFeed`'s to say.
struct CalendarFeedPage {
    let feed: AppointmentFeed
    let clock: any DeskClock

    func add(to router: Router<DeskContext>) {
        router.get("calendar/:file") { _, context in
            var token = try context.parameters.require("file")
            if token.hasSuffix(".ics") { token.removeLast(4) }
            guard token.count < 200,
                  let body = try await feed.document(tokenHash: TokenMaker.hash(token), now: clock.now())
            else {
                return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "No calendar here: the link is wrong or was replaced.\n")))
            }
            return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }
}
