import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import Testing

/// The plumber's desk with its mail going to a real SMTP server on 127.0.0.1.
struct OutboxDesk {
    let desk: TestDesk
    let key = ServerKey.random()
    var database: Database { desk.database }
    var outbox: Outbox { Outbox(database: desk.database, workspaceID: desk.workspace.id) }
    var replies: Replies { get throws { try Replies(database: desk.database, workspace: desk.workspace) } }
    var sender: OutboxSender { OutboxSender(database: desk.database, key: key, owner: "test-sender") }

    init(_ database: Database) async throws {
        desk = try await TestDesk.intakeDesk(database)
    }

    /// Sends the workspace's mail to `server` (plain, or with its options).
    func use(_ server: SMTPTestServer, user: String? = nil, password: String? = nil) async throws {
        let sending = MailSending(method: .smtp(SMTPServerSettings(host: "127.0.0.1", port: server.port, security: .none,
                                                                   username: user, password: password, timeout: .seconds(60))))
        try await MailSettingsStore(database: database).put(try sending.stored(key: key, at: 0), workspaceID: desk.workspace.id,
                                                            actor: "test", now: Self.at("2026-11-23T07:00:00-06:00"))
    }

    static func at(_ text: String) -> Instant { try! ISO8601.parse(text) }

    func deliver(at text: String) async throws -> OutboxRound {
        let now = Self.at(text)
        return try await sender.deliverDue(now: { now })
    }

    /// Dana writes on Monday 23 November at `time` (Chicago); the conversation.
    func danaWrites(_ body: String = "The kitchen faucet drips all day.", id: String = "dana-1@example.org",
                    at time: String = "2026-11-23T08:00:00-06:00") async throws -> Conversation {
        var email = TestEmail()
        email.body = body
        email.messageID = id
        email.date = nil
        _ = try await desk.ingest([email], at: Self.at(time))
        return try #require(try await desk.conversations().first)
    }

    func replies(in state: OutboxState? = nil) async throws -> [OutboxEmail] {
        try await outbox.list(state: state).filter { $0.payload?.purpose == .reply }
    }
}

@Suite("Outbox: replies held for the response windows, delivered once")
struct OutboxTests {
    @Test("an acknowledgement goes out at once over SMTP, exactly once, with the server's queue id kept",
          arguments: DatabaseBackend.allCases)
    func acknowledgement(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with { server throws in
                let desk = try await OutboxDesk(database)
                try await desk.use(server)
                _ = try await desk.danaWrites()
                let round = try await desk.deliver(at: "2026-11-23T08:00:00-06:00")
                #expect(round.sent == 1)
                let again = try await desk.deliver(at: "2026-11-23T09:00:00-06:00")
                #expect(again.total == 0)
                let received = try server.received()
                try #require(received.count == 1)
                #expect(received[0].recipients == ["dana@example.org"])
                #expect(received[0].mailFrom == "office@rivera.example")
                #expect(received[0].text.contains("Auto-Submitted: auto-replied"))
                let sent = try await desk.outbox.list(state: .sent)
                #expect(sent.map(\.task.outcome) == [received[0].queueID])
            }
        }
    }

    @Test("time travel through Monday: written 09:02 leaves at 10:30; written 15:50 leaves Tuesday 10:30; urgent leaves now",
          arguments: DatabaseBackend.allCases)
    func dayOfReplies(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with { server throws in
                let desk = try await OutboxDesk(database)
                try await desk.use(server)
                let conversation = try await desk.danaWrites()
                _ = try await desk.deliver(at: "2026-11-23T08:00:00-06:00")
                let morning = try await desk.replies.write(conversationID: conversation.id, text: "I can come Tuesday at 9.",
                                                           sendNow: false, now: OutboxDesk.at("2026-11-23T09:02:00-06:00"))
                #expect(morning.state == .scheduled)
                #expect(morning.task.runAt == OutboxDesk.at("2026-11-23T10:30:00-06:00").secondsSince1970)
                #expect(morning.task.note == "next response window, 10:30 AM")
                #expect(try await desk.deliver(at: "2026-11-23T10:29:59-06:00").sent == 0)
                #expect(try await desk.deliver(at: "2026-11-23T10:30:00-06:00").sent == 1)
                let reply = try #require(try server.received().last)
                #expect(reply.text.contains("I can come Tuesday at 9."))
                #expect(reply.text.contains("In-Reply-To: <dana-1@example.org>"))
                #expect(reply.text.contains("Subject: Re: Dripping faucet"))
                #expect(!reply.text.contains("Auto-Submitted"))
                // Dated when it was handed to the server (10:30 Chicago), not when it was written (09:02).
                #expect(reply.text.contains("Date: Mon, 23 Nov 2026 16:30:00 +0000"))
                #expect(!reply.text.contains("Date: Mon, 23 Nov 2026 15:02:00 +0000"))

                let afternoon = try await desk.replies.write(conversationID: conversation.id, text: "Bring the spare washer.",
                                                             sendNow: false, now: OutboxDesk.at("2026-11-23T15:50:00-06:00"))
                #expect(afternoon.task.runAt == OutboxDesk.at("2026-11-24T10:30:00-06:00").secondsSince1970)
                #expect(afternoon.task.note == "next response window, tomorrow 10:30 AM")
                #expect(try await desk.deliver(at: "2026-11-24T08:00:00-06:00").sent == 0)

                let now = try await desk.replies.write(conversationID: conversation.id, text: "On my way.",
                                                       sendNow: true, now: OutboxDesk.at("2026-11-23T16:00:00-06:00"))
                #expect(now.task.runAt == OutboxDesk.at("2026-11-23T16:00:00-06:00").secondsSince1970)
                #expect(try await desk.deliver(at: "2026-11-23T16:00:00-06:00").sent == 1)
                #expect(try await desk.deliver(at: "2026-11-24T10:30:00-06:00").sent == 1)
                #expect(try server.received().count == 4)
            }
        }
    }

    @Test("the Friday-evening reply leaves on Monday; a reply in an urgent conversation leaves at once",
          arguments: DatabaseBackend.allCases)
    func fridayAndUrgent(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await OutboxDesk(database)
            let conversation = try await desk.danaWrites(at: "2026-11-20T14:00:00-06:00")
            let friday = try await desk.replies.write(conversationID: conversation.id, text: "Monday works.", sendNow: false,
                                                      now: OutboxDesk.at("2026-11-20T18:45:00-06:00"))
            #expect(friday.task.runAt == OutboxDesk.at("2026-11-23T10:30:00-06:00").secondsSince1970)
            #expect(friday.task.note?.hasPrefix("next response window, Monday 10:30 AM; waiting: no way to send mail") == true)
            var email = TestEmail()
            email.from = "Sam Ortiz <sam@example.org>"
            email.subject = "Water everywhere"
            email.body = "A pipe burst and the basement is flooding!"
            email.messageID = "sam-1@example.org"
            _ = try await desk.desk.ingest([email], at: OutboxDesk.at("2026-11-21T02:00:00-06:00"))
            let urgent = try #require(try await desk.desk.conversations().first { $0.subject == "Water everywhere" })
            #expect(urgent.urgent)
            let reply = try await desk.replies.write(conversationID: urgent.id, text: "Shut the main valve; I'm coming.",
                                                     sendNow: false, now: OutboxDesk.at("2026-11-21T02:05:00-06:00"))
            #expect(reply.task.runAt == OutboxDesk.at("2026-11-21T02:05:00-06:00").secondsSince1970)
            #expect(reply.task.note?.hasPrefix("urgent: goes out at once;") == true)
        }
    }

    @Test("when the customer writes again before a reply leaves, the reply is held for the owner, never sent stale",
          arguments: DatabaseBackend.allCases)
    func held(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with { server throws in
                let desk = try await OutboxDesk(database)
                try await desk.use(server)
                let conversation = try await desk.danaWrites()
                let reply = try await desk.replies.write(conversationID: conversation.id, text: "Tuesday at 9?", sendNow: false,
                                                         now: OutboxDesk.at("2026-11-23T09:02:00-06:00"))
                _ = try await desk.danaWrites("Actually it stopped dripping, never mind!", id: "dana-2@example.org",
                                              at: "2026-11-23T09:30:00-06:00")
                let held = try #require(try await desk.outbox.get(reply.task.id))
                #expect(held.state == .held)
                #expect(held.task.note?.contains("wrote again") == true)
                // The owner is asked, at once, with the reply quoted.
                _ = try await desk.deliver(at: "2026-11-23T09:30:00-06:00")
                let asked = try server.received().filter { $0.recipients == ["office@rivera.example"] }
                try #require(asked.count == 1)
                #expect(asked[0].text.contains("Subject: Held: your reply to dana@example.org (Dripping faucet)"))
                #expect(asked[0].text.contains("> Tuesday at 9?"))
                _ = try await desk.deliver(at: "2026-11-23T10:30:00-06:00")
                let toDana = { try server.received().filter { $0.recipients == ["dana@example.org"] } }
                #expect(try toDana().allSatisfy { !$0.text.contains("Tuesday at 9?") })
                // The owner decides it still fits at 10:40: Dana was promised an answer by 11:15 (her
                // follow-up did not move that), so it goes at once rather than wait past the promise.
                let released = try #require(try await desk.replies.release(reply.task.id, now: OutboxDesk.at("2026-11-23T10:40:00-06:00")))
                #expect(released.state == .scheduled)
                #expect(released.task.runAt == OutboxDesk.at("2026-11-23T10:40:00-06:00").secondsSince1970)
                #expect(released.task.note?.hasPrefix("goes out at once: the customer was promised an answer by") == true)
                #expect(try await desk.deliver(at: "2026-11-23T10:40:00-06:00").sent == 1)
                #expect(try toDana().filter { $0.text.contains("Tuesday at 9?") }.count == 1)
                // Asked once: the release does not ask again.
                #expect(try server.received().filter { $0.recipients == ["office@rivera.example"] }.count == 1)
            }
        }
    }

    @Test("several replies for one customer and one window go as one email", arguments: DatabaseBackend.allCases)
    func consolidated(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with { server throws in
                let desk = try await OutboxDesk(database)
                try await desk.use(server)
                let conversation = try await desk.danaWrites()
                _ = try await desk.deliver(at: "2026-11-23T08:00:00-06:00")
                let first = try await desk.replies.write(conversationID: conversation.id, text: "First: it is the washer.",
                                                         sendNow: false, now: OutboxDesk.at("2026-11-23T08:40:00-06:00"))
                let second = try await desk.replies.write(conversationID: conversation.id, text: "Second: I have one in the van.",
                                                          sendNow: false, now: OutboxDesk.at("2026-11-23T09:10:00-06:00"))
                #expect(second.task.id == first.task.id)
                #expect(try await desk.replies().count == 1)
                #expect(try await desk.deliver(at: "2026-11-23T10:30:00-06:00").sent == 1)
                let received = try server.received()
                #expect(received.count == 2)
                let text = try #require(received.last).text
                #expect(text.contains("First: it is the washer.") && text.contains("Second: I have one in the van."))
            }
        }
    }

    @Test("4xx is retried later with the server's words; 5xx fails with them; a lost answer is uncertain and never resent",
          arguments: DatabaseBackend.allCases)
    func answers(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await OutboxDesk(database)
            try await SMTPTestServer.with(.init(mode: "tempfail")) { server throws in
                try await desk.use(server)
                _ = try await desk.danaWrites()
                let round = try await desk.deliver(at: "2026-11-23T08:00:00-06:00")
                #expect(round.retrying == 1)
                let retrying = try #require(try await desk.outbox.list(state: .retrying).first)
                #expect(retrying.task.lastError?.contains("451") == true)
                #expect(retrying.task.runAt == OutboxDesk.at("2026-11-23T08:01:00-06:00").secondsSince1970)
            }
            try await SMTPTestServer.with(.init(mode: "reject")) { server throws in
                try await desk.use(server)
                let round = try await desk.deliver(at: "2026-11-23T08:01:00-06:00")
                #expect(round.failed == 1)
                let failed = try #require(try await desk.outbox.list(state: .failed).first)
                #expect(failed.task.lastError == "127.0.0.1 refused the message: 554 5.7.1 Message rejected: looks like spam to us")
            }
            try await SMTPTestServer.with(.init(mode: "drop-after-data")) { server throws in
                try await desk.use(server)
                let failed = try #require(try await desk.outbox.list(state: .failed).first)
                _ = try await desk.outbox.decide(failed.task.id, .retry, now: OutboxDesk.at("2026-11-23T08:02:00-06:00"))
                #expect(try await desk.deliver(at: "2026-11-23T08:02:00-06:00").uncertain == 1)
                #expect(try await desk.deliver(at: "2026-11-23T12:00:00-06:00").total == 0)
                #expect(try server.received().count == 1)
                let uncertain = try #require(try await desk.outbox.list(state: .uncertain).first)
                #expect(uncertain.task.lastError?.contains("may or may not have been accepted") == true)
            }
            try await SMTPTestServer.with { server throws in
                try await desk.use(server)
                // The owner checked with the customer: it never arrived, so it is sent again, once.
                let uncertain = try #require(try await desk.outbox.list(state: .uncertain).first)
                let settled = try await desk.outbox.decide(uncertain.task.id, .settle(arrived: false),
                                                           now: OutboxDesk.at("2026-11-23T12:00:00-06:00"))
                #expect(settled?.state == .scheduled)
                #expect(try await desk.deliver(at: "2026-11-23T12:00:00-06:00").sent == 1)
                #expect(try server.received().count == 1)
            }
        }
    }

    @Test("a sender that stopped between the final dot and the answer leaves the email uncertain for the next one",
          arguments: DatabaseBackend.allCases)
    func crashAfterDot(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with { server throws in
                let desk = try await OutboxDesk(database)
                try await desk.use(server)
                _ = try await desk.danaWrites()
                // A sender claims it and records the final dot, then is gone.
                let gone = OutboxDelivery(database: database, owner: "crashed")
                let claimed = try await gone.claim(limit: 10, lease: .minutes(5), now: OutboxDesk.at("2026-11-23T08:00:00-06:00"))
                try #require(claimed.count == 1)
                #expect(try await gone.markCommitting(claimed[0].id, now: OutboxDesk.at("2026-11-23T08:00:01-06:00")))
                // While the lease holds, nobody else touches it; once it runs out, it is uncertain, not resent.
                #expect(try await desk.deliver(at: "2026-11-23T08:04:00-06:00").total == 0)
                let round = try await desk.deliver(at: "2026-11-23T08:06:00-06:00")
                #expect(round.uncertain == 1 && round.sent == 0)
                #expect(try server.received().isEmpty)
                #expect(try await desk.outbox.get(claimed[0].id)?.state == .uncertain)
            }
        }
    }

    @Test("with no way to send mail set up, email waits visibly and goes once one is set; a wrong password is retried with why",
          arguments: DatabaseBackend.allCases)
    func setUp(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with(.init(auth: (user: "desk", password: "right"))) { server throws in
                let desk = try await OutboxDesk(database)
                _ = try await desk.danaWrites()
                #expect(try await desk.deliver(at: "2026-11-23T08:00:00-06:00").total == 0)
                let waiting = try #require(try await desk.outbox.list(state: .scheduled).first)
                #expect(waiting.task.note == "acknowledgement: goes out at once; waiting: no way to send mail is set up yet (set it in Settings → Email)")
                try await desk.use(server, user: "desk", password: "wrong")
                #expect(try await desk.deliver(at: "2026-11-23T08:05:00-06:00").retrying == 1)
                let retrying = try #require(try await desk.outbox.list(state: .retrying).first)
                #expect(retrying.task.lastError?.contains("refused the user name or password") == true)
                try await desk.use(server, user: "desk", password: "right")
                #expect(try await desk.deliver(at: "2026-11-23T08:06:00-06:00").sent == 1)
                #expect(try server.received().count == 1)
                // The password is stored sealed, not as written.
                let stored = try #require(try await MailSettingsStore(database: database).get(workspaceID: desk.desk.workspace.id))
                #expect(stored.passwordSealed?.contains("right") == false)
                #expect(try desk.key.open(try #require(stored.passwordSealed)) == "right")
                #expect(throws: ServerKey.Problem.self) { try ServerKey.random().open(stored.passwordSealed ?? "") }
            }
        }
    }

    @Test("an acknowledgement queued by an earlier version (no sender in its task) goes from its own From address",
          arguments: DatabaseBackend.allCases)
    func earlierPayload(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with { server throws in
                let desk = try await OutboxDesk(database)
                try await desk.use(server)
                _ = try await desk.danaWrites()
                let queued = try #require(try await desk.outbox.list(state: .scheduled).first)
                let messageID = try #require(queued.payload?.messageID)
                try await database.write { sql in
                    try await sql.update("tasks").set("payload", to: #"{"message_id":"\#(messageID)","purpose":"acknowledgement"}"#)
                        .where("id", .equal, queued.task.id).run()
                }
                #expect(try await desk.deliver(at: "2026-11-23T08:00:00-06:00").sent == 1)
                #expect(try server.received().map(\.mailFrom) == ["office@rivera.example"])
            }
        }
    }

    @Test("an address with no domain fails with a clear reason and nothing is sent; an empty reply is refused",
          arguments: DatabaseBackend.allCases)
    func badAddress(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with { server throws in
                let desk = try await OutboxDesk(database)
                try await desk.use(server)
                let conversation = try await desk.danaWrites()
                // Stored before addresses were checked, say: the acknowledgement is addressed to "dana".
                try await database.write { sql in
                    try await sql.update("messages").set("sender", to: "dana").where("direction", .equal, "outbound").run()
                }
                #expect(try await desk.deliver(at: "2026-11-23T08:00:00-06:00").failed == 1)
                let failed = try #require(try await desk.outbox.list(state: .failed).first)
                #expect(failed.task.lastError == "the address 'dana' is not a full email address (it needs a name, an @ and a domain)")
                #expect(try server.received().isEmpty)
                await #expect {
                    try await desk.replies.write(conversationID: conversation.id, text: "   ", sendNow: false,
                                                 now: OutboxDesk.at("2026-11-23T09:00:00-06:00"))
                } throws: { error in (error as? ReplyProblem)?.field == "text" }
                await #expect {
                    try await desk.replies.write(conversationID: "nope", text: "Hi", sendNow: false,
                                                 now: OutboxDesk.at("2026-11-23T09:00:00-06:00"))
                } throws: { error in (error as? ReplyProblem)?.code == .notFound }
            }
        }
    }
}

@Suite("Outbox: delivery through the local sendmail command")
struct SendmailTests {
    /// A sendmail-compatible command that keeps what it is given in `folder` and exits with
    /// `status` (printing `words` to standard error), as Postfix's or Exim's would.
    static func command(in folder: URL, status: Int32 = 0, words: String = "") throws -> String {
        let path = folder.appendingPathComponent("sendmail").path
        let script = """
            #!/bin/sh
            printf '%s\\n' "$@" > '\(folder.path)/arguments'
            cat > '\(folder.path)/message'
            [ -n '\(words)' ] && printf '%s\\n' '\(words)' >&2
            exit \(status)
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test("a message goes to sendmail -t -i with the envelope sender; exit 75 is retried; another exit fails with its words",
          arguments: DatabaseBackend.allCases)
    func sendmail(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-sendmail-\(NewID.make())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let desk = try await OutboxDesk(database)
            func use(_ path: String) async throws {
                try await MailSettingsStore(database: database).put(
                    try MailSending(method: .sendmail(path: path)).stored(key: desk.key, at: 0),
                    workspaceID: desk.desk.workspace.id, actor: "test", now: OutboxDesk.at("2026-11-23T07:00:00-06:00"))
            }
            try await use(try Self.command(in: folder, status: 75, words: "queue file write error"))
            _ = try await desk.danaWrites()
            #expect(try await desk.deliver(at: "2026-11-23T08:00:00-06:00").retrying == 1)
            let retrying = try #require(try await desk.outbox.list(state: .retrying).first)
            #expect(retrying.task.lastError?.contains("could not take it for now (exit 75): queue file write error") == true)

            try await use(try Self.command(in: folder))
            #expect(try await desk.deliver(at: "2026-11-23T08:01:00-06:00").sent == 1)
            let arguments = try String(contentsOf: folder.appendingPathComponent("arguments"), encoding: .utf8)
            #expect(arguments == "-t\n-i\n-f\noffice@rivera.example\n")
            let message = try String(contentsOf: folder.appendingPathComponent("message"), encoding: .utf8)
            #expect(message.contains("To: Dana Kowalski <dana@example.org>"))

            try await use(try Self.command(in: folder, status: 67, words: "dana@example.org... User unknown"))
            let conversation = try #require(try await desk.desk.conversations().first)
            _ = try await desk.replies.write(conversationID: conversation.id, text: "Hello", sendNow: true,
                                             now: OutboxDesk.at("2026-11-23T08:02:00-06:00"))
            #expect(try await desk.deliver(at: "2026-11-23T08:02:00-06:00").failed == 1)
            let failed = try #require(try await desk.outbox.list(state: .failed).first)
            #expect(failed.task.lastError?.hasSuffix("refused the message (exit 67): dana@example.org... User unknown") == true)

            try await use(folder.appendingPathComponent("missing").path)
            _ = try await desk.outbox.decide(failed.task.id, .retry, now: OutboxDesk.at("2026-11-23T08:03:00-06:00"))
            #expect(try await desk.deliver(at: "2026-11-23T08:03:00-06:00").retrying == 1)
        }
    }
}
