import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
@testable import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Pages: the policy guide in the desk")
struct PolicyGuidePageTests {
    @Test("every link inside the guide finds its heading, spelled as GitHub spells it")
    func anchors() throws {
        #expect(PolicyGuidePage.anchor("What \"1 business day\" means") == "what-1-business-day-means")
        #expect(PolicyGuidePage.anchor("<code>response_windows</code>") == "response_windows")
        let html = PolicyGuidePage.html
        let ids = Set(html.matches(of: /<h[1-6] id="([^"]+)">/).map { String($0.1) })
        let targets = Set(html.matches(of: /href="#([^"]+)"/).map { String($0.1) })
        #expect(targets.count > 15, "the guide's contents links")
        #expect(targets.subtracting(ids).isEmpty, "links without a heading: \(targets.subtracting(ids).sorted())")
        // Every section a problem can link to has its part of the guide.
        #expect(PolicyGuidePage.sections.subtracting(ids).isEmpty)
        #expect(!html.contains("<h1"), "the page's own heading is the only h1")
        #expect(!html.contains("../examples"), "no link that leads nowhere inside the desk")
    }

    @Test("a signed-in owner reads it; a problem in the file links to its section; a stranger is sent to sign in",
          arguments: [DatabaseBackend.sqlite])
    func page(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            _ = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let stranger = try await client.execute(uri: "/policy/guide", method: .get)
                #expect(stranger.status == .seeOther)
                #expect(stranger.headers[.location]?.hasPrefix("/signin") == true)

                let owner = try await OwnerSession.start(client, database)
                let guide = try await owner.get("/policy/guide")
                #expect(guide.html.contains("<h1>The policy guide</h1>"))
                #expect(guide.html.contains("<h2 id=\"urgent\">urgent</h2>"))

                let policy = try await owner.get("/policy")
                #expect(policy.html.contains("<a href=\"/policy/guide\">the policy guide</a>"))
                let yaml = try #require(formFields(policy.html, action: "/policy").first { $0.0 == "yaml" }?.1)
                let broken = yaml.replacingOccurrences(of: "fri: 08:00-15:00", with: "fri: eight till three")
                let checked = try await owner.post("/policy", [("yaml", broken), ("action", "check")])
                let page = String(buffer: checked.body)
                #expect(page.contains("<a href=\"/policy/guide#hours\">How “hours” is written</a>"), "\(page)")
            }
        }
    }
}
