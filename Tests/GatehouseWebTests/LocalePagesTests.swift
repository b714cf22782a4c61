import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HummingbirdTesting
import HTTPTypes
import Testing

@Suite("Pages: one promise, written the business's way in the email, on the status page and in the inbox")
struct LocalePagesTests {
    /// The plumber's policy written in `locale` with `currency`.
    static func policy(locale: String, currency: String) throws -> String {
        let yaml = try TestDesk.plumberPolicy()
        let line = try #require(yaml.split(separator: "\n").first { $0.hasPrefix("  locale:") })
        return yaml.replacingOccurrences(of: String(line), with: "  locale: \(locale)")
            .replacingOccurrences(of: "  currency: USD", with: "  currency: \(currency)")
    }

    @Test("Dana's promise for Monday 16:15 in Chicago, in four locales",
          arguments: [
              ("en-US", "USD", "Monday, September 21 at 4:15 PM", "today 4:15 PM"),
              ("en-GB", "GBP", "Monday 21 September at 16:15", "today 16:15"),
              ("de-DE", "EUR", "Montag, 21. September um 16:15", "today 16:15"),
              ("en-AU", "AUD", "Monday 21 September at 4:15 pm", "today 4:15 pm"),
          ])
    func onePromiseFourWays(locale: String, currency: String, written: String, inInbox: String) async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database, policyYAML: try Self.policy(locale: locale, currency: currency))
            try await intakeApplication(database).test(.router) { client in
                let accepted = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: rawEmail())
                #expect(accepted.status == .accepted)
                let conversation = try #require(try await desk.conversations().first)
                let thread = try #require(try await Conversations(database: database, workspaceID: desk.workspace.id)
                    .get(conversation.id))
                let acknowledgement = try MailReader.read(try #require(thread.messages.last { $0.direction == .outbound }).raw)
                // The email may wrap its lines; the words are what matter.
                let body = acknowledgement.textBody.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                #expect(body.contains("you'll hear from me by \(written)"), "\(body)")

                let status = try await client.execute(uri: "/status/\(try #require(conversation.statusToken))", method: .get)
                #expect(String(buffer: status.body).contains(written))
                // Whoever has a status link may read it: its address is sent on to no page, not even ours.
                #expect(status.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(status.headers[.cacheControl] == "no-store")
                let signIn = try await client.execute(uri: "/signin", method: .get)
                #expect(signIn.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")

                let owner = try await OwnerSession.start(client, database)
                let inbox = try await owner.get("/inbox")
                #expect(inbox.html.contains("promised by \(inInbox)"), "the inbox says when, from the owner's today")
            }
        }
    }
}
