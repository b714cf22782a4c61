import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore
import Testing

/// Now, as a mail client writes it in the Date header (mail written days ago is not acknowledged).
func mailDateNow() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "America/Chicago")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
    return formatter.string(from: Date())
}

/// One email as a mail server would hand it over.
func mailText(from: String = "Dana Kowalski <dana@example.org>", subject: String = "Dripping faucet",
              messageID: String, body: String = "Hi, the kitchen faucet drips all day. Could you look next week?") -> String {
    ["From: \(from)", "To: office@rivera.example", "Subject: \(subject)", "Date: \(mailDateNow())",
     "Message-ID: <\(messageID)>", "Content-Type: text/plain; charset=utf-8", "", body, ""].joined(separator: "\r\n")
}

@Suite("gatehouse ingest")
struct IngestCommandTests {
    /// A fresh SQLite desk with the plumber's workspace; returns its URL and folder.
    static func desk() throws -> (url: String, path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("desk.sqlite").path
        let create = try GatehouseProcess.run(["workspace", "create", "rivera", "--policy",
                                               GatehouseProcess.example("plumber-chicago.yml"), "--database", "sqlite:" + path])
        #expect(create.status == 0, "\(create.errors)")
        return ("sqlite:" + path, path, folder)
    }

    static func count(_ table: String, at path: String, where condition: String = "1 = 1") async throws -> Int {
        let database = try await Database.open(.sqlite(path: path))
        defer { Task { await database.close() } }
        let row = try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)").first()
        }
        return try row?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("one message on standard input, as an MTA pipes it: stored once, a second delivery recognised, junk kept")
    func standardInput() async throws {
        let (url, path, folder) = try Self.desk()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The same bytes twice, as an MTA retrying sends them (made once: its Date has seconds, and a
        // loaded machine can put a second between the two runs).
        let delivered = mailText(messageID: "dana-1@example.org")
        let first = try GatehouseProcess.run(["ingest", "--workspace", "rivera", "--database", url], input: delivered)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output == "stored\n")
        let again = try GatehouseProcess.run(["ingest", "--database", url], input: delivered)
        #expect(again.status == 0)
        #expect(again.output == "already stored (a second delivery)\n")
        let junk = try GatehouseProcess.run(["ingest", "--database", url], input: "this is not an email at all\n")
        #expect(junk.status == 0)
        #expect(junk.output == "stored in quarantine (it cannot be read)\n")
        #expect(try await Self.count("messages", at: path, where: "direction = 'inbound'") == 2)
        #expect(try await Self.count("conversations", at: path) == 1)
        // The acknowledgement is queued for the outbox.
        #expect(try await Self.count("tasks", at: path, where: "kind = 'deliver-email'") == 1)

        let empty = try GatehouseProcess.run(["ingest", "--database", url], input: "")
        #expect(empty.status == 1)
        #expect(empty.errors.contains("standard input is empty"))
        let nowhere = try GatehouseProcess.run(["ingest", "--workspace", "nobody", "--database", url],
                                               input: mailText(messageID: "x@example.org"))
        #expect(nowhere.status == 1)
        #expect(nowhere.errors.contains("--workspace: there is no workspace 'nobody'"))
    }

    @Test("status links begin with the public address kept in the desk's settings; without one, ingest warns")
    func publicAddress() async throws {
        let (url, path, folder) = try Self.desk()
        defer { try? FileManager.default.removeItem(at: folder) }
        let unset = try GatehouseProcess.run(["ingest", "--database", url], input: mailText(messageID: "dana-1@example.org"))
        #expect(unset.status == 0)
        #expect(unset.errors.contains("warning: no public address is set"))

        let database = try await Database.open(.sqlite(path: path))
        try await DeskSettings(database: database).setPublicAddress("https://desk.rivera.example/", now: Instant(secondsSince1970: 0))
        await database.close()
        let set = try GatehouseProcess.run(["ingest", "--database", url],
                                           input: mailText(from: "Ben Ortiz <ben@example.org>", messageID: "ben-1@example.org"))
        #expect(set.status == 0)
        #expect(!set.errors.contains("warning"))
        #expect(try await Self.count("messages", at: path,
                                     where: "direction = 'outbound' AND text_body LIKE '%https://desk.rivera.example/status/%'") == 1)
    }

    @Test("when the database cannot be reached the MTA is told to try again later: exit 75")
    func unreachable() throws {
        let down = try GatehouseProcess.run(["ingest", "--workspace", "rivera",
                                             "--database", "postgres://gatehouse@127.0.0.1:1/desk?sslmode=disable"],
                                            input: mailText(messageID: "dana-1@example.org"))
        #expect(down.status == 75)
        #expect(down.errors.contains("cannot connect to postgres://gatehouse@127.0.0.1:1/desk"))
    }

    @Test("a folder and an mbox are imported in batches with a summary; a second import stores nothing twice")
    func folderAndMbox() async throws {
        let (url, path, folder) = try Self.desk()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mail = folder.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        for index in 0..<7 {
            try mailText(from: "Customer \(index) <c\(index)@example.org>", subject: "Question \(index)",
                         messageID: "q\(index)@example.org").write(to: mail.appendingPathComponent("\(index).eml"),
                                                                     atomically: true, encoding: .utf8)
        }
        // A reply to the first, and a copy of the second under another name.
        try (mailText(from: "Customer 0 <c0@example.org>", subject: "Re: Question 0", messageID: "q0-reply@example.org")
            .replacingOccurrences(of: "Content-Type", with: "In-Reply-To: <q0@example.org>\r\nContent-Type"))
            .write(to: mail.appendingPathComponent("7.eml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: mail.appendingPathComponent("1.eml"), to: mail.appendingPathComponent("8.eml"))

        let imported = try GatehouseProcess.run(["ingest", "--dir", mail.path, "--batch", "3", "--database", url])
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("ingested 9 messages in"))
        #expect(imported.output.contains("8 stored, 1 duplicates, 0 quarantined, 8 filed, 7 acknowledgements queued, 0 urgent"))
        #expect(try await Self.count("conversations", at: path) == 7)
        #expect(try await Self.count("customers", at: path) == 7)

        let twice = try GatehouseProcess.run(["ingest", "--dir", mail.path, "--database", url])
        #expect(twice.output.contains("0 stored, 9 duplicates"))

        // An mbox: "From " separators, and a body line quoted as ">From " that must come back unquoted.
        let mbox = folder.appendingPathComponent("export.mbox")
        let entries = [mailText(from: "Eve <eve@example.org>", subject: "Boiler", messageID: "eve-1@example.org",
                                body: ">From the basement, the boiler knocks."),
                       mailText(from: "Finn <finn@example.org>", subject: "Gutters", messageID: "finn-1@example.org")]
        try entries.map { "From sender@example.org Mon Sep 21 09:00:00 2026\n" + $0.replacingOccurrences(of: "\r\n", with: "\n") }
            .joined(separator: "\n").write(to: mbox, atomically: true, encoding: .utf8)
        let fromMbox = try GatehouseProcess.run(["ingest", "--mbox", mbox.path, "--database", url])
        #expect(fromMbox.status == 0, "\(fromMbox.errors)")
        #expect(fromMbox.output.contains("ingested 2 messages in"))
        #expect(fromMbox.output.contains("2 stored, 0 duplicates"))
        #expect(try await Self.count("messages", at: path,
                                     where: "text_body LIKE 'From the basement%'") == 1)

        let missing = try GatehouseProcess.run(["ingest", "--dir", folder.appendingPathComponent("nope").path,
                                                "--database", url])
        #expect(missing.status == 1)
        #expect(missing.errors.contains("--dir: cannot read the folder"))
        let badBatch = try GatehouseProcess.run(["ingest", "--dir", mail.path, "--batch", "0", "--database", url])
        #expect(badBatch.status != 0)
        #expect(badBatch.errors.contains("--batch must be between 1 and 1000"))
    }

    @Test("SIGKILLed at random moments while 1,500 messages go in from a folder (and while single messages are piped), then run again: every message stored exactly once, every one filed, one acknowledgement per customer, never two")
    func killedAndRestarted() async throws {
        let (url, path, folder) = try Self.desk()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mail = folder.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        let customers = 300, each = 5
        for customer in 0..<customers {
            for message in 0..<each {
                try mailText(from: "Customer \(customer) <c\(customer)@example.org>", subject: "Question \(customer)",
                             messageID: "k\(customer)-\(message)@example.org",
                             body: "Message \(message) about a new kitchen faucet, number \(customer).")
                    .write(to: mail.appendingPathComponent("\(customer)-\(message).eml"), atomically: true, encoding: .utf8)
            }
        }
        let errors = folder.appendingPathComponent("ingest-errors.log")
        func start(_ arguments: [String], input: Data = Data()) throws -> ChildProcess {
            let process = try ChildProcess.start(GatehouseProcess.executable.path, arguments,
                                                 input: .pipe, output: .null, error: .file(errors.path))
            process.feed(input)
            return process
        }
        // Each run is killed by a process of its own after a random 100 to 1,000 ms: the moment is
        // the machine's, not this test's (whose tasks may wait their turn when many tests run at once).
        func killLater(_ pid: Int32, milliseconds: Int) throws -> ChildProcess {
            try ChildProcess.start("/bin/sh", ["-c", "sleep \(Double(milliseconds) / 1000); kill -KILL \(pid) 2>/dev/null"])
        }
        var moments: [String] = []
        var killed = 0
        for _ in 0..<4 {
            let process = try start(["ingest", "--dir", mail.path, "--batch", "50", "--database", url])
            let moment = Int.random(in: 100...1_000)
            let killer = try killLater(process.processIdentifier, milliseconds: moment)
            let ended = process.wait()
            killer.wait()
            if case .signalled = ended {
                killed += 1
                moments.append("killed at \(moment) ms")
            } else {
                let said = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
                moments.append("ended by itself before \(moment) ms with status \(ended.status): \(said.suffix(300))")
            }
        }
        // Single messages as an MTA pipes them, killed at once or a little later; the MTA tries again.
        for index in 0..<20 {
            let raw = Data(mailText(from: "Piped \(index) <p\(index)@example.org>", subject: "Piped \(index)",
                                    messageID: "p\(index)@example.org").utf8)
            let piped = try start(["ingest", "--database", url], input: raw)
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...120)))
            if piped.isRunning { kill(piped.processIdentifier, SIGKILL) }
            if !piped.wait().succeeded {
                let again = try GatehouseProcess.run(["ingest", "--database", url], input: String(decoding: raw, as: UTF8.self))
                #expect(again.status == 0, "\(again.errors)")
            }
        }
        let finished = try GatehouseProcess.run(["ingest", "--dir", mail.path, "--batch", "50", "--database", url])
        #expect(finished.status == 0, "\(finished.errors)")
        let context = "killed \(killed) times: \(moments)"
        #expect(killed >= 1, "the import was killed while it ran (\(context))")
        #expect(try await Self.count("messages", at: path, where: "direction = 'inbound'") == customers * each + 20, "\(context)")
        #expect(try await Self.count("messages", at: path, where: "direction = 'inbound' AND processed_at IS NULL") == 0,
                "every message filed (\(context))")
        #expect(try await Self.count("conversations", at: path) == customers + 20, "\(context)")
        // One acknowledgement per customer: their first message answered, the rest within the period not.
        let acknowledgements = try await Self.count("messages", at: path, where: "direction = 'outbound'")
        let twice = try await Self.count("(SELECT sender, COUNT(*) AS n FROM messages WHERE direction = 'outbound' GROUP BY sender) AS t",
                                         at: path, where: "t.n > 1")
        #expect(acknowledgements == customers + 20, "\(acknowledgements) acknowledgements (\(context))")
        #expect(twice == 0, "\(twice) customers acknowledged twice (\(context))")
    }
}
