import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import Testing

/// The mail server drops the connection at each step of the dialogue in turn. Before the final
/// dot nothing can have been delivered, so the mail is tried again and goes exactly once; after
/// it, the server may have taken the message, so it is left for the owner (uncertain), never sent
/// twice.
@Suite("Outbox: the SMTP server drops the connection at every step, and no message is lost or doubled")
struct SMTPDropTests {
    /// Three customers write at 08:00; each is acknowledged at once.
    static func threeWrite(_ desk: OutboxDesk, tag: String) async throws {
        for name in ["ada", "bo", "cas"] {
            var email = TestEmail()
            email.from = "\(name.capitalized) <\(name)-\(tag)@example.org>"
            email.subject = "Help with the \(tag) step"
            email.messageID = "\(name)-\(tag)@example.org"
            email.date = nil
            _ = try await desk.desk.intake.ingestEmails([email.data], now: OutboxDesk.at("2026-11-23T08:00:00-06:00"))
        }
    }

    @Test("dropped before the greeting, at EHLO, MAIL, RCPT or DATA: tried again and delivered once; dropped after the final dot: uncertain and never resent",
          arguments: DatabaseBackend.allCases)
    func dropsAtEveryStep(backend: DatabaseBackend) async throws {
        for step in ["greeting", "ehlo", "mail", "rcpt", "data"] {
            try await TestDatabase.with(backend) { database in
                let desk = try await OutboxDesk(database)
                try await Self.threeWrite(desk, tag: step)
                try await SMTPTestServer.with(.init(dropAt: step)) { server throws in
                    try await desk.use(server)
                    let round = try await desk.deliver(at: "2026-11-23T08:00:00-06:00")
                    #expect(round.sent == 0 && round.uncertain == 0, "\(step): \(round)")
                    #expect(round.retrying == 3, "\(step): \(round)")
                    #expect(try server.received().isEmpty, "\(step)")
                }
                try await SMTPTestServer.with { server throws in
                    try await desk.use(server)
                    let round = try await desk.deliver(at: "2026-11-23T09:00:00-06:00")
                    #expect(round.sent == 3, "\(step): \(round)")
                    #expect(try await desk.deliver(at: "2026-11-23T12:00:00-06:00").total == 0, "\(step): nothing left to send")
                    let ids = try server.received().map(\.messageID)
                    #expect(ids.count == 3 && Set(ids).count == 3, "\(step): each acknowledgement once: \(ids)")
                }
            }
        }
        try await TestDatabase.with(backend) { database in
            let desk = try await OutboxDesk(database)
            try await Self.threeWrite(desk, tag: "after-dot")
            var unanswered: [String] = []
            // Every second message is read to its final dot and the connection dropped unanswered.
            try await SMTPTestServer.with(.init(dropEvery: 2)) { server throws in
                try await desk.use(server)
                let round = try await desk.deliver(at: "2026-11-23T08:00:00-06:00")
                #expect(round.sent == 2 && round.uncertain == 1, "after the dot: \(round)")
                let received = try server.received()
                unanswered = received.filter { !$0.answered }.map(\.messageID)
                #expect(received.count == 3 && unanswered.count == 1)
                #expect(Set(received.map(\.messageID)).count == 3, "each once")
            }
            try await SMTPTestServer.with { server throws in
                try await desk.use(server)
                for hour in ["09", "10", "11"] {
                    #expect(try await desk.deliver(at: "2026-11-23T\(hour):00:00-06:00").total == 0)
                }
                #expect(try server.received().isEmpty, "the uncertain one is not sent again by itself")
                let uncertain = try #require(try await desk.outbox.list(state: .uncertain).first)
                #expect(uncertain.task.lastError?.contains("may or may not have been accepted") == true)
            }
        }
    }
}
