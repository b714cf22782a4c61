import Foundation
import GatehouseCore
import GatehouseTestSupport
import GatehouseDesk
import GatehouseStore
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The desk's tokens as request headers: the API's, and the mail relay's.
extension TestDesk {
    var api: HTTPFields { [.authorization: "Bearer \(apiToken)", .contentType: "application/json"] }
    var ingest: HTTPFields { [.authorization: "Bearer \(ingestToken)", .contentType: "message/rfc822"] }
}

/// The desk with a public address, so status links can be checked.
func intakeApplication(_ database: Database, clock: any DeskClock = FixedClock(instant: start)) async throws
    -> some ApplicationProtocol {
    try await buildApplication(
        configuration: DeskConfiguration(host: "127.0.0.1", port: 0),
        environment: DeskEnvironment(desk: Desk(database: database, clock: clock,
                                               intake: IntakeSettings(publicBaseURL: TestDesk.publicURL),
                                               serverKey: testServerKey)))
}

/// The server key of the tests' desks, for what a test seals or opens itself.
let testServerKey = ServerKey.random()

/// An email as a mail client sends it.
func rawEmail(from: String = "Dana Kowalski <dana@example.org>", subject: String = "Dripping faucet",
              messageID: String = "dana-1@example.org",
              body: String = "Hi, the kitchen faucet drips all day. Could you have a look next week?") -> ByteBuffer {
    ByteBuffer(string: [
        "From: \(from)", "To: Rivera Plumbing & Heating <office@rivera.example>", "Subject: \(subject)",
        "Date: Mon, 21 Sep 2026 09:00:00 -0500", "Message-ID: <\(messageID)>", "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8", "", body, "",
    ].joined(separator: "\r\n"))
}
