import Hummingbird
import Logging

/// Logs each request's method and path with its capability tokens taken out: a setup link, a
/// customer's status page, a change-order or agreement link, a calendar feed, a password reset
/// and any `token` in a query open something to whoever holds them, and logs are read by
/// people and tools that must not gain that.
struct RequestLog<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.logger.log(level: level, "Request", metadata: [
            "hb.request.path": .string(Self.redacted(request.uri.description)),
            "hb.request.method": .string(request.method.rawValue),
        ])
        return try await next(request, context)
    }

    /// Path segments that are followed by a capability token.
    static var capabilityPrefixes: Set<String> { ["status", "agree", "change", "calendar", "reset"] }
    /// Query parameters whose values are secrets.
    static var secretParameters: Set<String> { ["token", "access_token", "key", "secret", "password", "code"] }

    /// `uri` with every capability token and secret query value replaced by `[redacted]`.
    static func redacted(_ uri: String) -> String {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var segments = parts[0].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for index in segments.indices.dropFirst() where capabilityPrefixes.contains(segments[index - 1].lowercased()) {
            segments[index] = "[redacted]"
        }
        for index in segments.indices where segments[index].hasPrefix("gh_") { segments[index] = "[redacted]" }
        var result = segments.joined(separator: "/")
        guard parts.count == 2 else { return result }
        let query = parts[1].split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            let plain = (name.removingPercentEncoding ?? name).lowercased()
            return secretParameters.contains(plain) ? "\(name)=[redacted]" : String(pair)
        }
        result += "?" + query.joined(separator: "&")
        return result
    }
}
