import Crypto
import Foundation
import GatehouseCore
import GatehouseStore
import Hummingbird

/// API tokens: made here, shown once, stored only as a SHA-256 hash.
public enum TokenMaker {
    /// A new random token (`gh_` and 43 URL-safe characters) and the hash to store.
    public static func make() -> (token: String, hash: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "gh_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return (token, hash(token))
    }

    /// The stored form of a token.
    public static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }
}

/// `Authorization: Bearer TOKEN` → the token's workspace, or 401.
struct TokenAuthMiddleware: RouterMiddleware {
    let database: Database

    func handle(_ request: Request, context: DeskContext,
                next: (Request, DeskContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError(.unauthorized, code: "unauthorized", "send an API token as 'Authorization: Bearer TOKEN'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError(.unauthorized, code: "unauthorized", "the Authorization header must be 'Bearer TOKEN'")
        }
        guard let (token, workspace) = try await APITokens(database: database)
            .findWithWorkspace(tokenHash: TokenMaker.hash(String(parts[1])))
        else {
            throw APIError(.unauthorized, code: "unauthorized", "the API token is not valid or has been revoked")
        }
        var context = context
        context.caller = Caller(workspace: workspace, actor: "token:\(token.id)", role: .owner)
        return try await next(request, context)
    }
}
