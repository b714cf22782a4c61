import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Switching sending on: nothing leaves unseen, and nothing leaves that has become untrue")
struct WaitingMailTests {
    @Test("""
        two days without sending, then switched on: the answered customer's acknowledgement is dropped, the other is \
        written again with a fresh promise and dated when it leaves, and the reply that missed its window asks first
        """, arguments: DatabaseBackend.allCases)
    func switchOn(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with { server throws in
                let desk = try await OutboxDesk(database)
                let dana = try await desk.danaWrites()
                var ben = TestEmail()
                ben.from = "Ben Ortiz <ben@example.org>"
                ben.subject = "Water heater"
                ben.body = "Could you look at our water heater sometime next month?"
                ben.messageID = "ben-1@example.org"
                ben.date = nil
                _ = try await desk.desk.ingest([ben], at: OutboxDesk.at("2026-11-23T09:00:00-06:00"))
                _ = try await desk.replies.write(conversationID: dana.id, text: "I can come Tuesday at 9.", sendNow: false,
                                                 now: OutboxDesk.at("2026-11-23T09:02:00-06:00"))
                // No way to send is set up: nothing leaves for two days.
                #expect(try await desk.deliver(at: "2026-11-25T09:00:00-06:00").sent == 0)

                let now = OutboxDesk.at("2026-11-25T09:00:00-06:00")
                let waiting = WaitingMail(database: database, workspace: desk.desk.workspace)
                let sending = MailSending(method: .smtp(SMTPServerSettings(host: "127.0.0.1", port: server.port, security: .none)))
                let held = try await waiting.setSending(try sending.stored(key: desk.key, at: now.secondsSince1970),
                                                        actor: "test", now: now)
                #expect(held == 3)
                #expect(try await desk.deliver(at: "2026-11-25T09:00:00-06:00").sent == 0, "held for review, nothing flushed")

                let proposals = try await waiting.proposals(now: now)
                let bySubject = Dictionary(proposals.map { ("\($0.email.payload!.purpose.rawValue) \($0.email.subject ?? "")", $0.decision) },
                                           uniquingKeysWith: { first, _ in first })
                #expect(bySubject["acknowledgement Re: Dripping faucet"]?.name == "drop")
                #expect(bySubject["reply Re: Dripping faucet"]?.name == "ask")
                let rewrite = try #require(bySubject["acknowledgement Re: Water heater"])
                #expect(rewrite.reason == "its promise, by Monday, November 23 at 4:15 PM, has passed; it is written again to promise by Wednesday, November 25 at 4:15 PM")

                let applied = try await waiting.apply(now: now)
                #expect(applied == WaitingMail.Applied(sent: 0, rewritten: 1, dropped: 1, asked: 1))
                #expect(try await desk.deliver(at: "2026-11-25T09:00:00-06:00").sent == 1)
                let received = try server.received()
                try #require(received.count == 1)
                #expect(received[0].recipients == ["ben@example.org"])
                let body = try MailReader.read(Data(received[0].text.utf8)).textBody
                #expect(body.contains("you'll hear from me by Wednesday, November 25 at 4:15 PM."))
                #expect(!body.contains("November 23"), "the lapsed promise never reaches the customer")
                #expect(received[0].text.contains("Date: Wed, 25 Nov 2026 15:00:00 +0000"))
                let benConversation = try #require(try await desk.desk.conversations().first { $0.subject == "Water heater" })
                #expect(benConversation.promisedAt == OutboxDesk.at("2026-11-25T16:15:00-06:00"))
                // The ledger: the promise that never reached Ben is superseded, the fresh one is open, in the words he read.
                let ledger = try await Promises(database: database, workspaceID: desk.desk.workspace.id)
                    .history(conversationID: benConversation.id)
                #expect(ledger.map(\.outcome) == [.superseded, .open])
                #expect(ledger.last?.due == OutboxDesk.at("2026-11-25T16:15:00-06:00"))
                #expect(ledger.last?.words?.contains("Wednesday, November 25 at 4:15 PM") == true)
                let reply = try #require(try await desk.replies(in: .held).first)
                #expect(reply.task.note?.hasPrefix("held for you: your reply was due to leave Monday, November 23 at 10:30 AM") == true)
            }
        }
    }

    @Test("""
        the mail server down for over an hour: when it comes back, the acknowledgement that kept failing waits for the \
        owner's review instead of leaving unseen, and goes once the owner has seen it
        """, arguments: DatabaseBackend.allCases)
    func backAfterLongFailure(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await SMTPTestServer.with { server throws in
                let desk = try await OutboxDesk(database)
                // Sending set up, but the server is not there: nothing listens on port 1.
                let down = MailSending(method: .smtp(SMTPServerSettings(host: "127.0.0.1", port: 1, security: .none)))
                try await MailSettingsStore(database: database).put(try down.stored(key: desk.key, at: 0), workspaceID: desk.desk.workspace.id,
                                                                    actor: "test", now: OutboxDesk.at("2026-11-23T07:00:00-06:00"))
                _ = try await desk.danaWrites(at: "2026-11-23T08:00:00-06:00")
                for time in ["08:00:00", "08:01:00", "08:06:00", "08:21:00"] {
                    #expect(try await desk.deliver(at: "2026-11-23T\(time)-06:00").retrying == 1, "still failing at \(time)")
                }
                // The server comes back; the next try is after more than an hour of failures.
                try await desk.use(server)
                let back = try await desk.deliver(at: "2026-11-23T09:21:00-06:00")
                #expect(back.sent == 0)
                #expect(back.held == 1)
                #expect(try server.received().isEmpty, "nothing left unseen")

                let now = OutboxDesk.at("2026-11-23T09:21:00-06:00")
                let waiting = WaitingMail(database: database, workspace: desk.desk.workspace)
                let proposals = try await waiting.proposals(now: now)
                try #require(proposals.count == 1)
                #expect(proposals[0].email.task.note == "waiting for your review: the mail server could not take it for 1 hour 21 minutes")
                #expect(proposals[0].decision.name == "send", "its promise still holds: \(proposals[0].decision.reason)")
                #expect(try await waiting.apply(now: now) == WaitingMail.Applied(sent: 1))
                #expect(try await desk.deliver(at: "2026-11-23T09:21:00-06:00").sent == 1, "the owner's go-ahead is not held again")
                #expect(try server.received().count == 1)
            }
        }
    }

    @Test("an email whose time came while the desk was not running waits for review; one a few minutes late goes")
    func lateness() {
        let due = OutboxDesk.at("2026-11-23T10:30:00-06:00")
        #expect(LateMail.reason(dueAt: due, failingFor: .minutes(21), now: due + .minutes(5)) == nil)
        #expect(LateMail.reason(dueAt: due, failingFor: .minutes(0), now: due + TimeSpan(seconds: 7_220))
                == "waiting for your review: it was due 2 hours ago and the desk could not send it then")
        #expect(LateMail.reason(dueAt: due, failingFor: .minutes(81), now: due)
                == "waiting for your review: the mail server could not take it for 1 hour 21 minutes")
    }

    @Test("an alert older than an hour is dropped; a recent one and an acknowledgement whose promise still holds are sent; a booking email waits for the owner only when it is more than half a day old")
    func decisions() throws {
        let calendar = BusinessCalendar(policy: try Policy.read(yaml: TestPolicies.plumber))
        let now = OutboxDesk.at("2026-11-25T09:00:00-06:00")
        let old = WaitingMailReview.Facts(purpose: .ownerAlert, written: now - .hours(3), dueToLeave: now - .hours(3))
        #expect(WaitingMailReview.decide(old, now: now, calendar: calendar).name == "drop")
        let recent = WaitingMailReview.Facts(purpose: .ownerAlert, written: now - .minutes(20), dueToLeave: now - .minutes(20))
        #expect(WaitingMailReview.decide(recent, now: now, calendar: calendar).name == "send")
        let holds = WaitingMailReview.Facts(purpose: .acknowledgement, written: now - .hours(1), dueToLeave: now - .hours(1),
                                            text: "by Wednesday 2026-11-25 11:15", promised: now + .hours(2))
        #expect(WaitingMailReview.decide(holds, now: now, calendar: calendar)
                == .send(reason: "its promise, by Wednesday, November 25 at 11:00 AM, still holds"))
        // A booking's email is news for half a day; older, the owner checks the booking still stands first.
        let booking = WaitingMailReview.Facts(purpose: .booking, written: now - .hours(2), dueToLeave: now - .hours(2))
        #expect(WaitingMailReview.decide(booking, now: now, calendar: calendar).name == "send")
        let stale = WaitingMailReview.Facts(purpose: .booking, written: now - .hours(13), dueToLeave: now - .hours(13))
        #expect(WaitingMailReview.decide(stale, now: now, calendar: calendar).name == "ask")
    }
}
