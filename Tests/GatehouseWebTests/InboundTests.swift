import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Inbound: email and text messages with an ingest token")
struct InboundTests {
    @Test("an email posted with the ingest token is stored and filed; an API token or no token gets 401",
          arguments: DatabaseBackend.allCases)
    func email(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let stored = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: rawEmail())
                #expect(stored.status == .accepted)
                let receipt = try json(stored.body)
                #expect(receipt["status"] as? String == "stored")
                let messageID = try #require(receipt["message_id"] as? String)

                var apiHeaders = desk.ingest
                apiHeaders[.authorization] = "Bearer \(desk.apiToken)"
                let withAPIToken = try await client.execute(uri: "/inbound/email", method: .post, headers: apiHeaders,
                                                            body: rawEmail(messageID: "other@example.org"))
                #expect(withAPIToken.status == .unauthorized)
                #expect(try errorField(withAPIToken.body).code == "wrong_token_scope")
                #expect(try errorField(withAPIToken.body).message?.contains("ingest token") == true)

                let withoutToken = try await client.execute(uri: "/inbound/email", method: .post,
                                                            headers: [.contentType: "message/rfc822"],
                                                            body: rawEmail(messageID: "other@example.org"))
                #expect(withoutToken.status == .unauthorized)
                #expect(withoutToken.headers[.contentType] == "application/json; charset=utf-8")

                // A relay that cannot set headers puts the token in the query.
                let byQuery = try await client.execute(uri: "/inbound/email?token=\(desk.ingestToken)", method: .post,
                                                       body: rawEmail(from: "Sam Lee <sam@example.org>", subject: "Water heater",
                                                                      messageID: "sam-1@example.org"))
                #expect(byQuery.status == .accepted)
                #expect(try json(byQuery.body)["status"] as? String == "stored")

                // The ingest token reads nothing.
                var ingestOnAPI = desk.api
                ingestOnAPI[.authorization] = "Bearer \(desk.ingestToken)"
                let reading = try await client.execute(uri: "/api/v1/conversations", method: .get, headers: ingestOnAPI)
                #expect(reading.status == .unauthorized)
                #expect(try errorField(reading.body).code == "wrong_token_scope")

                let message = try await client.execute(uri: "/api/v1/messages/\(messageID)", method: .get, headers: desk.api)
                #expect(message.status == .ok)
                #expect(try json(message.body)["subject"] as? String == "Dripping faucet")
            }
            let conversations = try await desk.conversations()
            #expect(Set(conversations.map(\.subject)) == ["Dripping faucet", "Water heater"])
        }
    }

    @Test("a second delivery is reported as a duplicate of the first; a message over 25 MiB gets 413",
          arguments: DatabaseBackend.allCases)
    func duplicateAndTooLarge(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let first = try json(try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest,
                                                              body: rawEmail()).body)
                let again = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: rawEmail())
                #expect(again.status == .accepted)
                let second = try json(again.body)
                #expect(second["status"] as? String == "duplicate")
                #expect(second["message_id"] as? String == first["message_id"] as? String)

                var huge = rawEmail(messageID: "huge@example.org")
                huge.writeRepeatingByte(UInt8(ascii: "a"), count: 25 * 1024 * 1024)
                let tooLarge = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: huge)
                #expect(tooLarge.status == .contentTooLarge)
                #expect(try errorField(tooLarge.body).code == "too_large")
            }
            #expect(try await desk.conversations().count == 1)
        }
    }

    @Test("a text message is answered in TwiML with the policy's redirect; a retried MessageSid is not stored twice",
          arguments: DatabaseBackend.allCases)
    func sms(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let uri = "/inbound/sms?token=\(desk.ingestToken)"
                let fields = [("From", "+13125550199"), ("To", "+13125550142"), ("Body", "Can you fix a running toilet?"),
                              ("MessageSid", "SM0123456789abcdef")]
                let reply = try await client.execute(uri: uri, method: .post, headers: formHeaders, body: form(fields))
                #expect(reply.status == .ok)
                #expect(reply.headers[.contentType] == "text/xml; charset=utf-8")
                let twiml = String(buffer: reply.body)
                #expect(twiml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>"))
                #expect(twiml.hasSuffix("</Message></Response>"))
                #expect(twiml.contains("Please email office@rivera.example; for emergencies call +1 312 555 0142."))

                // Twilio retries when it did not hear back in time: same MessageSid, a moment later.
                let retry = try await client.execute(uri: uri, method: .post, headers: formHeaders, body: form(fields))
                #expect(retry.status == .ok)
                #expect(String(buffer: retry.body) == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>")

                let noFrom = try await client.execute(uri: uri, method: .post, headers: formHeaders,
                                                      body: form([("Body", "hello"), ("MessageSid", "SM2")]))
                #expect(noFrom.status == .badRequest)
                #expect(try errorField(noFrom.body).field == "From")
                let noBody = try await client.execute(uri: uri, method: .post, headers: formHeaders,
                                                      body: form([("From", "+13125550199"), ("MessageSid", "SM3")]))
                #expect(noBody.status == .badRequest)
                #expect(try errorField(noBody.body).field == "Body")
            }
            let conversations = try await desk.conversations()
            try #require(conversations.count == 1)
            #expect(conversations[0].channel == .sms)
            let thread = try #require(try await Conversations(database: database, workspaceID: desk.workspace.id)
                .get(conversations[0].id))
            #expect(thread.messages.filter { $0.direction == .inbound }.count == 1)
        }
    }

    @Test("with the provider's auth token set, a text message is taken only when signed for the desk's address and its fields",
          arguments: DatabaseBackend.allCases)
    func signedSMS(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let key = ServerKey.random()
            let service = Desk(database: database, clock: FixedClock(instant: start), intake: IntakeSettings(publicBaseURL: TestDesk.publicURL),
                               serverKey: key)
            try await service.workspaceDesk(for: desk.workspace).smsSignatures(key: key).setAuthToken("twilio-auth-token", actor: "test")
            let app = try await buildApplication(configuration: DeskConfiguration(host: "127.0.0.1", port: 0),
                                                 environment: DeskEnvironment(desk: service))
            try await app.test(.router) { client in
                let uri = "/inbound/sms?token=\(desk.ingestToken)"
                let fields = [("From", "+13125550199"), ("To", "+13125550142"), ("Body", "Is Tuesday fine?"), ("MessageSid", "SM42")]
                let signature = SMSSignatures.signature(url: TestDesk.publicURL + uri, fields: fields.map { (name: $0.0, value: $0.1) },
                                                        authToken: "twilio-auth-token")
                let unsigned = try await client.execute(uri: uri, method: .post, headers: formHeaders, body: form(fields))
                let refusal = try errorField(unsigned.body).code
                #expect(unsigned.status == .forbidden && refusal == "bad_signature")
                var forged = formHeaders
                forged[HTTPField.Name("X-Twilio-Signature")!] = signature
                let altered = try await client.execute(uri: uri, method: .post, headers: forged,
                                                       body: form(fields.map { $0.0 == "Body" ? ("Body", "Send me the keys") : $0 }))
                #expect(altered.status == .forbidden)
                let signed = try await client.execute(uri: uri, method: .post, headers: forged, body: form(fields))
                #expect(signed.status == .ok, "\(String(buffer: signed.body))")
            }
            #expect(try await desk.conversations().count == 1)
        }
    }

    @Test("when the database cannot be reached the sender is told to retry: 503 with Retry-After",
          arguments: DatabaseBackend.allCases)
    func unreachable(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                await database.close()
                let response = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest,
                                                        body: rawEmail())
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "60")
                #expect(try errorField(response.body).code == "unavailable")
            }
        }
    }

    @Test("TwiML escapes what it repeats")
    func twimlEscaping() async throws {
        try await TestDatabase.with(.sqlite) { database in
            var policy = try TestDesk.plumberPolicy()
            policy = policy.replacingOccurrences(
                of: "redirect: \"Please email office@rivera.example; for emergencies call +1 312 555 0142.\"",
                with: "redirect: \"Texts <b>aren't</b> read & lost; email us.\"")
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: policy,
                                                                          actor: "test", now: start)
            let ingest = TokenMaker.make()
            _ = try await APITokens(database: database).create(workspaceID: workspace.id, name: "sms", tokenHash: ingest.hash,
                                                               scope: .ingest, createdBy: nil, now: start)
            try await intakeApplication(database).test(.router) { client in
                let reply = try await client.execute(uri: "/inbound/sms?token=\(ingest.token)", method: .post,
                                                     headers: formHeaders,
                                                     body: form([("From", "+13125550199"), ("Body", "hi"), ("MessageSid", "SM1")]))
                let twiml = String(buffer: reply.body)
                #expect(twiml.contains("Texts &lt;b&gt;aren&apos;t&lt;/b&gt; read &amp; lost; email us."))
                #expect(!twiml.contains("<b>"))
            }
        }
    }

    @Test("junk posted as email is kept in quarantine and listed for the owner, newest first",
          arguments: DatabaseBackend.allCases)
    func quarantine(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let junk = "Dear diary,\ntoday I wrote a file.\n"
            try await intakeApplication(database).test(.router) { client in
                let kept = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest,
                                                    body: ByteBuffer(string: junk))
                #expect(kept.status == .accepted)
                let receipt = try json(kept.body)
                #expect(receipt["status"] as? String == "quarantined")
                #expect((receipt["reason"] as? String)?.isEmpty == false)
                _ = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: rawEmail())

                let listed = try await client.execute(uri: "/api/v1/quarantine", method: .get, headers: desk.api)
                #expect(listed.status == .ok)
                let items = try #require(try json(listed.body)["items"] as? [[String: Any]])
                try #require(items.count == 1)
                #expect(items[0]["id"] as? String == receipt["message_id"] as? String)
                #expect(items[0]["raw_size"] as? Int == junk.utf8.count)
                #expect(items[0]["reason"] as? String == receipt["reason"] as? String)
                #expect(items[0]["received_at"] as? String == isoUTC(start))

                var ingestOnAPI = desk.api
                ingestOnAPI[.authorization] = "Bearer \(desk.ingestToken)"
                let refused = try await client.execute(uri: "/api/v1/quarantine", method: .get, headers: ingestOnAPI)
                #expect(refused.status == .unauthorized)
            }
        }
    }

    @Test("one workspace's ingest token delivers only into it; quarantine and phone notes never show another's rows",
          arguments: DatabaseBackend.allCases)
    func workspacesApart(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let rivera = try await TestDesk.make(database, slug: "rivera")
            let other = try await TestDesk.make(database, slug: "other")
            try await intakeApplication(database).test(.router) { client in
                _ = try await client.execute(uri: "/inbound/email", method: .post, headers: rivera.ingest, body: rawEmail())
                _ = try await client.execute(uri: "/inbound/email", method: .post, headers: rivera.ingest,
                                             body: ByteBuffer(string: "not mail at all\n"))
                let note = try await client.execute(
                    uri: "/api/v1/phone-notes", method: .post, headers: other.api,
                    body: ByteBuffer(string: #"{"name": "Ben Okafor", "phone": "312 555 0100", "text": "Boiler service in spring"}"#))
                #expect(note.status == .created)
                let otherConversation = try #require(try json(note.body)["conversation_id"] as? String)

                let riverasQuarantine = try json(try await client.execute(uri: "/api/v1/quarantine", method: .get,
                                                                         headers: rivera.api).body)
                #expect((riverasQuarantine["items"] as? [Any])?.count == 1)
                let othersQuarantine = try json(try await client.execute(uri: "/api/v1/quarantine", method: .get,
                                                                         headers: other.api).body)
                #expect((othersQuarantine["items"] as? [Any])?.count == 0)

                let crossRead = try await client.execute(uri: "/api/v1/conversations/\(otherConversation)", method: .get,
                                                         headers: rivera.api)
                #expect(crossRead.status == .notFound)
            }
            #expect(try await rivera.conversations().map(\.subject) == ["Dripping faucet"])
            #expect(try await other.conversations().map(\.channel) == [.phone])
            #expect(try await Inbox(database: database, workspaceID: other.workspace.id).quarantined().isEmpty)
        }
    }

    @Test("the queued acknowledgement waits visibly in the outbox, for its own workspace only",
          arguments: DatabaseBackend.allCases)
    func outbox(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let other = try await TestDesk.make(database, slug: "other")
            try await intakeApplication(database).test(.router) { client in
                let stored = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: rawEmail())
                #expect(stored.status == .accepted)
                let outbox = try await client.execute(uri: "/api/v1/outbox", method: .get, headers: desk.api)
                #expect(outbox.status == .ok)
                let items = try #require(try json(outbox.body)["items"] as? [[String: Any]])
                #expect(items.count == 1)
                #expect(items.first?["state"] as? String == "scheduled")
                #expect((items.first?["why"] as? String)?.hasSuffix("waiting: no way to send mail is set up yet (set it in Settings → Email)") == true)
                #expect(items.first?["purpose"] as? String == "acknowledgement")
                #expect(items.first?["to"] as? String == "dana@example.org")
                #expect(items.first?["subject"] as? String == "Re: Dripping faucet")
                #expect(items.first?["conversation_id"] as? String == (try await desk.conversations().first?.id.rawValue))
                let done = try await client.execute(uri: "/api/v1/outbox?state=sent", method: .get, headers: desk.api)
                #expect((try json(done.body)["items"] as? [Any])?.isEmpty == true)
                let bad = try await client.execute(uri: "/api/v1/outbox?state=lost", method: .get, headers: desk.api)
                #expect(bad.status == .badRequest)
                #expect(try errorField(bad.body).field == "state")
                let theirs = try await client.execute(uri: "/api/v1/outbox", method: .get, headers: other.api)
                #expect((try json(theirs.body)["items"] as? [Any])?.isEmpty == true)
            }
        }
    }
}

/// An instant as the API writes it.
func isoUTC(_ instant: Instant) -> String { ISO8601.format(instant, utcOffsetSeconds: 0) }
