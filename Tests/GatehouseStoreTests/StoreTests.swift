import Foundation
import GatehouseCore
import Testing
@testable import GatehouseStore
import GatehouseTestSupport

let plumberPolicy = TestPolicies.plumber

let now = Instant(secondsSince1970: 1_790_000_000)

/// Persistence on both engines: every test here runs on SQLite and on PostgreSQL.
@Suite("Store")
struct StoreTests {
    @Test("migrations apply once, in order, and a second run applies nothing", arguments: DatabaseBackend.allCases)
    func migrations(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend, migrate: false) { database in
            let applied = try await database.migrate(now: now)
            #expect(applied == Schema.migrations.map(\.id))
            #expect(try await database.migrate(now: now).isEmpty)
            #expect(try await database.appliedMigrations() == Schema.migrations.map(\.id))
            #expect(await database.isReachable())
        }
    }

    @Test("a workspace keeps its validated policy; a bad policy is refused with line and column",
          arguments: DatabaseBackend.allCases)
    func workspaces(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspaces = Workspaces(database: database)
            let created = try await workspaces.create(slug: "rivera", policyYAML: plumberPolicy, actor: "system", now: now)
            #expect(created.name == "Rivera Plumbing")
            #expect(created.timeZone == "America/Chicago")
            #expect(try await workspaces.find(slug: "rivera") == created)
            #expect(try await workspaces.find(id: created.id) == created)
            await #expect(throws: StoreError(.conflict, "a workspace called 'rivera' already exists")) {
                try await workspaces.create(slug: "rivera", policyYAML: plumberPolicy, actor: "system", now: now)
            }
            await #expect(throws: StoreError.self) {
                try await workspaces.create(slug: "Bad Slug", policyYAML: plumberPolicy, actor: "system", now: now)
            }
            do {
                try await workspaces.updatePolicy(workspaceID: created.id, policyYAML: "business:\n  name: X\n",
                                                  actor: "user-1", now: now)
                Issue.record("an invalid policy was stored")
            } catch let error as PolicyError {
                #expect(error.diagnostics.map(\.description).contains { $0.hasPrefix("2:3: error: missing required key 'timezone'") })
            }
            let renamed = plumberPolicy.replacingOccurrences(of: "Rivera Plumbing", with: "Rivera & Sons")
            let updated = try await workspaces.updatePolicy(workspaceID: created.id, policyYAML: renamed, actor: "user-1",
                                                            now: now + .minutes(5))
            #expect(updated.name == "Rivera & Sons")
            #expect(updated.updatedAt.secondsSince1970 == now.secondsSince1970 + 300)
            let audit = try await AuditLog(database: database).recent(workspaceID: created.id)
            #expect(audit.map(\.action) == ["policy.update", "workspace.create"])
            #expect(audit[0].actor == "user-1")
        }
    }

    @Test("customers: create, find by contact, page, search, update and delete", arguments: DatabaseBackend.allCases)
    func customers(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database)
                .create(slug: "rivera", policyYAML: plumberPolicy, actor: "system", now: now)
            let customers = Customers(database: database, workspaceID: workspace.id)
            var created: [Customer] = []
            for index in 0..<25 {
                created.append(try await customers.create(
                    CustomerDraft(name: "Customer \(String(format: "%02d", index))", planID: "standard",
                                  emails: ["c\(index)@example.com"], phones: index == 3 ? ["+1 (312) 555-0103"] : []),
                    actor: "system", now: now))
            }
            let ana = try await customers.create(CustomerDraft(name: "Ana 100%_Real", planID: "care",
                                                               emails: ["<Ana@Example.COM>"]), actor: "system", now: now)
            #expect(ana.emails == ["ana@example.com"])
            // A name is trimmed of spaces only: angle brackets are the email's, and markup is escaped where shown.
            let maria = try await customers.create(CustomerDraft(name: "  Maria <i>Lopez</i>\n", planID: "care"),
                                                   actor: "system", now: now)
            #expect(maria.name == "Maria <i>Lopez</i>")
            #expect(try await customers.get(maria.id)?.name == "Maria <i>Lopez</i>")
            _ = try await customers.delete(maria.id, actor: "system", now: now)
            #expect(try await customers.find(contact: "ANA@example.com")?.id == ana.id)
            #expect(try await customers.find(contact: "+1 312 555 0103")?.id == created[3].id)

            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await customers.list(after: cursor, limit: 10)
                seen += page.items.map(\.name)
                cursor = page.next
            } while cursor != nil
            #expect(seen.count == 26)
            #expect(seen == seen.sorted())
            #expect(try await customers.list(search: "100%_").items.map(\.id) == [ana.id])
            #expect(try await customers.list(search: "c7@").items.map(\.name) == ["Customer 07"])
            #expect(try await customers.list(search: "100%x").items.isEmpty)

            await #expect(throws: StoreError(.conflict, "c1@example.com already belongs to another customer")) {
                try await customers.create(CustomerDraft(name: "Copy", planID: "standard", emails: ["c1@example.com"]),
                                           actor: "system", now: now)
            }
            let updated = try await customers.update(ana.id, with: CustomerDraft(name: "Ana Rivera", planID: "care",
                                                                                 emails: ["ana@rivera.example"]),
                                                     actor: "user-1", now: now)
            #expect(updated?.emails == ["ana@rivera.example"])
            #expect(try await customers.find(contact: "ana@example.com") == nil)
            #expect(try await customers.delete(ana.id, actor: "user-1", now: now))
            #expect(try await customers.get(ana.id) == nil)
            #expect(try await customers.delete(ana.id, actor: "user-1", now: now) == false)
        }
    }

    @Test("one workspace never sees or changes another's customers", arguments: DatabaseBackend.allCases)
    func isolation(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspaces = Workspaces(database: database)
            let first = try await workspaces.create(slug: "first", policyYAML: plumberPolicy, actor: "system", now: now)
            let second = try await workspaces.create(slug: "second", policyYAML: plumberPolicy, actor: "system", now: now)
            let mine = Customers(database: database, workspaceID: first.id)
            let theirs = Customers(database: database, workspaceID: second.id)
            let customer = try await mine.create(CustomerDraft(name: "Private", planID: "standard",
                                                               emails: ["private@example.com"]), actor: "system", now: now)
            #expect(try await theirs.get(customer.id) == nil)
            #expect(try await theirs.find(contact: "private@example.com") == nil)
            #expect(try await theirs.list().items.isEmpty)
            #expect(try await theirs.list(search: "Private").items.isEmpty)
            #expect(try await theirs.update(customer.id, with: CustomerDraft(name: "Stolen", planID: "standard"),
                                            actor: "intruder", now: now) == nil)
            #expect(try await theirs.delete(customer.id, actor: "intruder", now: now) == false)
            #expect(try await mine.get(customer.id)?.name == "Private")
            // The same address may belong to a customer in another workspace.
            _ = try await theirs.create(CustomerDraft(name: "Other", planID: "standard", emails: ["private@example.com"]),
                                        actor: "system", now: now)
            #expect(try await AuditLog(database: database).recent(workspaceID: second.id)
                .allSatisfy { $0.workspaceID == second.id })
        }
    }

    @Test("bad customer input is refused with the field named", arguments: DatabaseBackend.allCases)
    func badCustomers(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database)
                .create(slug: "rivera", policyYAML: plumberPolicy, actor: "system", now: now)
            let customers = Customers(database: database, workspaceID: workspace.id)
            await #expect(throws: StoreError(.invalid, "name: a customer needs a name")) {
                try await customers.create(CustomerDraft(name: "  ", planID: "standard"), actor: "system", now: now)
            }
            await #expect(throws: StoreError(.invalid, "emails: 'not-an-address' is not an email address")) {
                try await customers.create(CustomerDraft(name: "X", planID: "standard", emails: ["not-an-address"]),
                                           actor: "system", now: now)
            }
            // The field is named as a field, never recovered from the words.
            do {
                _ = try await customers.create(CustomerDraft(name: "X", planID: "standard", phones: ["call me"]), actor: "system", now: now)
                Issue.record("a phone number of words was accepted")
            } catch let error as StoreError {
                #expect(error.field == "phones")
                #expect(error.detail == "'call me' is not a phone number")
                #expect(error.kind == .invalid)
            }
            await #expect(throws: StoreError(.invalid, "after: 'garbage!' is not a cursor from a previous page")) {
                try await customers.list(after: "garbage!")
            }
        }
    }

    @Test("closing the database lets requests under way finish and refuses later ones as unreachable",
          arguments: DatabaseBackend.allCases)
    func closeWhileBusy(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            // Requests racing the close: each one either finishes or is refused; none waits forever.
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        do {
                            let rows = try await database.read { sql in try await sql.raw("SELECT \(unsafeRaw: String(index)) AS n").all() }
                            return rows.count == 1 ? "finished" : "wrong"
                        } catch let error as StoreError where error.code == .unreachable {
                            return "refused"
                        }
                    }
                }
                group.addTask {
                    await database.close()
                    return "closed"
                }
                var outcomes: [String] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.count == 31)
            #expect(!outcomes.contains("wrong"))
            await #expect(throws: StoreError.self) {
                try await database.write { sql in try await sql.raw("SELECT 1 AS one").run() }
            }
            #expect(await database.isReachable() == false)
        }
    }
}
