import Foundation
import Testing
@testable import GatehouseMail

/// The fixture messages beside these tests.
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return [UInt8](try Data(contentsOf: url))
    }

    static func read(_ name: String) throws -> ParsedMail {
        try MailReader.read(try bytes(name))
    }

    static var allNames: [String] {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }
}

/// Reads a message written inline in a test, with LF line endings.
func mail(_ text: String) throws -> ParsedMail {
    try MailReader.read(Array(text.utf8))
}

func codes(_ mail: ParsedMail) -> [String] { mail.problems.map(\.code) }
