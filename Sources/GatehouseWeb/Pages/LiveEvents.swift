import GatehouseCore
import GatehouseDesk
import Hummingbird
import HTTPTypes
import NIOCore
import ServiceLifecycle

/// `/events`: Server-Sent Events for the owner's Today and inbox. The stream says `urgent` when
/// a message of an urgent conversation arrived after `since` (the page's own moment), and the
/// page fetches its lists again; pages work without it. Each stream checks every two seconds,
/// lasts at most five minutes and then says `bye`, so the browser opens a fresh one; a server
/// shutting down ends every stream at once (with `bye`), so it never waits for them.
struct LiveEvents {
    static let checkEvery: Duration = .seconds(2)
    static let lifetime: Duration = .seconds(300)

    func add(to router: RouterGroup<DeskContext>) {
        router.get("events") { request, context in
            let desk = try context.requireDesk()
            let since = request.uri.queryParameters.get("since").flatMap { Int64($0) } ?? 0
            var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-store"]
            headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                var seen = since
                func send(_ text: String) async throws { try await writer.write(ByteBuffer(string: text)) }
                try await send("retry: 3000\n\n")
                let started = ContinuousClock.now
                var beats = 0
                while ContinuousClock.now - started < Self.lifetime, !Task.isCancelled, !Task.isShuttingDownGracefully {
                    if let latest = try await desk.latestUrgentArrival()?.secondsSince1970, latest > seen {
                        seen = latest
                        try await send("event: urgent\ndata: \(latest)\n\n")
                    }
                    beats += 1
                    if beats % 15 == 0 { try await send(": still here\n\n") }
                    // Woken at once when the server starts to shut down.
                    _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.checkEvery) }
                }
                try await send("event: bye\ndata: \(seen)\n\n")
                try await writer.finish(nil)
            })
        }
    }
}
