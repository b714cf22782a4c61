import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Signed text messages")
struct SMSSignatureTests {
    /// Twilio's published example: auth token 12345, this URL and these fields.
    static let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let fields: [(name: String, value: String)] = [("CallSid", "CA1234567890ABCDE"), ("Caller", "+12349013030"),
                                                          ("Digits", "1234"), ("From", "+12349013030"), ("To", "+18005551212")]

    @Test("Twilio's own example signature matches; without a token nothing is required; with one, a missing or wrong signature is refused; the token is sealed at rest",
          arguments: DatabaseBackend.allCases)
    func signatures(backend: DatabaseBackend) async throws {
        #expect(SMSSignatures.signature(url: Self.url, fields: Self.fields, authToken: "12345") == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let key = ServerKey.random()
            let signatures = Desk(database: database).workspaceDesk(for: desk.workspace).smsSignatures(key: key)
            #expect(try await signatures.check(url: Self.url, fields: Self.fields, signature: nil) == .notRequired)
            await #expect(throws: StoreError.self) { try await signatures.setAuthToken("  ", actor: "test") }
            try await signatures.setAuthToken("12345\n", actor: "test")
            let sealed = try #require(try await SMSSettings(database: database, workspaceID: desk.workspace.id).authTokenSealed())
            let opened = try key.open(sealed)
            #expect(!sealed.contains("12345") && opened == "12345")
            #expect(try await signatures.check(url: Self.url, fields: Self.fields, signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=") == .valid)
            #expect(try await signatures.check(url: Self.url, fields: Self.fields, signature: nil) == .missing)
            #expect(try await signatures.check(url: Self.url, fields: Self.fields + [("Body", "injected")],
                                               signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=") == .invalid)
            #expect(try await signatures.check(url: "https://other.example/myapp.php?foo=1&bar=2", fields: Self.fields,
                                               signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=") == .invalid)
            #expect(try await signatures.removeAuthToken(actor: "test"))
            #expect(try await signatures.check(url: Self.url, fields: Self.fields, signature: "junk") == .notRequired)
        }
    }
}
