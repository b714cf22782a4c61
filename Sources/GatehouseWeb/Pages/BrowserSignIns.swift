import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// Cookies, sessions and CSRF tokens for the pages.
///
/// The session cookie is HttpOnly and SameSite=Lax, and Secure when the request
/// came over HTTPS (directly or, per `X-Forwarded-Proto`, through a proxy). Only
/// a hash of the session id is stored. Forms carry a CSRF token: the session's
/// own, or before sign-in a random value also set as a cookie (double submit).
struct BrowserSignIns {
    static let sessionCookie = "gatehouse_session"
    static let formCookie = "gatehouse_form"
    static let lifetime: Int64 = 30 * 86_400

    let signIns: SignInDesk
    let clock: any DeskClock

    /// A fresh random value, URL-safe.
    static func randomToken() -> String { TokenMaker.make().token.replacingOccurrences(of: "gh_", with: "") }

    static func isSecure(_ request: Request) -> Bool {
        request.uri.scheme?.rawValue == "https"
            || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    static func cookie(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The signed-in session of this request, with its user and their workspaces.
    func current(_ request: Request) async throws
        -> (session: SignInRecord, user: User, workspaces: [(workspace: Workspace, role: Role)])? {
        guard let id = request.cookies[Self.sessionCookie]?.value, !id.isEmpty else { return nil }
        return try await signIns.current(idHash: TokenMaker.hash(id))
    }

    /// Starts a session for `user` and returns the cookie that carries it.
    func start(for user: User, workspaceID: Workspace.ID?, request: Request, address: String) async throws -> Cookie {
        let id = Self.randomToken()
        let now = clock.now()
        try await signIns.start(SignInRecord(
            idHash: TokenMaker.hash(id), userID: user.id, workspaceID: workspaceID, csrfToken: Self.randomToken(),
            createdAt: now.secondsSince1970, expiresAt: now.secondsSince1970 + Self.lifetime,
            lastSeenAt: now.secondsSince1970, address: address,
            userAgent: request.headers[.userAgent].map { String($0.prefix(300)) }))
        return Self.cookie(Self.sessionCookie, id, maxAge: Int(Self.lifetime), secure: Self.isSecure(request))
    }

    /// Compares two secrets in time independent of where they differ.
    static func same(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b, !a.isEmpty, a.utf8.count == b.utf8.count else { return false }
        return zip(a.utf8, b.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
