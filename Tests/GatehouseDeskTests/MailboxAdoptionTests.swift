import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import Testing

/// An email written at `date` (RFC 5322), from `sender`.
private func oldMail(_ id: String, sender: String, subject: String, body: String, date: String) -> Data {
    Data(("From: \(sender) <\(sender)@example.org>\r\nTo: office@rivera.example\r\nSubject: \(subject)\r\n"
        + "Message-ID: <\(id)@example.org>\r\nDate: \(date)\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n\r\n\(body)\r\n").utf8)
}

extension MailboxDesk {
    /// Rows of the workspace in `table` matching `condition`.
    func count(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        let id = desk.workspace.id
        return try await desk.database.read { sql in
            let row = try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE workspace_id = \(bind: id) AND \(unsafeRaw: condition)").first()
            return try row?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}

@Suite("Mailbox adoption: the mail already there when a mailbox is connected")
struct MailboxAdoptionTests {
    @Test("20 old messages imported in adoption mode: all filed with their dates, no acknowledgement, no alert (even for a burst pipe), no promise; older mail left alone; a message appended afterwards is acknowledged",
          arguments: DatabaseBackend.allCases)
    func adoption(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            var old = (1...19).map { (customerMail($0), $0 % 3 == 0) }
            old.append((oldMail("flood-1", sender: "maya", subject: "Basement",
                                body: "My basement is flooding, burst pipe! Please come now.",
                                date: "Fri, 20 Nov 2026 15:10:00 -0600"), false))
            // Written two months before the connection: outside the 30 days asked for.
            old.append((oldMail("ancient-1", sender: "olga", subject: "Last summer",
                                body: "Thanks for the repair in September.", date: "Mon, 21 Sep 2026 09:00:00 -0500"), true))
            try await server.append(old)
            try await TestDatabase.with(backend) { database in
                let mailbox = try await MailboxDesk(database, server: server, existingMail: .since(days: 30))
                let tasksBefore = try await mailbox.count("tasks")
                let report = try await mailbox.fetch()
                #expect(report.error == nil, "\(report)")
                #expect(report.folders.first?.highWaterMark == 21)
                #expect(try await mailbox.storedCount() == 20)
                #expect(try await mailbox.count("conversations") == 20)
                #expect(try await mailbox.count("messages", where: "direction = 'outbound'") == 0)
                #expect(try await mailbox.count("alerts") == 0)
                #expect(try await mailbox.count("tasks") == tasksBefore)
                #expect(try await mailbox.count("conversations", where: "promised_at IS NOT NULL") == 0)
                // Filed with their own dates, not the moment of the import.
                #expect(try await mailbox.count("conversations", where: "last_message_at <= \(TestDesk.fridayEvening.secondsSince1970 - 1_800)") == 20)

                // Fetched again: nothing new, nothing answered.
                _ = try await mailbox.fetch()
                #expect(try await mailbox.storedCount() == 20)

                // A message arriving after the connection is answered as usual.
                try await server.append([(customerMail(40), false)])
                let after = try await mailbox.fetch()
                #expect(after.folders.first?.filed == 1, "\(after)")
                #expect(try await mailbox.storedCount() == 21)
                #expect(try await mailbox.count("messages", where: "direction = 'outbound'") == 1)
                #expect(try await mailbox.count("conversations", where: "promised_at IS NOT NULL") == 1)
            }
        }
    }

    @Test("only new mail: what is in the folder when it is connected is left alone; the next message is filed and acknowledged",
          arguments: DatabaseBackend.allCases)
    func newOnly(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            try await server.append((1...5).map { (customerMail($0), false) })
            try await TestDatabase.with(backend) { database in
                let mailbox = try await MailboxDesk(database, server: server, existingMail: .newOnly)
                let first = try await mailbox.fetch()
                #expect(first.error == nil, "\(first)")
                #expect(first.folders.first?.highWaterMark == 5)
                #expect(try await mailbox.storedCount() == 0)
                try await server.append([(customerMail(6), false)])
                let second = try await mailbox.fetch()
                #expect(second.folders.first?.filed == 1, "\(second)")
                #expect(try await mailbox.storedCount() == 1)
                #expect(try await mailbox.count("messages", where: "direction = 'outbound'") == 1)
            }
        }
    }
}
