import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import Testing

/// A desk reading the owner's mailbox from a real Dovecot.
struct MailboxDesk {
    struct Clock: DeskClock {
        func now() -> Instant { TestDesk.fridayEvening }
    }

    let desk: TestDesk
    let key = ServerKey.random()
    let mailboxes: ConnectedMailboxes
    let mailbox: StoredMailbox

    init(_ database: Database, server: DovecotTestServer, folders: [String] = ["INBOX"], password: String? = nil,
         existingMail: ExistingMail = .everything, afterReading: AfterReading = .leave) async throws {
        desk = try await TestDesk.intakeDesk(database)
        mailboxes = ConnectedMailboxes(database: database, workspace: desk.workspace, key: key, clock: Clock())
        mailbox = try await mailboxes.add(MailboxDraft(host: "127.0.0.1", port: server.tlsPort, security: "tls",
                                                       username: server.username, password: password ?? server.password,
                                                       allowUntrustedCertificate: true, folders: folders,
                                                       existingMail: existingMail, afterReading: afterReading), actor: "test")
    }

    /// One fetch, as the desk's fetcher does it (with the mailbox as it stands now).
    func fetch(with mailboxes: ConnectedMailboxes? = nil, intake: Intake? = nil) async throws -> MailboxFetchReport {
        let mailboxes = mailboxes ?? self.mailboxes
        return try await mailboxes.fetch(try await mailboxes.find(mailbox.id), intake: intake ?? desk.intake, timeout: .seconds(20))
    }

    /// Inbound messages stored in the workspace.
    func storedCount() async throws -> Int {
        let id = desk.workspace.id
        return try await desk.database.read { sql in
            let row = try await sql.raw("SELECT COUNT(*) AS n FROM messages WHERE workspace_id = \(bind: id) AND direction = 'inbound'").first()
            return try row?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}

/// An email from customer `number`.
func customerMail(_ number: Int, messageID: String? = nil, body: String? = nil) -> Data {
    Data(("From: Customer \(number) <customer\(number)@example.org>\r\nTo: office@rivera.example\r\n"
        + "Subject: Question \(number)\r\nMessage-ID: <\(messageID ?? "question-\(number)@example.org")>\r\n"
        + "Date: Fri, 20 Nov 2026 16:\(String(format: "%02d", number % 60)):00 -0600\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + "\(body ?? "Hello, could you look at my boiler? This is question \(number).")\r\n").utf8)
}

@Suite("Mailbox fetching over IMAP")
struct MailboxFetchTests {
    @Test("1,000 messages in INBOX, half marked read by another device: every one is filed once, and nothing is marked read",
          arguments: DatabaseBackend.allCases)
    func thousandMessages(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            try await server.append((1...1_000).map { (customerMail($0), $0 % 2 == 0) })
            try await TestDatabase.with(backend) { database in
                let desk = try await MailboxDesk(database, server: server)
                let report = try await desk.fetch()
                #expect(report.error == nil)
                #expect(report.fetched == 1_000 && report.stored == 1_000 && report.filed == 1_000 && report.duplicates == 0)
                #expect(report.folders.first?.highWaterMark == 1_000)
                #expect(try await desk.storedCount() == 1_000)
                try await IMAPClient.withConnection(server.settings()) { connection in
                    _ = try await connection.examine("INBOX")
                    #expect(try await connection.uidSearch("UNSEEN").count == 500)
                }
                let state = try #require(try await desk.mailboxes.list().first)
                #expect(state.mailbox.failures == 0 && state.mailbox.lastError == nil)
                #expect(state.folders.map(\.highestUID) == [1_000])
            }
        }
    }

    @Test("after reading, as the owner chose: marked read once stored; then moved to Archive (a folder that is not there refused); a move that fails holds the mark until it succeeds, and nothing is filed twice",
          arguments: DatabaseBackend.allCases)
    func afterReading(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            try await server.append((1...20).map { (customerMail($0), false) })
            try await TestDatabase.with(backend) { database in
                let desk = try await MailboxDesk(database, server: server, afterReading: .markRead)
                let first = try await desk.fetch()
                #expect(first.error == nil && first.stored == 20 && first.folders.first?.changedOnServer == 20)
                try await IMAPClient.withConnection(server.settings()) { connection in
                    _ = try await connection.examine("INBOX")
                    #expect(try await connection.uidSearch("UNSEEN").isEmpty)
                }
                // Moving to a folder the server does not have is refused before anything changes.
                await #expect(throws: StoreError.self) { _ = try await desk.mailboxes.setAfterReading(desk.mailbox.id, .move(to: "Archive"), actor: "test") }
                try await server.append([(customerMail(21), false)], to: "Archive")
                #expect(try await desk.mailboxes.setAfterReading(desk.mailbox.id, .move(to: "Archive"), actor: "test"))
                try await server.append((22...26).map { (customerMail($0), false) })
                let second = try await desk.fetch()
                #expect(second.error == nil && second.stored == 5 && second.folders.first?.highWaterMark == 25)
                let counts = try await IMAPClient.withConnection(server.settings()) { connection in
                    (try await connection.examine("INBOX").messages, try await connection.examine("Archive").messages)
                }
                #expect(counts.0 == 20 && counts.1 == 6)
                // The folder disappears: the message is stored, the move fails, the mark waits.
                try await IMAPClient.withConnection(server.settings()) { connection in try await connection.delete("Archive") }
                try await server.append([(customerMail(27), false)])
                let third = try await desk.fetch()
                #expect(third.stored == 1 && third.folders.first?.error?.contains("Archive") == true)
                #expect(try await desk.mailboxes.list().first?.folders.first?.highestUID == 25)
                // Made again: the message is recognised (not filed twice), moved, and the mark moves on.
                try await IMAPClient.withConnection(server.settings()) { connection in try await connection.create("Archive") }
                let fourth = try await desk.fetch()
                #expect(fourth.error == nil && fourth.stored == 0 && fourth.duplicates == 1 && fourth.folders.first?.highWaterMark == 26)
                #expect(try await desk.storedCount() == 26)
                let after = try await IMAPClient.withConnection(server.settings()) { connection in
                    (try await connection.examine("INBOX").messages, try await connection.examine("Archive").messages)
                }
                #expect(after.0 == 20 && after.1 == 1)
            }
        }
    }

    @Test("a folder the server marks as All Mail (\\All) is refused when connecting, with the reason; INBOX is fine")
    func allMailRefused() async throws {
        try await DovecotTestServer.with { server in
            try await server.append([(customerMail(1), false)], to: "All Mail")
            let test = try await ConnectedMailboxes.test(server.settings(), folders: ["INBOX", "All Mail"])
            #expect(test.missing.isEmpty && test.refused.map(\.folder) == ["All Mail"])
            #expect(test.problem?.contains("your own sent mail included") == true)
            #expect(try await ConnectedMailboxes.test(server.settings(), folders: ["INBOX"]).problem == nil)
        }
    }

    @Test("a mailbox that signs in with an access token: the token command is run, the token used and never stored; a command that fails is shown plainly on the mailbox",
          arguments: DatabaseBackend.allCases)
    func tokenCommand(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with(accessToken: "ya29.from-the-command") { server in
            try await server.append((1...3).map { (customerMail($0), false) })
            try await TestDatabase.with(backend) { database in
                let desk = try await TestDesk.intakeDesk(database)
                let key = ServerKey.random()
                let mailboxes = ConnectedMailboxes(database: database, workspace: desk.workspace, key: key, clock: MailboxDesk.Clock())
                let draft = MailboxDraft(host: "127.0.0.1", port: server.tlsPort, username: server.username, password: "",
                                         allowUntrustedCertificate: true, existingMail: .everything,
                                         tokenCommand: "echo ya29.from-the-command")
                #expect(try await ConnectedMailboxes.test(try await draft.connectionSettings(), folders: ["INBOX"]).problem == nil)
                let mailbox = try await mailboxes.add(draft, actor: "test")
                #expect(mailbox.signIn == StoredMailbox.signInWithTokenCommand)
                #expect(try key.open(mailbox.secretSealed) == "echo ya29.from-the-command")
                let report = try await mailboxes.fetch(mailbox, intake: desk.intake)
                #expect(report.error == nil && report.stored == 3, "\(report)")

                let broken = MailboxDraft(host: "127.0.0.1", port: server.tlsPort, username: "other@example.org", password: "",
                                          allowUntrustedCertificate: true, tokenCommand: "echo no refresh token >&2; exit 3")
                await #expect(throws: StoreError.self) { _ = try await broken.connectionSettings() }
                let stored = try await mailboxes.add(broken, actor: "test")
                let failed = try await mailboxes.fetch(stored, intake: desk.intake)
                #expect(failed.error?.contains("the token command failed (exit 3): no refresh token") == true, "\(failed)")
                #expect(try await mailboxes.find(stored.id).lastError?.contains("token command") == true)
            }
        }
    }

    @Test("Gmail's labels: a message in INBOX and in a label folder read beside it is the same message, filed once",
          arguments: DatabaseBackend.allCases)
    func labelFolders(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            try await server.append((1...4).map { (customerMail($0), false) })
            try await server.append([(customerMail(2), false), (customerMail(4), true), (customerMail(5), false)], to: "Customers")
            try await TestDatabase.with(backend) { database in
                let desk = try await MailboxDesk(database, server: server, folders: ["INBOX", "Customers"])
                let report = try await desk.fetch()
                #expect(report.error == nil && report.fetched == 7 && report.stored == 5 && report.duplicates == 2, "\(report)")
                #expect(try await desk.storedCount() == 5)
                #expect(try await desk.desk.conversations().count == 5)
            }
        }
    }

    @Test("fetched twice and after a restart: nothing new the second time; a reused Message-ID with another body is filed",
          arguments: DatabaseBackend.allCases)
    func fetchTwice(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            try await server.append((1...30).map { (customerMail($0), false) })
            try await TestDatabase.with(backend) { database in
                let desk = try await MailboxDesk(database, server: server)
                #expect(try await desk.fetch().stored == 30)
                let second = try await desk.fetch()
                #expect(second.fetched == 0 && second.stored == 0)
                // A restart: a new desk over the same database remembers the high-water mark.
                let restarted = ConnectedMailboxes(database: database, workspace: desk.desk.workspace, key: desk.key,
                                                   clock: MailboxDesk.Clock())
                let third = try await desk.fetch(with: restarted, intake: try Intake(database: database, workspace: desk.desk.workspace))
                #expect(third.fetched == 0 && third.stored == 0)
                // The same bytes again (a copy) are recognised; a reused Message-ID with another body is not a copy.
                try await server.append([(customerMail(7), false),
                                         (customerMail(31, messageID: "question-7@example.org", body: "Another question altogether."), false)])
                let fourth = try await desk.fetch()
                #expect(fourth.fetched == 2 && fourth.duplicates == 1 && fourth.stored == 1 && fourth.filed == 1)
                #expect(try await desk.storedCount() == 31)
            }
        }
    }

    @Test("the folder renumbered under it (UIDVALIDITY changed, same mail plus new): no duplicates, the new ones filed",
          arguments: DatabaseBackend.allCases)
    func uidValidityChanged(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            try await server.append((1...20).map { (customerMail($0), false) }, to: "Support")
            try await TestDatabase.with(backend) { database in
                let desk = try await MailboxDesk(database, server: server, folders: ["Support"])
                #expect(try await desk.fetch().stored == 20)
                try await IMAPClient.withConnection(server.settings()) { connection in
                    try await connection.delete("Support")
                    try await connection.create("Support")
                }
                try await server.append((1...25).map { (customerMail($0), false) }, to: "Support")
                let report = try await desk.fetch()
                #expect(report.error == nil)
                #expect(report.folders.first?.reasons.first?.contains("renumbered") == true)
                #expect(report.fetched == 25 && report.duplicates == 20 && report.stored == 5)
                #expect(try await desk.storedCount() == 25)
            }
        }
    }

    @Test("a message the parser cannot read goes to the quarantine with the reason, and the rest of the folder is filed",
          arguments: DatabaseBackend.allCases)
    func unreadableMessage(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            var messages: [(Data, Bool)] = (1...3).map { (customerMail($0), false) }
            messages.append((Data("this is not an email at all\r\njust two lines\r\n".utf8), false))
            messages += (4...6).map { (customerMail($0), false) }
            try await server.append(messages)
            try await TestDatabase.with(backend) { database in
                let desk = try await MailboxDesk(database, server: server)
                let report = try await desk.fetch()
                #expect(report.stored == 7 && report.quarantined == 1 && report.filed == 6)
                #expect(report.folders.first?.highWaterMark == 7)
                let quarantined = try await Inbox(database: database, workspaceID: desk.desk.workspace.id).quarantined()
                #expect(quarantined.count == 1)
                #expect(quarantined.first?.reason.isEmpty == false)
            }
        }
    }

    @Test("a wrong password gives a clear error on the mailbox, backs off, and never switches the mailbox off",
          arguments: DatabaseBackend.allCases)
    func wrongPassword(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            try await TestDatabase.with(backend) { database in
                let desk = try await MailboxDesk(database, server: server, password: "wrong-password")
                let report = try await desk.fetch()
                #expect(report.error?.contains("refused the user name or password") == true)
                _ = try await desk.fetch()
                let state = try #require(try await desk.mailboxes.list().first)
                #expect(state.mailbox.failures == 2 && !state.mailbox.paused)
                #expect(state.mailbox.lastError?.contains("refused the user name or password") == true)
                #expect(state.mailbox.nextAttemptAt == TestDesk.fridayEvening.secondsSince1970 + 120)
                #expect(state.mailbox.secretSealed.hasPrefix("v1:") && !state.mailbox.secretSealed.contains("wrong-password"))
            }
        }
    }

    @Test("the server stopped for a while with mail arriving meanwhile: the failure is shown, and once it is back everything is caught up",
          arguments: DatabaseBackend.allCases)
    func outage(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            try await server.append((1...3).map { (customerMail($0), false) })
            try await TestDatabase.with(backend) { database in
                let desk = try await MailboxDesk(database, server: server)
                #expect(try await desk.fetch().stored == 3)
                server.pause()
                for number in 4...9 { try server.deliverToMaildir(customerMail(number)) }
                let during = try await desk.fetch()
                #expect(during.error != nil && during.stored == 0)
                let down = try #require(try await desk.mailboxes.list().first)
                #expect(down.mailbox.failures == 1 && down.mailbox.lastError != nil && !down.mailbox.paused)
                try server.resume()
                let after = try await desk.fetch()
                #expect(after.error == nil && after.stored == 6 && after.duplicates == 0)
                #expect(try await desk.storedCount() == 9)
                let back = try #require(try await desk.mailboxes.list().first)
                #expect(back.mailbox.failures == 0 && back.mailbox.lastError == nil)
            }
        }
    }

    @Test("a server that stops answering in the middle of a message: the time limit ends the fetch, nothing is stored, the mark does not move",
          arguments: DatabaseBackend.allCases)
    func hangsMidLiteral(backend: DatabaseBackend) async throws {
        let server = try SilentIMAPServer()
        defer { server.stop() }
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.intakeDesk(database)
            let mailboxes = ConnectedMailboxes(database: database, workspace: desk.workspace, key: .random(), clock: MailboxDesk.Clock())
            let mailbox = try await mailboxes.add(MailboxDraft(host: "127.0.0.1", port: server.port, security: "none",
                                                               username: "owner", password: "secret", existingMail: .everything),
                                                  actor: "test")
            let report = try await mailboxes.fetch(mailbox, intake: desk.intake, timeout: .seconds(2))
            #expect(report.error?.contains("did not respond within 2 seconds") == true, "\(report)")
            let state = try #require(try await mailboxes.list().first)
            #expect(state.mailbox.failures == 1 && state.mailbox.lastError != nil)
            #expect(state.folders.map(\.highestUID).allSatisfy { $0 == 0 })
            #expect(try await Inbox(database: database, workspaceID: desk.workspace.id).unfiled().isEmpty)
        }
    }

    @Test("a folder that does not exist is shown on the mailbox; the other folders are read")
    func missingFolder() async throws {
        try await DovecotTestServer.with { server in
            try await server.append([(customerMail(1), false)])
            try await TestDatabase.with(.sqlite) { database in
                let desk = try await MailboxDesk(database, server: server, folders: ["Projects", "INBOX"])
                let report = try await desk.fetch()
                #expect(report.folders.map(\.folder) == ["Projects", "INBOX"])
                #expect(report.folders.first?.error?.contains("Projects") == true)
                #expect(report.stored == 1)
                let state = try #require(try await desk.mailboxes.list().first)
                #expect(state.mailbox.lastError?.contains("Projects") == true)
            }
        }
    }
}

@Suite("Mailbox fetching by a running desk")
struct MailboxFetchTaskTests {
    @Test("the desk's periodic round fetches each mailbox that is due, and skips one that is paused",
          arguments: DatabaseBackend.allCases)
    func periodicRound(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            try await server.append((1...5).map { (customerMail($0), false) })
            try await TestDatabase.with(backend) { database in
                let desk = try await MailboxDesk(database, server: server)
                let round = PeriodicTask.mailboxes(key: desk.key, settings: IntakeSettings(), instance: "test")
                _ = try await Mailboxes(database: database, workspaceID: desk.desk.workspace.id).setPaused(id: desk.mailbox.id, true)
                try await round.run(database, TestDesk.fridayEvening)
                #expect(try await desk.storedCount() == 0)
                _ = try await Mailboxes(database: database, workspaceID: desk.desk.workspace.id).setPaused(id: desk.mailbox.id, false)
                try await round.run(database, TestDesk.fridayEvening)
                #expect(try await desk.storedCount() == 5)
            }
        }
    }

    @Test("while the desk runs, each mailbox is listened to with IDLE: a message appended is filed within seconds, long before the minute's poll; a paused mailbox is no longer listened to",
          arguments: DatabaseBackend.allCases)
    func listening(backend: DatabaseBackend) async throws {
        try await DovecotTestServer.with { server in
            try await TestDatabase.with(backend) { database in
                let desk = try await MailboxDesk(database, server: server)
                let store = Mailboxes(database: database, workspaceID: desk.desk.workspace.id)
                let listeners = MailboxListeners(database: database, key: desk.key, settings: IntakeSettings(), instance: "test",
                                                 clock: MailboxDesk.Clock(), refresh: .milliseconds(300), idleFor: .seconds(20))
                // The folder read once (empty), as the desk's first round does; then the listener waits in it.
                #expect(try await desk.fetch().error == nil)
                let running = Task { try await listeners.run() }
                defer { running.cancel() }
                try await Task.sleep(for: .seconds(1))
                try await server.append([(customerMail(1), false)])
                let appended = ContinuousClock.now
                while try await desk.storedCount() == 0, ContinuousClock.now - appended < .seconds(40) {
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(try await desk.storedCount() == 1)
                // Nothing else fetches here, and the listener looks for new mailboxes only once a
                // minute: filed within half of that, it was announced by IDLE (on a quiet machine
                // in about a second; a loaded test run takes several for the connection that fetches it).
                #expect(ContinuousClock.now - appended < .seconds(30))
                _ = try await store.setPaused(id: desk.mailbox.id, true)
                try await Task.sleep(for: .seconds(1))
                try await server.append([(customerMail(2), false)])
                try await Task.sleep(for: .seconds(2))
                #expect(try await desk.storedCount() == 1)
            }
        }
    }
}
