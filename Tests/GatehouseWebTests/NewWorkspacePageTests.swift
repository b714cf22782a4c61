import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Pages: a new workspace, asked for like the first")
struct NewWorkspacePageTests {
    @Test("""
        a signed-in owner makes a second workspace from the setup questions: it is theirs, with its own policy and \
        nothing of the example's business, the browser goes on in it, and Settings opens either
        """, arguments: DatabaseBackend.allCases)
    func newWorkspace(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let form = try await owner.get("/workspaces/new")
                #expect(form.status == .ok)
                #expect(form.html.contains("<h1>A new workspace</h1>"))
                #expect(!form.html.contains("name=\"password\""), "no second account is made")
                var fields = [
                    ("business", "Novak Heating"), ("slug", "rivera"), ("business_email", "heat@novak.example"),
                    ("phone", ""), ("website", ""), ("timezone", "America/New_York"), ("currency", ""), ("locale", ""),
                    ("hours_mon", "8am-5pm"), ("hours_tue", "8am-5pm"), ("hours_wed", "8am-5pm"), ("hours_thu", "8am-5pm"),
                    ("hours_fri", "8am-5pm"), ("hours_sat", ""), ("hours_sun", ""), ("windows", "11am"), ("closures", ""),
                    ("phone_channel", "not-accepted"), ("sms_channel", "not-accepted"), ("urgent_definition", ""),
                    ("urgent_sign", "no heat"), ("other_signs", ""), ("example", "plumber-chicago"),
                ]
                let taken = try await owner.post("/workspaces/new", fields)
                #expect(taken.status == .unprocessableContent)
                #expect(String(buffer: taken.body).contains("a workspace called &#39;rivera&#39; already exists")
                        || String(buffer: taken.body).contains("a workspace called 'rivera' already exists"))
                fields[1] = ("slug", "novak-heating")
                let made = try await owner.post("/workspaces/new", fields)
                #expect(made.status == .ok)
                #expect(String(buffer: made.body).contains("Your desk is ready"))

                let workspace = try #require(try await Workspaces(database: database).find(slug: "novak-heating"))
                #expect(workspace.name == "Novak Heating")
                for rivera in ["Rivera", "rivera.example", "312 555 0142", "Lakeside", "Thanksgiving"] {
                    #expect(!workspace.policyYAML.contains(rivera), "the new policy carries '\(rivera)'")
                }
                let user = try #require(try await Accounts(database: database).members(workspaceID: desk.workspace.id).first)
                #expect(try await Accounts(database: database).role(userID: user.user.id, workspaceID: workspace.id) == .owner)

                // The browser goes on in the new workspace; Settings lists both and opens the first again.
                #expect(try await owner.get("/today").html.contains("Novak Heating"))
                let settings = try await owner.get("/settings")
                #expect(settings.html.contains("Rivera Plumbing &amp; Heating"))
                #expect(settings.html.contains("action=\"/workspaces/\(desk.workspace.id)/open\""))
                let back = try await owner.post("/workspaces/\(desk.workspace.id)/open", [])
                #expect(back.status == .seeOther)
                #expect(try await owner.get("/today").html.contains("Rivera Plumbing &amp; Heating"))
                let other = try await Workspaces(database: database).create(slug: "someone-else", policyYAML: try TestDesk.plumberPolicy(),
                                                                            actor: "test", now: start)
                #expect(try await owner.post("/workspaces/\(other.id)/open", []).status == .notFound, "only one's own workspaces open")
            }
        }
    }
}
