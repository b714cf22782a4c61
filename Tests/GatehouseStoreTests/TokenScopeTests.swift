import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Tokens and contact-form submissions")
struct TokenScopeTests {
    @Test("a token keeps its scope: api by default, ingest when asked", arguments: DatabaseBackend.allCases)
    func scopes(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy,
                                                                          actor: "test", now: now)
            let tokens = APITokens(database: database)
            let api = try await tokens.create(workspaceID: workspace.id, name: "script", tokenHash: "hash-api",
                                              createdBy: nil, now: now)
            let ingest = try await tokens.create(workspaceID: workspace.id, name: "postfix", tokenHash: "hash-ingest",
                                                 scope: .ingest, createdBy: nil, now: now)
            #expect(api.scope == .api)
            #expect(try await tokens.find(tokenHash: "hash-api")?.scope == .api)
            let found = try #require(try await tokens.findWithWorkspace(tokenHash: "hash-ingest"))
            #expect(found.token == ingest)
            #expect(found.workspace.slug == "rivera")
            let audit = try await AuditLog(database: database).recent(workspaceID: workspace.id)
            #expect(audit.contains { $0.details == "ingest token 'postfix' created" })
        }
    }

    @Test("a live session comes with its user and their workspaces by slug; a session that ran out is nobody's",
          arguments: DatabaseBackend.allCases)
    func signedIn(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspaces = Workspaces(database: database)
            let rivera = try await workspaces.create(slug: "rivera", policyYAML: plumberPolicy, actor: "test", now: now)
            let annex = try await workspaces.create(slug: "annex", policyYAML: plumberPolicy, actor: "test", now: now)
            _ = try await workspaces.create(slug: "elsewhere", policyYAML: plumberPolicy, actor: "test", now: now)
            let accounts = Accounts(database: database)
            let user = try await accounts.createUser(email: "ana@example.com", name: "Ana", passwordHash: "x", now: now)
            try await accounts.setRole(.owner, userID: user.id, workspaceID: rivera.id, actor: "test", now: now)
            try await accounts.setRole(.staff, userID: user.id, workspaceID: annex.id, actor: "test", now: now)
            let sessions = SignIns(database: database)
            let start = now.secondsSince1970
            try await sessions.create(SignInRecord(idHash: "live", userID: user.id, workspaceID: rivera.id, csrfToken: "c",
                                                    createdAt: start, expiresAt: start + 3600, lastSeenAt: start,
                                                    address: nil, userAgent: nil))
            let found = try #require(try await sessions.signedIn(idHash: "live", now: now))
            #expect(found.session.workspaceID == rivera.id)
            #expect(found.user == user)
            #expect(found.workspaces.map(\.workspace.slug) == ["annex", "rivera"])
            #expect(found.workspaces.map(\.role) == [.staff, .owner])
            #expect(found.workspaces.last?.workspace == rivera)
            #expect(try await sessions.signedIn(idHash: "live", now: now + .hours(2)) == nil)
            #expect(try await sessions.signedIn(idHash: "other", now: now) == nil)
        }
    }

    @Test("form submissions are counted per workspace and address, within the window, and forgotten later",
          arguments: DatabaseBackend.allCases)
    func submissions(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspaces = Workspaces(database: database)
            let rivera = try await workspaces.create(slug: "rivera", policyYAML: plumberPolicy, actor: "test", now: now)
            let other = try await workspaces.create(slug: "other", policyYAML: plumberPolicy, actor: "test", now: now)
            let riveraForm = FormSubmissions(database: database, workspaceID: rivera.id)
            try await riveraForm.record(address: "203.0.113.9", now: now)
            try await riveraForm.record(address: "203.0.113.9", now: now + .minutes(5))
            try await riveraForm.record(address: "198.51.100.1", now: now + .minutes(5))
            try await FormSubmissions(database: database, workspaceID: other.id).record(address: "203.0.113.9", now: now)
            #expect(try await riveraForm.count(address: "203.0.113.9", since: now) == 2)
            #expect(try await riveraForm.count(address: "203.0.113.9", since: now + .minutes(1)) == 1)
            #expect(try await FormSubmissions(database: database, workspaceID: other.id)
                .count(address: "203.0.113.9", since: now) == 1)
            try await FormSubmissions.forget(before: now + .minutes(1), in: database)
            #expect(try await riveraForm.count(address: "203.0.113.9", since: now - .hours(1)) == 1)
        }
    }
}
