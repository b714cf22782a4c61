import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@Suite("Markup a customer types never runs: every page and every email, from the router's list")
struct MarkupSweepTests {
    /// What an attacker writes in every field a customer controls.
    static let payloads = ["<script>alert('gh')</script>", "<img src=x onerror=alert('gh')>", "\"><svg onload=alert('gh')>"]

    static func isRaw(_ text: String) -> String? {
        ["<script>alert", "<img src=x", "<svg onload"].first { text.contains($0) }
    }

    @Test("a customer's name, subject, message and notes full of markup are shown as text on every owner page, on their status page and in every email the desk writes",
          arguments: DatabaseBackend.allCases)
    func markupEverywhere(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let router = try await buildRouter(DeskEnvironment(desk: Desk(database: database, serverKey: testServerKey)))
            let pages = router.routes.filter { $0.method == .get }.map { "\($0.path)" }
                .filter { !["/api/", "/assets/", "/events", "/metrics", "/health", "/calendar/"].contains(where: $0.hasPrefix) }
                // Downloads, not pages: the export zip and the CSV reports (their own tests check them).
                .filter { !$0.hasSuffix("/export") && !$0.hasSuffix(".csv") }
            #expect(pages.count >= 40, "the router lists the pages (\(pages.count))")
            try await intakeApplication(database).test(.router) { client in
                let mail = rawEmail(from: "\"\(Self.payloads[0]) Eve\" <eve@example.org>", subject: "Burst pipe \(Self.payloads[1])",
                                    messageID: "eve-1@example.org",
                                    body: "A burst pipe is flooding the basement! \(Self.payloads.joined(separator: " "))")
                #expect(try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: mail).status == .accepted)
                let customer = try #require(try await Customers(database: database, workspaceID: desk.workspace.id)
                    .find(contact: "eve@example.org"))
                let conversation = try #require(try await desk.conversations().first)
                let noted = try await client.execute(uri: "/api/v1/customers/\(customer.id)", method: .patch, headers: desk.api,
                                                     body: ByteBuffer(string: #"{"notes": "\#(Self.payloads[2].replacingOccurrences(of: "\"", with: "\\\""))"}"#))
                #expect(noted.status == .ok)
                let owner = try await OwnerSession.start(client, database)
                var seen = 0
                for path in pages {
                    var uri = path
                    for (name, value) in [("{id}", path.hasPrefix("/customers") ? customer.id.rawValue : conversation.id.rawValue),
                                          ("{token}", conversation.statusToken ?? "x"), ("{slug}", "rivera")] {
                        uri = uri.replacingOccurrences(of: name, with: value)
                    }
                    uri = uri.replacingOccurrences(of: #"\{[a-z]+\}"#, with: "x", options: .regularExpression)
                    let page = try await owner.get(uri)
                    #expect(Self.isRaw(page.html) == nil, "\(uri) shows \(Self.isRaw(page.html) ?? "") as markup")
                    if page.html.contains("gh") { seen += 1 }
                }
                #expect(seen >= 4, "the payload reached pages (as text) — the inbox, the conversation, the customer, the status page")
                // Every email the desk wrote about it (the acknowledgement, the alert to the owner).
                struct Source: Decodable { var raw: Data }
                let sources = try await database.read { sql in
                    try await sql.raw("SELECT s.raw FROM message_sources s JOIN messages m ON m.id = s.message_id WHERE m.direction = 'outbound'")
                        .all(decoding: Source.self)
                }
                #expect(sources.count >= 2)
                for source in sources {
                    let parsed = try MailReader.read(source.raw)
                    #expect(Self.isRaw(parsed.htmlBody ?? "") == nil, "\(parsed.subject ?? ""): HTML part")
                    #expect(parsed.htmlBody?.contains("&lt;") == true || parsed.htmlBody == nil)
                }
            }
        }
    }
}
