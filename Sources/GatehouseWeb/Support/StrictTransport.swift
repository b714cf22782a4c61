import HTTPTypes
import Hummingbird

/// A desk reached over HTTPS (directly, or through a proxy that says so in
/// `X-Forwarded-Proto`) tells the browser to come back only over HTTPS for a year, so a
/// sign-in or a status link is never sent in the clear by a mistyped `http://`. Over plain
/// HTTP nothing is said: a browser ignores the header there, and a desk tried on a laptop
/// must stay reachable.
struct StrictTransport<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("Strict-Transport-Security")! }
    static var value: String { "max-age=31536000" }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if BrowserSignIns.isSecure(request) { response.headers[Self.header] = Self.value }
        return response
    }
}
