import Crypto
import Foundation
import GatehouseCore
import GatehouseStore

/// Signed text messages: with the SMS provider's auth token set for a workspace (sealed with the
/// server's key), `/inbound/sms` takes only the calls the provider signed — Twilio's
/// X-Twilio-Signature, an HMAC-SHA1 of the URL and the sorted fields — so a leaked ingest token
/// alone cannot put words in a customer's mouth.
public struct SMSSignatures: Sendable {
    let database: Database
    let workspace: Workspace
    let key: ServerKey
    let clock: any DeskClock

    var store: SMSSettings { SMSSettings(database: database, workspaceID: workspace.id) }

    /// Sets the auth token (as the provider's console shows it).
    public func setAuthToken(_ token: String, actor: String) async throws {
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw StoreError(.invalid, field: "auth_token", "the auth token is empty or has spaces in it; copy it from your SMS provider's console")
        }
        try await store.setAuthToken(sealed: try key.seal(trimmed), actor: actor, now: clock.now())
    }

    /// Stops checking signatures; false when no auth token was set.
    public func removeAuthToken(actor: String) async throws -> Bool {
        try await store.removeAuthToken(actor: actor, now: clock.now())
    }

    /// Whether a token is set.
    public func isRequired() async throws -> Bool { try await store.authTokenSealed() != nil }

    /// Checks a call to `url` (the address the provider called, query included) with its form
    /// `fields` and the `signature` header it carried.
    public func check(url: String, fields: [(name: String, value: String)], signature: String?) async throws -> ProviderSignature.Check {
        guard let sealed = try await store.authTokenSealed() else { return .notRequired }
        guard let signature, !signature.isEmpty, let given = Data(base64Encoded: signature) else { return .missing }
        let token: String
        do { token = try key.open(sealed) } catch {
            throw StoreError(.invalid, field: "auth_token", "the SMS auth token cannot be opened with this server's key: set it again")
        }
        let expected = Data(base64Encoded: Self.signature(url: url, fields: fields, authToken: token)) ?? Data()
        // Compared in constant time.
        guard given.count == expected.count else { return .invalid }
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0 ? .valid : .invalid
    }
}

extension SMSSignatures {
    /// The signature a provider sends for a call to `url` with `fields`: base64 of the HMAC-SHA1 of
    /// `ProviderSignature.signedText` with the auth token.
    public static func signature(url: String, fields: [(name: String, value: String)], authToken: String) -> String {
        let text = ProviderSignature.signedText(url: url, fields: fields)
        return Data(HMAC<Insecure.SHA1>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(authToken.utf8))))
            .base64EncodedString()
    }
}

extension WorkspaceDesk {
    /// The SMS provider's signatures on `/inbound/sms`; `key` seals and opens the auth token.
    public func smsSignatures(key: ServerKey) -> SMSSignatures {
        SMSSignatures(database: database, workspace: workspace, key: key, clock: clock)
    }
}
