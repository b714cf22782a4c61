import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import SQLKit
import Testing

/// A simulation takes in the messages between two sittings as one batch, each as of its own
/// moment (`Intake.ingestEmails(_:arrivedAt:)`). That is only honest if the desk then does exactly
/// what it does when each comes alone.
@Suite("Messages of different moments taken in as one batch, each as of its own arrival")
struct ArrivalBatchTests {
    static func at(_ text: String) -> Instant { OutboxDesk.at(text) }

    /// Monday: Ann at 08:00, Ben at 09:10, Ann's follow-up at 09:30 (her promise stands), Cy after
    /// closing at 17:40, and Ann once more at 20:00 (no second acknowledgement within 12 hours).
    static let day: [(at: String, email: TestEmail)] = {
        func mail(_ from: String, _ id: String, _ subject: String, replyTo: String? = nil) -> TestEmail {
            var email = TestEmail()
            email.from = from
            email.messageID = id
            email.subject = subject
            email.inReplyTo = replyTo
            email.date = nil
            email.body = "Could you have a look at this when you have a moment?"
            return email
        }
        return [
            ("2026-11-02T08:00:00-06:00", mail("Ann Ito <ann@example.org>", "ann-1@example.org", "Leaking tap")),
            ("2026-11-02T09:10:00-06:00", mail("Ben Oduya <ben@example.org>", "ben-1@example.org", "New radiator")),
            ("2026-11-02T09:30:00-06:00", mail("Ann Ito <ann@example.org>", "ann-2@example.org", "Re: Leaking tap",
                                               replyTo: "ann-1@example.org")),
            ("2026-11-02T17:40:00-06:00", mail("Cy Mbeki <cy@example.org>", "cy-1@example.org", "Boiler service")),
            ("2026-11-02T20:00:00-06:00", mail("Ann Ito <ann@example.org>", "ann-3@example.org", "Re: Leaking tap",
                                               replyTo: "ann-2@example.org")),
        ]
    }()

    /// What the desk recorded: the promises (made, due, outcome), when each acknowledgement and
    /// message was stored, and when each customer was last acknowledged.
    static func record(_ database: Database, _ desk: TestDesk) async throws -> [String] {
        let promises = try await Promises(database: database, workspaceID: desk.workspace.id)
            .due(from: at("2026-11-01T00:00:00-06:00"), to: at("2026-12-01T00:00:00-06:00"))
            .map { "promise made \($0.madeAt.secondsSince1970) due \($0.due.secondsSince1970) \($0.outcome.rawValue) \($0.endedAt.map { String($0.secondsSince1970) } ?? "-")" }
        let rows = try await database.read { sql in
            let messages = try await sql.raw("SELECT direction, received_at FROM messages ORDER BY received_at, direction").all()
                .map { "\(try $0.decode(column: "direction", as: String.self)) at \(try $0.decode(column: "received_at", as: Int64.self))" }
            let customers = try await sql.raw("SELECT last_acknowledged_at FROM customers ORDER BY last_acknowledged_at").all()
                .map { "acknowledged \(try $0.decode(column: "last_acknowledged_at", as: Int64?.self).map(String.init) ?? "never")" }
            return messages + customers
        }
        return promises.sorted() + rows
    }

    @Test("a day of messages taken in as one batch leaves the same promises, acknowledgements and times as each taken in alone",
          arguments: DatabaseBackend.allCases)
    func sameAsAlone(backend: DatabaseBackend) async throws {
        var alone: [String] = [], together: [String] = []
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database, at: Self.at("2026-11-01T12:00:00-06:00"))
            for (when, email) in Self.day { _ = try await desk.intake.ingestEmails([email.data], now: Self.at(when)) }
            alone = try await Self.record(database, desk)
        }
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database, at: Self.at("2026-11-01T12:00:00-06:00"))
            let (_, summary) = try await desk.intake.ingestEmails(Self.day.map(\.email.data), arrivedAt: Self.day.map { Self.at($0.at) })
            #expect(summary.stored == 5)
            together = try await Self.record(database, desk)
        }
        #expect(alone.count > 10)
        #expect(together == alone)
    }
}
