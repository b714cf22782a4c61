import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import Testing

/// The operator's command-line work across workspaces, as one Desk use case.
@Suite("Administration: workspaces and roles from the command line")
struct AdministrationTests {
    static let now = Instant(secondsSince1970: 1_795_215_000)

    @Test("a workspace is created from its policy and found by its short name; a new account needs a password, an existing one keeps its own",
          arguments: DatabaseBackend.allCases)
    func grant(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let administration = Administration(database: database)
            let workspace = try await administration.createWorkspace(slug: "rivera", policyYAML: TestPolicies.plumber,
                                                                     actor: "cli", now: Self.now)
            #expect(try await administration.workspace(slug: "rivera") == workspace)
            #expect(try await administration.workspace(slug: "nobody") == nil)
            #expect(try await administration.workspaces().map(\.slug) == ["rivera"])

            do {
                _ = try await administration.grant(.staff, to: "sam@rivera.example", name: nil, passwordHash: nil,
                                                   in: workspace, actor: "cli", now: Self.now)
                Issue.record("an account was made without a password")
            } catch let error as StoreError {
                #expect(error.field == "password")
            }
            #expect(try await administration.user(email: "sam@rivera.example") == nil)

            let sam = try await administration.grant(.staff, to: "sam@rivera.example", name: nil, passwordHash: "hash-1",
                                                     in: workspace, actor: "cli", now: Self.now)
            #expect(sam.name == "sam")
            let again = try await administration.grant(.owner, to: "sam@rivera.example", name: "Sam", passwordHash: nil,
                                                       in: workspace, actor: "cli", now: Self.now)
            #expect(again.id == sam.id)
            let stored = try await Accounts(database: database).credentials(email: "sam@rivera.example")
            #expect(stored?.passwordHash == "hash-1", "an existing account keeps its password when none is given")
            #expect(try await Accounts(database: database).role(userID: sam.id, workspaceID: workspace.id) == .owner)
        }
    }
}
