import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Pages: HTTPS once, HTTPS always")
struct StrictTransportTests {
    @Test("over HTTPS (through a proxy that says so) every answer tells the browser to keep to HTTPS; over plain HTTP none does")
    func strictTransport() async throws {
        try await TestDatabase.with(.sqlite) { database in
            _ = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let sts = HTTPField.Name("Strict-Transport-Security")!
                let proxied: HTTPFields = [HTTPField.Name("X-Forwarded-Proto")!: "https"]
                for path in ["/signin", "/w/rivera", "/api/v1/conversations", "/no-such-page"] {
                    let secure = try await client.execute(uri: path, method: .get, headers: proxied)
                    #expect(secure.headers[sts] == "max-age=31536000", "\(path) over HTTPS")
                    let plain = try await client.execute(uri: path, method: .get)
                    #expect(plain.headers[sts] == nil, "\(path) over HTTP")
                }
            }
        }
    }
}
