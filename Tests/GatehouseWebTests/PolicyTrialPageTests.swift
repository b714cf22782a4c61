import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
@testable import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Pages: trying an edited policy before saving it")
struct PolicyTrialPageTests {
    @Test("'Try it on two weeks' runs the saved policy and the edited text on the same simulated traffic, shows both and the difference, and saves nothing")
    func tryIt() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let policy = try await owner.get("/policy")
                #expect(policy.html.contains("value=\"try\""))
                let original = desk.workspace.policyYAML
                let edited = original.replacingOccurrences(of: "at: [10:30, 15:30]", with: "at: [09:00, 10:30, 13:00, 15:30]")
                try #require(edited != original)
                let tried = try await owner.post("/policy", [("yaml", edited), ("action", "try")])
                #expect(tried.status == .ok)
                let html = String(buffer: tried.body)
                let trial = section(html, from: "id=\"trial-heading\"", to: "</section>")
                #expect(trial.contains("an example of 20 customers on Standard"), "a new desk has no history to copy")
                #expect(trial.contains("<li>Promises kept: "))
                #expect(trial.contains("→"))
                #expect(trial.contains("no loop"), "the auto-responders in the traffic never loop")
                #expect(html.contains("at: [09:00, 10:30, 13:00, 15:30]"), "the edited text stays in the editor")
                #expect(try await Workspaces(database: database).find(slug: "rivera")?.policyYAML == original, "nothing is saved")
                // A text with a problem is shown at its line, not tried.
                let broken = original.replacingOccurrences(of: "  fri: 08:00-15:00", with: "  fri: eight till three")
                let refused = try await owner.post("/policy", [("yaml", broken), ("action", "try")])
                #expect(refused.status == .unprocessableContent)
                #expect(!String(buffer: refused.body).contains("trial-heading"))
            }
        }
    }
}
