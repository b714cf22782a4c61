import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Page: mailboxes")
struct MailboxesPageTests {
    @Test("the owner connects a mailbox after a test that says plainly what failed; the page shows its folders; staff cannot change it",
          arguments: DatabaseBackend.allCases)
    func ownerConnectsAMailbox(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await DovecotTestServer.with { server in
                try await application(database).test(.router) { client in
                    let owner = try await OwnerSession.signIn(client, database, role: .owner)
                    var headers = formHeaders
                    headers[.cookie] = owner.cookie
                    let fields = [("host", "127.0.0.1"), ("security", "tls"), ("port", "\(server.tlsPort)"), ("user", server.username),
                                  ("folders", "INBOX"), ("allow_untrusted_certificate", "yes")]
                    let wrong = try await client.execute(uri: "/settings/mailboxes", method: .post, headers: headers,
                                                         body: form([("csrf", owner.csrf), ("password", "not-it")] + fields))
                    #expect(wrong.status == .unprocessableContent)
                    #expect(String(buffer: wrong.body).contains("refused the user name or password"))
                    let missing = try await client.execute(uri: "/settings/mailboxes", method: .post, headers: headers,
                                                           body: form([("csrf", owner.csrf), ("password", server.password)]
                                                                      + fields.filter { $0.0 != "folders" } + [("folders", "Projects")]))
                    #expect(missing.status == .unprocessableContent)
                    #expect(String(buffer: missing.body).contains("The server has no folder “Projects”"))
                    let added = try await client.execute(uri: "/settings/mailboxes", method: .post, headers: headers,
                                                         body: form([("csrf", owner.csrf), ("password", server.password)] + fields))
                    #expect(added.status == .seeOther)
                    let page = try await client.execute(uri: "/settings/mailboxes?added=1", method: .get, headers: [.cookie: owner.cookie])
                    let html = String(buffer: page.body)
                    #expect(html.contains("Connected."))
                    #expect(html.contains(server.username) && html.contains("INBOX: not read yet"))
                    #expect(!html.contains(server.password))

                    let staff = try await OwnerSession.signIn(client, database, role: .staff)
                    var staffHeaders = formHeaders
                    staffHeaders[.cookie] = staff.cookie
                    let refused = try await client.execute(uri: "/settings/mailboxes", method: .post, headers: staffHeaders,
                                                           body: form([("csrf", staff.csrf), ("password", server.password)] + fields))
                    #expect(refused.status == .forbidden)

                    let id = try #require(html.range(of: "/settings/mailboxes/").map { html[$0.upperBound...].prefix(36) }).description
                    // After reading: a folder the server lacks is refused plainly; marking read is saved; staff cannot change it.
                    let nowhere = try await client.execute(uri: "/settings/mailboxes/\(id)/after-reading", method: .post, headers: headers,
                                                           body: form([("csrf", owner.csrf), ("after_reading", "move"), ("move_to", "Nowhere")]))
                    #expect(nowhere.status == .unprocessableContent)
                    #expect(String(buffer: nowhere.body).contains("The server has no folder “Nowhere” to move read mail to."))
                    let staffChange = try await client.execute(uri: "/settings/mailboxes/\(id)/after-reading", method: .post, headers: staffHeaders,
                                                               body: form([("csrf", staff.csrf), ("after_reading", "mark-read")]))
                    #expect(staffChange.status == .forbidden)
                    let markRead = try await client.execute(uri: "/settings/mailboxes/\(id)/after-reading", method: .post, headers: headers,
                                                            body: form([("csrf", owner.csrf), ("after_reading", "mark-read"), ("move_to", "")]))
                    #expect(markRead.status == .seeOther)
                    let markedPage = String(buffer: try await client.execute(uri: "/settings/mailboxes", method: .get,
                                                                             headers: [.cookie: owner.cookie]).body)
                    #expect(markedPage.contains("Once stored, each message is marked read on the server."))
                    #expect(markedPage.contains("<option value=\"mark-read\" selected>"))

                    let paused = try await client.execute(uri: "/settings/mailboxes/\(id)/pause", method: .post, headers: headers,
                                                          body: form([("csrf", owner.csrf)]))
                    #expect(paused.status == .seeOther)
                    let pausedPage = try await client.execute(uri: "/settings/mailboxes", method: .get, headers: [.cookie: owner.cookie])
                    #expect(String(buffer: pausedPage.body).contains("<strong>paused</strong>"))
                    let removed = try await client.execute(uri: "/settings/mailboxes/\(id)/remove", method: .post, headers: headers,
                                                           body: form([("csrf", owner.csrf)]))
                    #expect(removed.status == .seeOther)
                    let emptyPage = try await client.execute(uri: "/settings/mailboxes", method: .get, headers: [.cookie: owner.cookie])
                    #expect(String(buffer: emptyPage.body).contains("No mailbox is connected yet."))
                }
            }
        }
    }
}
