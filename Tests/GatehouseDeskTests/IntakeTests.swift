import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import SQLKit
import Testing

/// An email as a mail client would send it, for intake tests.
struct TestEmail {
    var from = "Dana Kowalski <dana@example.org>"
    var to = "Rivera Plumbing & Heating <office@rivera.example>"
    var subject = "Dripping faucet"
    var body = "Hi, the kitchen faucet drips all day. Could you have a look next week?\n\nDana"
    var messageID: String? = "dana-1@example.org"
    var date: String? = "Fri, 20 Nov 2026 16:50:00 -0600"
    var inReplyTo: String?
    var references: [String] = []
    var extraHeaders: [String] = []

    var data: Data {
        var lines = ["From: \(from)", "To: \(to)", "Subject: \(subject)"]
        if let date { lines.append("Date: \(date)") }
        if let messageID { lines.append("Message-ID: <\(messageID)>") }
        if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
        if !references.isEmpty { lines.append("References: " + references.map { "<\($0)>" }.joined(separator: " ")) }
        lines += extraHeaders
        lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body]
        return Data(lines.joined(separator: "\r\n").utf8)
    }
}

/// Intake as the tests drive it: emails handed in at a moment (Friday evening unless said).
extension TestDesk {
    static func intakeDesk(_ database: Database) async throws -> TestDesk {
        try await TestDesk.make(database, at: TestDesk.fridayEvening)
    }

    func ingest(_ emails: [TestEmail], at now: Instant = TestDesk.fridayEvening) async throws -> IntakeSummary {
        try await intake.ingestEmails(emails.map(\.data), now: now).summary
    }
}

@Suite("Intake")
struct IntakeTests {
    @Test("a new customer's email is stored, tied to a new prospect, judged, and acknowledged at once with an honest promise",
          arguments: DatabaseBackend.allCases)
    func firstMessage(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            let summary = try await desk.ingest([TestEmail()])
            #expect(summary.stored == 1 && summary.filed == 1 && summary.acknowledged == 1 && summary.urgent == 0)

            let conversations = try await desk.conversations()
            try #require(conversations.count == 1)
            let conversation = conversations[0]
            #expect(conversation.subject == "Dripping faucet")
            #expect(!conversation.urgent)
            #expect(conversation.scope == .inScope)
            // Friday 16:50 after closing; Standard promises one business day; with a 2-hour reply delay the
            // first window is Monday 10:30–11:15, well within the promise.
            let monday1115 = try ISO8601.parse("2026-11-23T11:15:00-06:00")
            #expect(conversation.promisedAt == monday1115)

            let customers = try await Customers(database: database, workspaceID: desk.workspace.id).list().items
            #expect(customers.map(\.name) == ["Dana Kowalski"])
            #expect(customers.first?.kind == .prospect)
            #expect(customers.first?.emails == ["dana@example.org"])

            let thread = try #require(try await Conversations(database: database, workspaceID: desk.workspace.id)
                .get(conversation.id))
            #expect(thread.messages.map(\.direction) == [.inbound, .outbound])
            let acknowledgement = try MailReader.read(thread.messages[1].raw)
            #expect(acknowledgement.automatic != nil)
            #expect(acknowledgement.header("Auto-Submitted") == "auto-replied")
            #expect(acknowledgement.inReplyTo == ["dana-1@example.org"])
            #expect(acknowledgement.to.map(\.address) == ["dana@example.org"])
            #expect(acknowledgement.subject == "Re: Dripping faucet")
            #expect(acknowledgement.textBody.contains("Hi Dana, thanks for your message"))
            #expect(acknowledgement.textBody.contains("you'll hear from me by Monday, November 23 at 11:15 AM"))
            #expect(acknowledgement.textBody.contains("https://desk.rivera.example/status/\(conversation.statusToken ?? "-")"))

            let tasks = try await desk.queued()
            #expect(tasks.map(\.kind) == ["deliver-email"])
            #expect(tasks.first?.payload.contains(thread.messages[1].id) == true)
        }
    }

    @Test("a message that only reuses a known Message-ID is not a second delivery: a forged one arriving first does not suppress the genuine message, whose relayed copy is still recognised",
          arguments: DatabaseBackend.allCases)
    func reusedMessageID(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            var forged = TestEmail(messageID: "dana-1@example.org")
            forged.from = "Mallory <mallory@example.net>"
            forged.subject = "Dripping faucet"
            forged.body = "Never mind, it is fixed."
            #expect(try await desk.ingest([forged]).stored == 1)
            // Dana's own message, with the same Message-ID, arrives afterwards: stored and filed as hers.
            let genuine = try await desk.ingest([TestEmail()])
            #expect(genuine.stored == 1 && genuine.duplicates == 0 && genuine.filed == 1 && genuine.acknowledged == 1)
            #expect(try await desk.inboundMessages().contains { $0.sender == "dana@example.org" })
            // The owner is told, on the later message, that its Message-ID was not its own alone.
            struct Noted: Decodable { var sender: String?; var problems: String? }
            let noted = try await database.read { sql in
                try await sql.select().columns("sender", "problems").from("messages").where("direction", .equal, "inbound")
                    .all(decoding: Noted.self)
            }
            #expect(noted.first { $0.sender == "dana@example.org" }?.problems?
                .contains("An earlier, different message has the same Message-ID (<dana-1@example.org>)") == true)
            #expect(noted.first { $0.sender == "mallory@example.net" }?.problems == nil)
            // The same message again through a backup MX (a Received line more, CRLF turned into LF): a duplicate.
            var relayed = TestEmail()
            relayed.extraHeaders = ["Received: from backup-mx.example.org by mx.rivera.example"]
            let lf = Data(String(decoding: relayed.data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
            let again = try await desk.intake.ingestEmails([relayed.data, lf], now: TestDesk.fridayEvening).summary
            #expect(again.duplicates == 2 && again.stored == 0)
            // A message stored before delivery keys existed keeps the old rule: its Message-ID decides.
            try await database.write { sql in
                try await sql.update("messages").set("delivery_key", to: SQLLiteral.null).run()
            }
            var later = TestEmail(messageID: "dana-1@example.org")
            later.body = "Another text under the same id."
            #expect(try await desk.ingest([later]).duplicates == 1)
        }
    }

    @Test("a second delivery of the same message, by Message-ID or by the same bytes, is recognised and not processed again",
          arguments: DatabaseBackend.allCases)
    func duplicates(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            var relayed = TestEmail()
            relayed.extraHeaders = ["Received: from backup-mx.example.org by mx.rivera.example"]
            var noID = TestEmail(subject: "Quote for a radiator", messageID: nil)
            noID.body = "How much is a new radiator?"
            let first = try await desk.ingest([TestEmail(), noID])
            #expect(first.stored == 2 && first.filed == 2)
            let again = try await desk.ingest([TestEmail(), relayed, noID])
            #expect(again.duplicates == 3 && again.stored == 0 && again.filed == 0)
            // Within one batch as well.
            let batch = try await desk.intake.ingestEmails([TestEmail(messageID: "x@y").data, TestEmail(messageID: "x@y").data],
                                                           now: TestDesk.fridayEvening)
            #expect(batch.summary.stored == 1 && batch.summary.duplicates == 1)
            // Dana's three distinct messages, written before any answer, fold into one conversation.
            let conversations = try await desk.conversations()
            try #require(conversations.count == 1)
            let thread = try #require(try await Conversations(database: database, workspaceID: desk.workspace.id)
                .get(conversations[0].id))
            #expect(thread.messages.filter { $0.direction == .inbound }.count == 3)
        }
    }

    @Test("a message received but not filed before a crash is filed after restart, exactly once",
          arguments: DatabaseBackend.allCases)
    func resumeAfterCrash(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            // The raw message is committed; then the process dies before filing.
            let data = TestEmail().data
            _ = try await Inbox(database: database, workspaceID: desk.workspace.id)
                .receive([Arrival(raw: data, channel: "email", headerMessageID: "dana-1@example.org",
                                  contentHash: "test-hash", sender: "dana@example.org", subject: "Dripping faucet")],
                         now: TestDesk.fridayEvening)
            #expect(try await desk.conversations().isEmpty)
            // A restarted desk (two of them, even) finds it waiting and files it once.
            let restarted = try Intake(database: database, workspace: desk.workspace)
            async let one = restarted.fileWaiting(now: TestDesk.fridayEvening)
            async let two = desk.intake.fileWaiting(now: TestDesk.fridayEvening)
            let filed = try await one.filed + two.filed
            #expect(filed == 1)
            #expect(try await desk.conversations().count == 1)
            #expect(try await desk.queued().count == 1)
            #expect(try await desk.intake.fileWaiting(now: TestDesk.fridayEvening).filed == 0)
        }
    }

    @Test("what cannot be read at all is kept in quarantine with the reason, visible to the owner",
          arguments: DatabaseBackend.allCases)
    func quarantine(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            let junk = Data([0x00, 0xff, 0x13, 0x37] + Array(repeating: 0x00, count: 64))
            let noSender = Data("Subject: hello\r\n\r\nWho am I?".utf8)
            let result = try await desk.intake.ingestEmails([junk, noSender], now: TestDesk.fridayEvening)
            #expect(result.summary.quarantined == 2 && result.summary.filed == 0)
            let kept = try await Inbox(database: database, workspaceID: desk.workspace.id).quarantined()
            #expect(kept.count == 2)
            #expect(Set(kept.map(\.rawSize)) == [Int64(junk.count), Int64(noSender.count)])
            #expect(kept.allSatisfy { !$0.reason.isEmpty })
            #expect(kept.contains { $0.reason.contains("no sender address") })
            // The bytes themselves are kept exactly.
            var raws = Set<Data>()
            for message in kept {
                raws.insert(try #require(try await Conversations(database: database, workspaceID: desk.workspace.id)
                    .message(message.id)).raw)
            }
            #expect(raws == [junk, noSender])
            #expect(try await desk.intake.fileWaiting(now: TestDesk.fridayEvening).filed == 0)
        }
    }

    @Test("no acknowledgement to automatic mail, to Gatehouse's own messages, to old mail, or twice in 12 hours",
          arguments: DatabaseBackend.allCases)
    func loopSafety(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            let outOfOffice = TestEmail(from: "sam@example.net", subject: "Out of office", messageID: "ooo@example.net",
                                        extraHeaders: ["Auto-Submitted: auto-replied"])
            let list = TestEmail(from: "news@list.example", subject: "Weekly digest", messageID: "digest@list.example",
                                 extraHeaders: ["List-Id: <plumbers.list.example>", "Precedence: list"])
            let bounce = TestEmail(from: "MAILER-DAEMON@mx.example.com", subject: "Undelivered Mail", messageID: "b@mx")
            let ownComingBack = TestEmail(from: "lee@example.com", subject: "Re: Dripping faucet",
                                          messageID: "gatehouse.abc123@rivera.example")
            let old = TestEmail(from: "old@example.com", subject: "Boiler", messageID: "old@example.com",
                                date: "Mon, 02 Mar 2026 09:00:00 -0600")
            var summary = try await desk.ingest([outOfOffice, list, bounce, ownComingBack, old])
            #expect(summary.filed == 5)
            #expect(summary.acknowledged == 0)
            #expect(try await desk.queued().isEmpty)

            // A person's first message is acknowledged; their second, an hour later, is not; after 12 hours again.
            summary = try await desk.ingest([TestEmail()])
            #expect(summary.acknowledged == 1)
            summary = try await desk.ingest([TestEmail(subject: "Also the bathroom tap", messageID: "dana-2@example.org",
                                                       date: "Fri, 20 Nov 2026 17:50:00 -0600")],
                                            at: TestDesk.fridayEvening + .hours(1))
            #expect(summary.filed == 1 && summary.acknowledged == 0)
            summary = try await desk.ingest([TestEmail(subject: "One more thing", messageID: "dana-3@example.org",
                                                       date: "Sat, 21 Nov 2026 05:10:00 -0600")],
                                            at: TestDesk.fridayEvening + .hours(12) + .minutes(20))
            #expect(summary.acknowledged == 1)
        }
    }

    @Test("a care-plan customer writing 'the pipe burst and the basement is flooding' is urgent: the owner is alerted and the customer told",
          arguments: DatabaseBackend.allCases)
    func urgentCareCustomer(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            _ = try await Customers(database: database, workspaceID: desk.workspace.id)
                .create(CustomerDraft(name: "Maria Lopez", planID: "care", emails: ["maria@example.com"]),
                        actor: "test", now: TestDesk.fridayEvening)
            let sunday = try ISO8601.parse("2026-11-22T07:12:00-06:00")
            let summary = try await desk.ingest([TestEmail(from: "Maria Lopez <Maria@Example.com>", subject: "HELP",
                                                           body: "The pipe burst and the basement is flooding!",
                                                           messageID: "maria-1@example.com",
                                                           date: "Sun, 22 Nov 2026 07:12:00 -0600")], at: sunday)
            #expect(summary.urgent == 1 && summary.acknowledged == 1)
            let conversation = try #require(try await desk.conversations().first)
            #expect(conversation.urgent)
            #expect(conversation.quadrant == .doNow)
            #expect(conversation.reasons.contains { $0.contains("Care plan includes urgent access") })
            let thread = try #require(try await Conversations(database: database, workspaceID: desk.workspace.id)
                .get(conversation.id))
            let outbound = try thread.messages.filter { $0.direction == .outbound }.map { try MailReader.read($0.raw) }
            #expect(Set(outbound.flatMap { $0.to.map(\.address) }) == ["maria@example.com", "office@rivera.example"])
            let toCustomer = try #require(outbound.first { $0.to.first?.address == "maria@example.com" })
            #expect(toCustomer.textBody.contains("I can see this is urgent"))
            #expect(toCustomer.textBody.contains("call +1 312 555 0142"))
            // The owner's alert is the policy's owner_alert template: the reasons, who wrote, and their words.
            let alert = try #require(outbound.first { $0.to.first?.address == "office@rivera.example" })
            #expect(alert.subject == "Urgent: HELP (Maria Lopez)")
            #expect(alert.textBody.hasPrefix("Urgent by your policy:\n\n"))
            #expect(alert.textBody.contains("From Maria Lopez <maria@example.com>:\n\nThe pipe burst and the basement is flooding!"))
            // Two emails, and the check that someone acknowledged the alert.
            #expect(try await desk.queued().map(\.kind).sorted() == ["deliver-email", "deliver-email", "escalate-alert"])
            // Her mail robot answering with the same words pages no one.
            let robot = try await desk.ingest([TestEmail(from: "maria@example.com", subject: "Auto: HELP",
                                                         body: "I am away. Re: the pipe burst and the basement is flooding",
                                                         messageID: "maria-ooo@example.com",
                                                         date: "Sun, 22 Nov 2026 07:13:00 -0600",
                                                         extraHeaders: ["Auto-Submitted: auto-replied"])],
                                              at: sunday + .minutes(1))
            #expect(robot.filed == 1 && robot.acknowledged == 0)
            #expect(try await desk.queued().count == 3)
        }
    }

    @Test("'URGENT!!! call me' from a standard customer with no urgent sign is not urgent, and loudness is not a reason",
          arguments: DatabaseBackend.allCases)
    func loudButNotUrgent(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            let summary = try await desk.ingest([TestEmail(subject: "URGENT!!!", body: "URGENT!!! call me about the faucet")])
            #expect(summary.urgent == 0)
            let conversation = try #require(try await desk.conversations().first)
            #expect(!conversation.urgent)
            #expect(conversation.quadrant != .doNow)
        }
    }

    @Test("a leak reported by a first-time customer is urgent by the policy: the owner is alerted and she is offered the $180 emergency call-out, never told about a plan",
          arguments: DatabaseBackend.allCases)
    func urgentWithoutAccess(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            let summary = try await desk.ingest([TestEmail(subject: "Water under the sink",
                                                           body: "There's a leak under the kitchen sink.")])
            #expect(summary.urgent == 1)
            #expect(summary.ownerNotices == 1)
            let conversation = try #require(try await desk.conversations().first)
            #expect(conversation.quadrant == .doNow)
            let thread = try #require(try await Conversations(database: database, workspaceID: desk.workspace.id)
                .get(conversation.id))
            let outbound = thread.messages.filter { $0.direction == .outbound }
            #expect(outbound.count == 2)
            let texts = try outbound.map { try MailReader.read($0.raw).textBody }
            let offer = try #require(texts.first { $0.contains("emergency call-out") })
            #expect(offer.contains("which is $180 per visit"))
            #expect(!offer.lowercased().contains("plan"))
            #expect(texts.contains { $0.contains("Urgent") || $0.contains("urgent") })
        }
    }

    @Test("a question about gutters is out of scope: the customer is told the owner will follow up, naming the partner",
          arguments: DatabaseBackend.allCases)
    func outOfScope(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            _ = try await desk.ingest([TestEmail(subject: "Gutters", body: "Can you clean the gutters on our house?")])
            let conversation = try #require(try await desk.conversations().first)
            #expect(conversation.scope == .outOfScope)
            let thread = try #require(try await Conversations(database: database, workspaceID: desk.workspace.id)
                .get(conversation.id))
            let text = try MailReader.read(try #require(thread.messages.last).raw).textBody
            #expect(text.contains("Lakeside Roofing"))
            #expect(text.contains("come back to you with options"))
        }
    }

    @Test("an owner who words the out-of-scope note and the status line has the acknowledgement say it their way",
          arguments: DatabaseBackend.allCases)
    func outOfScopeInOwnWords(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let yaml = try TestDesk.plumberPolicy().replacingOccurrences(of: "\ntemplates:\n", with: """

                templates:
                  scope_referral: |
                    {{scope.term}} {{scope.is}} a job for {{referral.name}}, not me: they're at
                    {{referral.contact}} and I'd trust them with my own house.
                  status_link: "Follow along here, {{customer.first_name}}: {{request.link}}"

                """)
            let workspace = try await Workspaces(database: database)
                .create(slug: "own-scope-words", policyYAML: yaml, actor: "test", now: TestDesk.fridayEvening)
            let intake = try Intake(database: database, workspace: workspace,
                                    settings: IntakeSettings(publicBaseURL: "https://desk.rivera.example"))
            let outcome = try await intake.ingest(PlainMessage(channel: .webForm, senderName: "Olga Berg", email: "olga@example.net",
                                                               subject: "Gutters", text: "Can you clean the gutters on our house?"),
                                                  now: TestDesk.fridayEvening)
            let mail = try #require(outcome.filing?.decision.outbound.first { $0.purpose == .acknowledgement })
            let body = mail.textBody
            #expect(body.contains("Gutters are a job for Lakeside Roofing, not me: they're at hello@lakeside.example and "
                                  + "I'd trust them with my own house."), "\(body)")
            #expect(body.contains("Follow along here, Olga: https://desk.rivera.example/status/"), "\(body)")
            #expect(!body.contains("You can see where your request stands"))
            #expect(body.hasSuffix("\n\nAlex Rivera\nRivera Plumbing & Heating\n"), "\(body)")
        }
    }

    @Test("a text message to a business that does not accept texts is kept, and the sender is told kindly where to write",
          arguments: DatabaseBackend.allCases)
    func textMessageRedirect(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            let text = PlainMessage(channel: .sms, phone: "+1 (312) 555-0199", text: "Can you fix a running toilet this week?",
                                    externalID: "SM123")
            let outcome = try await desk.intake.ingest(text, now: TestDesk.fridayEvening)
            let filing = try #require(outcome.filing)
            #expect(filing.decision.acknowledgementText?.contains("Please email office@rivera.example") == true)
            // Text messages are answered in the webhook's reply, not by email.
            #expect(filing.decision.outbound.isEmpty)
            let customer = try #require(try await Customers(database: database, workspaceID: desk.workspace.id).get(filing.customerID))
            #expect(customer.phones == ["+13125550199"])
            let conversation = try #require(try await desk.conversations().first)
            #expect(conversation.channel == .sms)
            #expect(conversation.subject == "Can you fix a running toilet this week?")
            // The provider retries the webhook: the same message is not taken twice.
            let retried = try await desk.intake.ingest(text, now: TestDesk.fridayEvening + .minutes(1))
            #expect(retried.filing == nil)
            if case .duplicate = retried.receipt {} else { Issue.record("expected a duplicate, got \(retried.receipt)") }
        }
    }

    @Test("the contact form is acknowledged by email; a phone call the owner notes down is triaged but not acknowledged",
          arguments: DatabaseBackend.allCases)
    func contactFormAndPhoneNote(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await TestDesk.intakeDesk(database)
            let form = PlainMessage(channel: .webForm, senderName: "Olga Berg", email: "Olga@Example.net",
                                    subject: "New radiator", text: "We'd like a radiator in the attic.")
            let formOutcome = try await desk.intake.ingest(form, now: TestDesk.fridayEvening)
            #expect(formOutcome.filing?.decision.outbound.map(\.recipient) == ["olga@example.net"])
            let note = PlainMessage(channel: .phone, senderName: "Ben Okafor", phone: "312 555 0100",
                                    text: "Called: burst pipe in the garage, water everywhere", acknowledge: false)
            let noteOutcome = try await desk.intake.ingest(note, now: TestDesk.fridayEvening)
            let filing = try #require(noteOutcome.filing)
            #expect(filing.decision.urgent)
            #expect(filing.decision.acknowledgementText == nil)
            #expect(filing.decision.outbound.allSatisfy { $0.purpose == .ownerAlert } )
        }
    }

    @Test("the owner's alert is written in the owner's own words when the policy has an owner_alert template",
          arguments: DatabaseBackend.allCases)
    func ownerAlertTemplate(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let yaml = try TestDesk.plumberPolicy().replacingOccurrences(of: "\ntemplates:\n", with: """

                templates:
                  owner_alert: |
                    {{customer.name}} needs you now ({{customer.contact}}): {{message.text}}
                    Why: {{alert.reasons}}
                    Status page: {{request.link}}

                """)
            let workspace = try await Workspaces(database: database)
                .create(slug: "own-words", policyYAML: yaml, actor: "test", now: TestDesk.fridayEvening)
            let intake = try Intake(database: database, workspace: workspace,
                                    settings: IntakeSettings(publicBaseURL: "https://desk.rivera.example"))
            _ = try await Customers(database: database, workspaceID: workspace.id)
                .create(CustomerDraft(name: "Maria Lopez", planID: "care", emails: ["maria@example.com"]),
                        actor: "test", now: TestDesk.fridayEvening)
            let outcome = try await intake.ingest(PlainMessage(channel: .webForm, senderName: "Maria Lopez", email: "maria@example.com",
                                                               subject: "Basement", text: "Burst pipe, water everywhere"),
                                                  now: TestDesk.fridayEvening)
            let alert = try #require(outcome.filing?.decision.outbound.first { $0.purpose == .ownerAlert })
            #expect(alert.textBody.hasPrefix("Maria Lopez needs you now (maria@example.com): Burst pipe, water everywhere\nWhy: "))
            #expect(alert.textBody.contains("Status page: https://desk.rivera.example/status/"))
        }
    }
}
