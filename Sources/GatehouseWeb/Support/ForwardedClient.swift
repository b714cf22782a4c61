import GatehouseCore
import HTTPTypes
import Hummingbird

/// Behind the owner's reverse proxy, the client's address is what the proxy says in
/// `X-Forwarded-For` — believed only when the peer is one of the trusted proxies
/// (`serve --trusted-proxy`), so rate limits and sign-in records see the real visitor and
/// no visitor can pick the address they are counted under.
struct ForwardedClient: RouterMiddleware {
    typealias Context = DeskContext
    static let header = HTTPField.Name("X-Forwarded-For")!
    let trusted: TrustedProxies

    func handle(_ request: Request, context: DeskContext,
                next: (Request, DeskContext) async throws -> Response) async throws -> Response {
        var context = context
        context.address = trusted.client(peer: context.address, forwardedFor: request.headers[values: Self.header])
        return try await next(request, context)
    }
}
