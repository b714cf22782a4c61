import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
@testable import GatehouseWeb
import Hummingbird
import HummingbirdTesting
import Testing

/// Today as values, read without HTML: what the page shows is exactly its model.
@Suite("Today's page model")
struct TodayModelTests {
    @Test("an urgent request from a Care customer is listed once, under urgent, with its reason; the day is not calm",
          arguments: DatabaseBackend.allCases)
    func urgentListed(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let conversations = try await OwnerPagesTests.seed(client, desk)
                let owner = OwnerPages(signIns: Desk(database: database).signIns, newWorkspace: Desk(database: database).newWorkspace, clock: FixedClock(instant: start), pages: try await PageRenderer.load())
                let caller = Caller(workspace: desk.workspace, actor: "owner", role: .owner, email: "owner@example.org", csrf: "x")
                let workspaceDesk = WorkspaceDesk(database: database, workspace: desk.workspace, clock: FixedClock(instant: start),
                                                  publicBaseURL: "https://desk.rivera.example", wakeOutbox: {})
                let model = try await TodayPage(owner: owner).model(caller, workspaceDesk)
                #expect(model.day == "Monday, September 21, 2026")
                #expect(model.urgent.map(\.id) == [conversations.care.rawValue])
                #expect(model.urgentCount == 1)
                #expect(model.urgent.first?.subject == "Burst pipe")
                #expect(model.urgent.first?.customer == "Maria Lopez")
                #expect(model.urgent.first?.why?.hasPrefix("do now:") == true)
                #expect(!model.calm)
                #expect(model.window != nil, "the plumber's policy answers in response windows")
                #expect(model.legend.map(\.label) == ["Open", "Focus", "Answering messages", "Calls and visits", "Emergency buffer"])
                #expect(model.hasAppointments == false && model.appointments.isEmpty)
                #expect(model.held == nil && model.heldCount == 0)

                // The page renders the same values.
                let page = try await OwnerSession.start(client, database).get("/today")
                #expect(page.status == .ok)
                #expect(page.html.contains("Monday, September 21, 2026"))
                #expect(page.html.contains("/conversations/\(conversations.care)"))
                #expect(!page.html.contains("A calm day so far."))
                #expect(page.html.contains("aria-current=\"page\">Today</a>"), "the layout around the model marks the section")
            }
        }
    }
}
