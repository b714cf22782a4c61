import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import Testing

/// Alerts that reach the owner's phone: a push through ntfy and an email to the owner's own
/// address, each with an "I've got it" link the customer's status page follows — and never for
/// loud mail that is not urgent by the policy.
@Suite("Alerts for urgent matters")
struct AlertTests {
    static let key = ServerKey.random()

    /// The example plumber's desk with alerts going to the owner's own address and to `ntfy`.
    static func desk(_ database: Database, ntfy: NtfyTestServer, token: String?) async throws -> TestDesk {
        let desk = try await TestDesk.intakeDesk(database)
        let destinations = AlertDestinations(database: database, workspace: desk.workspace, key: key,
                                             pushes: AlertPushSender(database: database, key: key))
        try await destinations.save(.init(email: "alex@phone.example", ntfyServer: ntfy.address, ntfyTopic: "rivera-alerts-7k2q"),
                                    token: token, actor: "test", now: TestDesk.fridayEvening)
        return desk
    }

    static let burstPipe = TestEmail(from: "Maya Ortiz <maya@example.net>", subject: "Basement",
                                     body: "My basement is flooding, burst pipe!", messageID: "maya-1@example.net")

    @Test("a first-time visitor's burst pipe reaches the owner's phone with a tap-to-open link and an I've-got-it button, and the alert email goes to the owner's own address",
          arguments: DatabaseBackend.allCases)
    func pushAndEmail(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let ntfy = try NtfyTestServer(token: "tk_rivera")
            defer { ntfy.stop() }
            let desk = try await Self.desk(database, ntfy: ntfy, token: "tk_rivera")
            let summary = try await desk.ingest([Self.burstPipe])
            #expect(summary.urgent == 1 && summary.ownerNotices == 1)
            let outcomes = try await AlertPushSender(database: database, key: Self.key)
                .deliverDue(now: { TestDesk.fridayEvening })
            #expect(outcomes == [.delivered])
            let pushes = try await ntfy.waitForPushes(1)
            try #require(pushes.count == 1)
            let push = pushes[0]
            #expect(push.topic == "rivera-alerts-7k2q")
            #expect(push.title == "Urgent: Basement (Maya Ortiz)")
            #expect(push.priority == 5)
            #expect(push.authorization == "Bearer tk_rivera")
            #expect(push.message.contains("My basement is flooding, burst pipe!"))
            let link = try #require(push.click)
            #expect(link.hasPrefix("https://desk.rivera.example/alerts/"))
            #expect(push.actions == "http, I've got it, \(link), method=POST, clear=true")

            let conversation = try #require(try await desk.conversations().first)
            let thread = try #require(try await Conversations(database: database, workspaceID: desk.workspace.id)
                .get(conversation.id))
            let mails = try thread.messages.filter { $0.direction == .outbound }.map { try MailReader.read($0.raw) }
            let alert = try #require(mails.first { $0.subject?.hasPrefix("Urgent:") == true })
            #expect(alert.to.map(\.address) == ["alex@phone.example"])
            #expect(alert.textBody.contains(link))
        }
    }

    @Test("the customer's status page says the owner was alerted and by when; after the owner's one tap, that they are on it",
          arguments: DatabaseBackend.allCases)
    func acknowledged(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let ntfy = try NtfyTestServer()
            defer { ntfy.stop() }
            let desk = try await Self.desk(database, ntfy: ntfy, token: nil)
            _ = try await desk.ingest([Self.burstPipe])
            _ = try await AlertPushSender(database: database, key: Self.key).deliverDue(now: { TestDesk.fridayEvening })
            let link = try #require(try await ntfy.waitForPushes(1).first?.click)
            let token = String(try #require(link.split(separator: "/").last))
            let conversation = try #require(try await desk.conversations().first)
            let statusToken = try #require(conversation.statusToken)
            let clock = ManualClock(TestDesk.fridayEvening + .minutes(4))
            let status = RequestStatus(database: database, clock: clock)

            #expect(try await status.view(token: statusToken)?.state
                    == "Rivera Plumbing & Heating has been alerted and will get back to you by Friday, November 20 at 5:20 PM (Chicago time).")
            let links = AlertLinks(database: database, clock: clock)
            #expect(try await links.view(token: token)?.acknowledged == nil)
            let done = try #require(try await links.acknowledge(token: token))
            #expect(done.acknowledged == "Friday, November 20 at 4:54 PM")
            #expect(try await status.view(token: statusToken)?.state
                    == "Rivera Plumbing & Heating has seen your message and is on it. You will hear back by Friday, November 20 at 5:20 PM (Chicago time).")
            // A second tap changes nothing; a link that is not one finds nothing.
            clock.advance(.minutes(5))
            #expect(try await links.acknowledge(token: token)?.acknowledged == "Friday, November 20 at 4:54 PM")
            #expect(try await links.view(token: "not-a-token") == nil)

            // The owner answers from their phone's mail app: the page tells the current truth,
            // answered, never the earlier "on it" with its promise.
            let answered = TestDesk.fridayEvening + .minutes(8)
            try await OwnerReplies(database: database, workspaceID: conversation.workspaceID)
                .record(conversationID: conversation.id, key: "<answer@phone.example>", answeredAt: answered.secondsSince1970,
                        now: answered)
            let view = try #require(try await status.view(token: statusToken))
            #expect(view.state.hasPrefix("Rivera Plumbing & Heating answered on Friday, November 20 at 4:58 PM, as promised."))
            #expect(view.events.last?.what == "Rivera Plumbing & Heating wrote to you by email")
        }
    }

    @Test("'URGENT!!! call me about my invoice' alerts nobody: no push, no alert email, no alert link",
          arguments: DatabaseBackend.allCases)
    func loudMailAlertsNobody(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let ntfy = try NtfyTestServer()
            defer { ntfy.stop() }
            let desk = try await Self.desk(database, ntfy: ntfy, token: nil)
            let summary = try await desk.ingest([TestEmail(subject: "URGENT!!!", body: "CALL ME about my invoice!!!")])
            #expect(summary.urgent == 0 && summary.ownerNotices == 0)
            #expect(try await desk.queued().map(\.kind) == ["deliver-email"])
            #expect(try await AlertPushSender(database: database, key: Self.key)
                .deliverDue(now: { TestDesk.fridayEvening }).isEmpty)
            let conversation = try #require(try await desk.conversations().first)
            #expect(try await Alerts(database: database, workspaceID: desk.workspace.id)
                .about(conversationID: conversation.id).isEmpty)
        }
    }

    @Test("a push the server refuses is retried with the reason kept, never lost; it goes once the token is right",
          arguments: DatabaseBackend.allCases)
    func refusedThenDelivered(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let ntfy = try NtfyTestServer(token: "tk_right")
            defer { ntfy.stop() }
            let desk = try await Self.desk(database, ntfy: ntfy, token: "tk_wrong")
            _ = try await desk.ingest([Self.burstPipe])
            let sender = AlertPushSender(database: database, key: Self.key)
            let first = try await sender.deliverDue(now: { TestDesk.fridayEvening })
            #expect(first == [.retrying(at: TestDesk.fridayEvening + TimeSpan(seconds: 30),
                                        reason: "127.0.0.1 refused the push (HTTP 403): check the access token")])
            let task = try #require(try await desk.queued().first { $0.kind == AlertPushes.kind })
            #expect(task.lastError == "127.0.0.1 refused the push (HTTP 403): check the access token")
            let conversation = try #require(try await desk.conversations().first)
            let owner = WorkspaceDesk(database: database, workspace: desk.workspace,
                                      clock: ManualClock(TestDesk.fridayEvening + .minutes(1)),
                                      publicBaseURL: "https://desk.rivera.example", wakeOutbox: {})
            #expect(try await owner.alertHistory(conversationID: conversation.id).lines.contains(
                "The push to your phone has not gone through (127.0.0.1 refused the push (HTTP 403): check the access token); "
                    + "it is tried again on Friday, November 20 at 4:50 PM."))

            try await AlertDestinations(database: database, workspace: desk.workspace, key: Self.key, pushes: sender)
                .save(.init(email: "alex@phone.example", ntfyServer: ntfy.address, ntfyTopic: "rivera-alerts-7k2q"),
                      token: "tk_right", actor: "test", now: TestDesk.fridayEvening)
            #expect(try await sender.deliverDue(now: { TestDesk.fridayEvening + .minutes(1) }) == [.delivered])
            #expect(try await ntfy.waitForPushes(1).count == 1)
            #expect(try await owner.alertHistory(conversationID: conversation.id).lines.contains(
                "Pushed to your phone on Friday, November 20 at 4:51 PM."))
        }
    }

    @Test("an alert nobody acknowledges in 10 minutes goes to the next person on call and the push is repeated; once acknowledged, nobody else is called",
          arguments: DatabaseBackend.allCases)
    func escalation(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let ntfy = try NtfyTestServer()
            defer { ntfy.stop() }
            let desk = try await Self.desk(database, ntfy: ntfy, token: nil)
            let pushes = AlertPushSender(database: database, key: Self.key)
            try await AlertDestinations(database: database, workspace: desk.workspace, key: Self.key, pushes: pushes)
                .save(.init(email: "alex@phone.example", ntfyServer: ntfy.address, ntfyTopic: "rivera-alerts-7k2q",
                            onCall: "sam@rivera-crew.example\njo@rivera-crew.example"),
                      token: nil, actor: "test", now: TestDesk.fridayEvening)
            _ = try await desk.ingest([Self.burstPipe])
            let start = TestDesk.fridayEvening
            let escalation = AlertEscalation(database: database, publicBaseURL: "https://desk.rivera.example")
            #expect(try await escalation.runDue(now: { start + .minutes(9) }).isEmpty)
            #expect(try await escalation.runDue(now: { start + .minutes(10) }) == [.passedOn(to: "sam@rivera-crew.example")])
            _ = try await pushes.deliverDue(now: { start + .minutes(10) })
            let repeated = try await ntfy.waitForPushes(2)
            #expect(repeated.map(\.title) == ["Urgent: Basement (Maya Ortiz)", "Still waiting: Urgent: Basement (Maya Ortiz)"])

            let conversation = try #require(try await desk.conversations().first)
            let toSam = try await Outbox(database: database, workspaceID: desk.workspace.id).list(conversationID: conversation.id)
                .filter { $0.recipient == "sam@rivera-crew.example" }
            #expect(toSam.count == 1)
            #expect(toSam.first?.subject == "Still waiting: Urgent: Basement (Maya Ortiz)")

            // Sam taps "I've got it": Jo is never called.
            let token = try #require(try await Alerts(database: database, workspaceID: desk.workspace.id)
                .about(conversationID: conversation.id).first?.token)
            _ = try await AlertLinks(database: database, clock: ManualClock(start + .minutes(12))).acknowledge(token: token)
            #expect(try await escalation.runDue(now: { start + .minutes(20) }) == [.alreadyAcknowledged])
            #expect(try await escalation.runDue(now: { start + .hours(2) }).isEmpty)
        }
    }

    @Test("an IT-support customer's 'server down' at 03:00, in the on-call shift, reaches the on-call person at once and is promised an answer within the hour",
          arguments: DatabaseBackend.allCases)
    func onCallShift(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Sources/GatehouseWeb/Resources/Examples/it-support-sydney.yml")
            // Tuesday 8 December 2026, 03:00 in Sydney: the Monday-night on-call shift (22:00–06:00).
            let night = try ISO8601.parse("2026-12-08T03:00:00+11:00")
            let workspace = try await Workspaces(database: database)
                .create(slug: "harbour", policyYAML: try String(contentsOf: examples, encoding: .utf8), actor: "test", now: night)
            _ = try await Customers(database: database, workspaceID: workspace.id)
                .create(CustomerDraft(name: "Priya Shah", planID: "business", emails: ["priya@shah-legal.example"]),
                        actor: "test", now: night)
            try await Alerts(database: database, workspaceID: workspace.id)
                .saveSettings(StoredAlertSettings(email: "oncall@harbour-it.example"), actor: "test", now: night)
            let intake = try Intake(database: database, workspace: workspace,
                                    settings: IntakeSettings(publicBaseURL: "https://desk.harbour.example"))
            let email = TestEmail(from: "Priya Shah <priya@shah-legal.example>", subject: "Server down",
                                  body: "Our file server is down and nobody can work.", messageID: "priya-1@shah-legal.example",
                                  date: "Tue, 08 Dec 2026 03:00:00 +1100")
            let summary = try await intake.ingestEmails([email.data], now: night).summary
            #expect(summary.urgent == 1 && summary.ownerNotices == 1)
            let conversation = try #require(try await Conversations(database: database, workspaceID: workspace.id)
                .list(limit: 10).items.first)
            #expect(conversation.quadrant == .doNow)
            #expect(conversation.promisedAt == night + .hours(1))
            let alert = try #require(try await Outbox(database: database, workspaceID: workspace.id)
                .list(conversationID: conversation.id).first { $0.recipient == "oncall@harbour-it.example" })
            #expect(alert.task.runAt == night.secondsSince1970, "in the on-call shift the alert goes at once")
        }
    }

    @Test("a push to a server that is down is kept and retried with the reason, never lost", arguments: DatabaseBackend.allCases)
    func serverDown(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let ntfy = try NtfyTestServer()
            let desk = try await Self.desk(database, ntfy: ntfy, token: nil)
            ntfy.stop()  // the phone's server goes away before the emergency
            _ = try await desk.ingest([Self.burstPipe])
            let sender = AlertPushSender(database: database, key: Self.key)
            let outcomes = try await sender.deliverDue(now: { TestDesk.fridayEvening })
            guard case .retrying(let at, let reason)? = outcomes.first else {
                Issue.record("expected a retry, got \(outcomes)")
                return
            }
            #expect(at == TestDesk.fridayEvening + TimeSpan(seconds: 30))
            #expect(reason.hasPrefix("no answer from 127.0.0.1"), "\(reason)")
            let task = try #require(try await desk.queued().first { $0.kind == AlertPushes.kind })
            #expect(task.state == .queued && task.attempts == 1 && task.lastError == reason)
        }
    }

    @Test("the alert email reaches the owner's own address on a real SMTP server; a 4xx is retried with the server's words, never lost",
          arguments: DatabaseBackend.allCases)
    func alertEmailOverSMTP(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let desk = try await OutboxDesk(database)
            try await Alerts(database: database, workspaceID: desk.desk.workspace.id)
                .saveSettings(StoredAlertSettings(email: "alex@phone.example"), actor: "test", now: OutboxDesk.at("2026-11-23T07:00:00-06:00"))
            try await SMTPTestServer.with(.init(mode: "tempfail")) { server throws in
                try await desk.use(server)
                _ = try await desk.desk.ingest([Self.burstPipe], at: OutboxDesk.at("2026-11-23T08:00:00-06:00"))
                _ = try await desk.deliver(at: "2026-11-23T08:00:00-06:00")
                let alert = try #require(try await desk.outbox.list(state: .retrying).first { $0.recipient == "alex@phone.example" })
                #expect(alert.task.lastError?.contains("451") == true)
            }
            try await SMTPTestServer.with { server throws in
                try await desk.use(server)
                _ = try await desk.deliver(at: "2026-11-23T08:01:00-06:00")
                let toOwner = try server.received().filter { $0.recipients == ["alex@phone.example"] }
                #expect(toOwner.count == 1)
                let text = try MailReader.read(try #require(toOwner.first).data).textBody
                #expect(text.contains("Tap when you have it, so they know help is on the way: https://desk.rivera.example/alerts/"))
            }
        }
    }

    @Test("outside the owner's urgent hours the alert waits for them to start, and the customer is told when",
          arguments: DatabaseBackend.allCases)
    func alertWaitsForUrgentHours(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let policy = try TestDesk.plumberPolicy().replacingOccurrences(of: "  hours: always\n", with: "  hours: 07:00-22:00\n")
            let workspace = try await Workspaces(database: database)
                .create(slug: "night", policyYAML: policy, actor: "test", now: TestDesk.fridayEvening)
            let intake = try Intake(database: database, workspace: workspace,
                                    settings: IntakeSettings(publicBaseURL: "https://desk.rivera.example"))
            // Friday 20 November, 23:30 in Chicago.
            let late = try ISO8601.parse("2026-11-20T23:30:00-06:00")
            var email = Self.burstPipe
            email.date = "Fri, 20 Nov 2026 23:30:00 -0600"
            _ = try await intake.ingestEmails([email.data], now: late)
            let conversation = try #require(try await Conversations(database: database, workspaceID: workspace.id)
                .list(limit: 10).items.first)
            let emails = try await Outbox(database: database, workspaceID: workspace.id).list(conversationID: conversation.id)
            let alert = try #require(emails.first { $0.subject?.hasPrefix("Urgent:") == true })
            #expect(alert.task.runAt == (try ISO8601.parse("2026-11-21T07:00:00-06:00")).secondsSince1970)
            let answer = try #require(emails.first { $0.recipient == "maya@example.net" })
            #expect(answer.task.runAt == late.secondsSince1970, "the customer hears at once")
            #expect(conversation.promisedAt == (try ISO8601.parse("2026-11-21T07:30:00-06:00")))
        }
    }

    @Test("where alerts go is checked: not the business inbox, a web address for the server, a plain topic")
    func checkedDestinations() {
        func problem(_ answers: AlertDestinations.Answers) -> String? {
            do {
                _ = try AlertDestinations.check(answers, businessEmail: "office@rivera.example")
                return nil
            } catch {
                return error.field
            }
        }
        #expect(problem(.init(email: "office@rivera.example")) == "email")
        #expect(problem(.init(email: "alex at phone")) == "email")
        #expect(problem(.init(ntfyServer: "ntfy.sh", ntfyTopic: "alerts")) == "ntfy_server")
        #expect(problem(.init(ntfyServer: "https://ntfy.sh", ntfyTopic: "my alerts!")) == "ntfy_topic")
        #expect(problem(.init(ntfyServer: "https://ntfy.sh", ntfyTopic: "")) == "ntfy_topic")
        #expect(problem(.init(email: "alex@phone.example", ntfyServer: "https://ntfy.sh", ntfyTopic: "gatehouse-7k2q")) == nil)
        #expect(problem(.init()) == nil)
    }
}
