import Foundation
import GatehouseDesk
import Testing

@Suite("The server key is made readable by its owner only")
struct ServerKeyFileTests {
    @Test("a new key file is 0600 in a new 0700 folder, and the same key is read back")
    func modes() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let file = parent.appendingPathComponent("secrets/server.key").path
        let key = try ServerKey.load(environment: [:], file: file)
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
        #expect(try mode(file) == 0o600)
        #expect(try mode(parent.appendingPathComponent("secrets").path) == 0o700)
        let again = try ServerKey.load(environment: [:], file: file)
        #expect(try again.open(key.seal("secret")) == "secret")
    }
}
