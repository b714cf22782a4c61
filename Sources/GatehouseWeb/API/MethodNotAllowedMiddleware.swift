import HTTPTypes
import Hummingbird

/// An address of the API asked with a method it does not take (`TRACE /api/v1/customers`,
/// `DELETE /api/v1/policy`) is answered 405 with the methods it does take in `Allow`, not 404:
/// the address exists. Added to the router after every route, so it sees only requests no
/// route answered; it learns the API's addresses from the router itself.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = DeskContext

    /// One address of the API: its path segments (`nil` for a parameter) and the methods it takes.
    struct Address: Sendable {
        var segments: [String?]
        var methods: [HTTPRequest.Method]

        func matches(_ path: [Substring]) -> Bool {
            path.count == segments.count && zip(path, segments).allSatisfy { part, segment in
                segment.map { $0 == part } ?? !part.isEmpty
            }
        }

        /// Which of two addresses matching one path the router takes: the one whose first
        /// difference is a fixed word rather than a parameter (`/webhooks/deliveries`, not
        /// `/webhooks/{id}`).
        func isMoreSpecific(than other: Address) -> Bool {
            for (mine, theirs) in zip(segments, other.segments) where (mine == nil) != (theirs == nil) {
                return mine != nil
            }
            return false
        }
    }

    let addresses: [Address]

    /// The addresses under `prefixes` among the router's routes.
    init(routes: [Router<DeskContext>.RouteDescription], prefixes: [String]) {
        var byPath: [String: Address] = [:]
        var order: [String] = []
        for route in routes {
            let path = route.path.description
            guard prefixes.contains(where: { path.hasPrefix($0) }) else { continue }
            if byPath[path] == nil {
                order.append(path)
                let segments = path.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? nil : String($0) }
                byPath[path] = Address(segments: segments, methods: [])
            }
            byPath[path]?.methods.append(route.method)
        }
        addresses = order.compactMap { byPath[$0] }
    }

    func handle(_ request: Request, context: DeskContext,
                next: (Request, DeskContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path.split(separator: "/")
        let matching = addresses.filter { $0.matches(path) }
        let chosen = matching.first { candidate in !matching.contains { $0.isMoreSpecific(than: candidate) } }
        let methods = chosen?.methods ?? []
        guard !methods.isEmpty, !methods.contains(request.method) else { return try await next(request, context) }
        let allowed = methods.map(\.rawValue).joined(separator: ", ")
        var response = try APIError(.methodNotAllowed, code: "method_not_allowed",
                                    "\(request.uri.path) does not take \(request.method.rawValue); it takes \(allowed)")
            .response(from: request, context: context)
        response.headers[.allow] = allowed
        return response
    }
}
