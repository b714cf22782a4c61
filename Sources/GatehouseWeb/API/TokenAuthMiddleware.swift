import Crypto
import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird
import Synchronization

/// `Authorization: Bearer TOKEN` → the token's workspace, or 401. Each group of routes takes
/// one scope of token: an API token cannot deliver messages and an ingest token cannot read
/// the API. Where `allowsQuery` is set (the inbound webhooks, for mail relays and SMS
/// providers that cannot set headers) the token may instead come as `?token=`.
struct TokenAuthMiddleware: RouterMiddleware {
    let signIns: SignInDesk
    let desks: WorkspaceDesks
    var scope: TokenScope = .api
    var allowsQuery = false
    var recent = RecentTokens()

    func handle(_ request: Request, context: DeskContext,
                next: (Request, DeskContext) async throws -> Response) async throws -> Response {
        let hash = TokenMaker.hash(try presentedToken(request))
        let found: APIToken
        let workspace: Workspace
        if let remembered = recent.lookup(hash) {
            (found, workspace) = remembered
        } else {
            guard let stored = try await signIns.token(hash: hash) else {
                throw APIError(.unauthorized, code: "unauthorized", "the token is not valid or has been revoked")
            }
            (found, workspace) = stored
            recent.remember(hash, stored)
        }
        guard found.scope == scope else {
            throw APIError(.unauthorized, code: "wrong_token_scope", found.scope == .ingest
                ? "this is an ingest token: it can only deliver messages to /inbound; use an API token for /api/v1"
                : "this is an API token: /inbound takes an ingest token (gatehouse token create --scope ingest)")
        }
        var context = context
        context.caller = Caller(workspace: workspace, actor: "token:\(found.id)", role: .owner)
        context.desk = desks.desk(for: workspace)
        return try await next(request, context)
    }

    /// The token from the Authorization header, or from the query where that is allowed.
    func presentedToken(_ request: Request) throws -> String {
        guard let header = request.headers[.authorization] else {
            if allowsQuery, let token = request.uri.queryParameters.get("token"), !token.isEmpty { return token }
            throw APIError(.unauthorized, code: "unauthorized", allowsQuery
                ? "send an ingest token as 'Authorization: Bearer TOKEN' or as ?token=TOKEN"
                : "send an API token as 'Authorization: Bearer TOKEN'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError(.unauthorized, code: "unauthorized", "the Authorization header must be 'Bearer TOKEN'")
        }
        return String(parts[1])
    }
}

/// Tokens this instance checked in the last two seconds, so that a client making many
/// requests costs one database lookup every two seconds rather than one per request. A
/// revoked token, or a workspace's changed policy, is seen by every instance within that time.
final class RecentTokens: Sendable {
    static let lifetime = Duration.seconds(2)
    static let capacity = 10_000
    private let entries = Mutex<[String: (token: APIToken, workspace: Workspace, until: ContinuousClock.Instant)]>([:])

    func lookup(_ hash: String) -> (APIToken, Workspace)? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[hash], entry.until > now else { return nil }
            return (entry.token, entry.workspace)
        }
    }

    /// Drops a token revoked on this instance at once (other instances notice within `lifetime`).
    func forget(tokenID: String) {
        entries.withLock { entries in entries = entries.filter { $0.value.token.id != tokenID } }
    }

    func remember(_ hash: String, _ found: (APIToken, Workspace)) {
        let until = ContinuousClock.now + Self.lifetime
        entries.withLock { entries in
            // Bounded: a flood of distinct tokens cannot grow it without limit.
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = (found.0, found.1, until)
        }
    }
}
