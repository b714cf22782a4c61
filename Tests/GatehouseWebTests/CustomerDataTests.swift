import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

/// Reads an export with Python's zipfile and mailbox modules: the names inside, the messages in
/// the mbox, the customer's name and the number of time entries.
private func readExport(_ zip: Data) throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-export-\(UUID().uuidString).zip")
    try zip.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    return try Program.python("""
        import sys, zipfile, json, mailbox, tempfile, os
        z = zipfile.ZipFile(sys.argv[1])
        assert z.testzip() is None
        print(' '.join(sorted(z.namelist())))
        with tempfile.NamedTemporaryFile(suffix='.mbox', delete=False) as f:
            f.write(z.read('messages.mbox'))
        subjects = sorted(set(m['Subject'] for m in mailbox.mbox(f.name)))
        print(len(subjects))
        print(' | '.join(subjects))
        print(json.loads(z.read('customer.json'))['name'])
        entries = json.loads(z.read('time.json'))
        print(len(entries), entries[0]['minutes'] if entries else '-')
        print(len(json.loads(z.read('conversations.json'))))
        os.unlink(f.name)
        """, [file.path]).output
}

@Suite("A customer's data: everything exported, and erased, when they ask")
struct CustomerDataTests {
    @Test("the owner downloads everything about a customer as a zip others can read, then erases them: nothing of theirs is left, the others are untouched, the audit log says it was done without saying who; staff may do neither; the same through the API",
          arguments: DatabaseBackend.allCases)
    func exportAndErase(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let ids = try await OwnerPagesTests.seed(client, desk)
                let customers = Customers(database: database, workspaceID: desk.workspace.id)
                let maria = try #require(try await customers.find(contact: "maria@example.org"))
                let tom = try #require(try await customers.find(contact: "tom@example.org"))
                let owner = try await OwnerSession.start(client, database)
                let staff = try await OwnerSession.start(client, database, role: .staff)
                let timed = try await owner.post("/customers/\(maria.id)/time", [("date", "2026-09-21"), ("start", "10:00"),
                                                                                 ("minutes", "45"), ("note", "Looked at the pipe")])
                #expect(timed.status == .seeOther)

                // Staff may not take a customer's data away, nor erase it.
                #expect(try await staff.get("/customers/\(maria.id)/export").status == .forbidden)
                #expect(try await staff.get("/customers/\(maria.id)").html.contains("Only the workspace's owner can export or erase"))
                #expect(try await staff.post("/customers/\(maria.id)/erase", [("confirm", "yes")]).status == .forbidden)

                #expect(try await owner.get("/customers/\(maria.id)").html.contains("Download everything about them"))
                let download = try await client.execute(uri: "/customers/\(maria.id)/export", method: .get, headers: [.cookie: owner.cookie])
                #expect(download.status == .ok)
                #expect(download.headers[.contentType] == "application/zip")
                #expect(download.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"customer-") == true)
                let messages = try await count(database, "messages", "conversation_id", ids.care.rawValue)
                #expect(messages >= 2, "her message and what the desk sent about it")
                let read = try readExport(Data(buffer: download.body)).split(separator: "\n").map(String.init)
                #expect(read.count == 6)
                #expect(read.first == "README.txt appointments.json conversations.json customer.json jobs.json messages.mbox time.json")
                #expect(read.dropFirst(2).first?.contains("Burst pipe") == true)
                #expect(read.dropFirst(2).first?.contains("Urgent") == false, "the alert to the owner (its link acts for them) is not theirs")
                #expect(read.dropFirst(3).first == "Maria Lopez")
                #expect(read.dropFirst(4).first == "1 45")
                #expect(read.dropFirst(5).first == "1")

                // Erasing asks for a confirmation first.
                let unconfirmed = try await owner.post("/customers/\(maria.id)/erase", [])
                #expect(unconfirmed.status == .unprocessableContent)
                #expect(String(buffer: unconfirmed.body).contains("Tick the box to confirm"))
                #expect(try await count(database, "conversations", "customer_id", maria.id.rawValue) == 1)
                let erased = try await owner.post("/customers/\(maria.id)/erase", [("confirm", "yes")])
                #expect(erased.status == .seeOther)
                #expect(erased.headers[.location] == "/customers?done=erased")
                #expect(try await owner.get("/customers?done=erased").html.contains("everything kept about them are erased"))

                // Nothing of hers is left: not a message, a source, a promise, a task or an hour.
                #expect(try await count(database, "customers", "id", maria.id.rawValue) == 0)
                #expect(try await count(database, "contact_points", "value", "maria@example.org") == 0)
                #expect(try await count(database, "conversations", "id", ids.care.rawValue) == 0)
                #expect(try await count(database, "messages", "conversation_id", ids.care.rawValue) == 0)
                #expect(try await count(database, "messages", "sender", "maria@example.org") == 0)
                #expect(try await count(database, "promises", "conversation_id", ids.care.rawValue) == 0)
                #expect(try await count(database, "alerts", "conversation_id", ids.care.rawValue) == 0)
                #expect(try await count(database, "tasks", "conversation_id", ids.care.rawValue) == 0)
                #expect(try await count(database, "time_entries", "customer_id", maria.id.rawValue) == 0)
                struct Source: Decodable { var message_id: String }
                let orphans = try await database.read { sql in
                    try await sql.raw("SELECT message_id FROM message_sources WHERE message_id NOT IN (SELECT id FROM messages)")
                        .all(decoding: Source.self)
                }
                #expect(orphans.isEmpty)
                // The others are untouched.
                #expect(try await count(database, "conversations", "id", ids.roof.rawValue) == 1)
                #expect(try await count(database, "conversations", "id", ids.faucet.rawValue) == 1)
                struct Entry: Decodable { var action: String; var details: String }
                let audit = try await database.read { sql in
                    try await sql.select().columns("action", "details").from("audit_log")
                        .where("subject_id", .equal, maria.id.rawValue).all(decoding: Entry.self)
                }
                let erasure = try #require(audit.first { $0.action == "customer.erase" })
                #expect(erasure.details.hasPrefix("erased on request: 1 conversation, "))
                #expect(audit.contains { $0.action == "customer.export" })
                #expect(!audit.contains { $0.details.contains("Maria") }, "the log keeps that it was done, not who")
                #expect(try await owner.get("/customers/\(maria.id)/export").status == .notFound)

                // Through the API: the export as a zip, and DELETE erases everything too; another workspace sees nothing.
                let other = try await TestDesk.make(database, slug: "other")
                #expect(try await client.execute(uri: "/api/v1/customers/\(tom.id)/export", method: .get, headers: other.api).status
                    == .notFound)
                let exported = try await client.execute(uri: "/api/v1/customers/\(tom.id)/export", method: .get, headers: desk.api)
                #expect(exported.status == .ok && exported.headers[.contentType] == "application/zip")
                #expect(try readExport(Data(buffer: exported.body)).contains("Tom Reed"))
                let deleted = try await client.execute(uri: "/api/v1/customers/\(tom.id)", method: .delete, headers: desk.api)
                #expect(deleted.status == .noContent)
                #expect(try await count(database, "messages", "conversation_id", ids.roof.rawValue) == 0)
                #expect(try await count(database, "conversations", "id", ids.faucet.rawValue) == 1)
            }
        }
    }

    private func count(_ database: Database, _ table: String, _ column: String, _ value: String) async throws -> Int {
        try await database.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                .where(SQLIdentifier(column), .equal, SQLBind(value)).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}
