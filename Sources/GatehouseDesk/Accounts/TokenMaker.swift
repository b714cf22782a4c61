import Crypto
import Foundation
import GatehouseCore

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
