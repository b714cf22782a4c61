import Foundation
import GatehouseCore
import SQLKit
import Testing
@testable import GatehouseStore
import GatehouseTestSupport

@Suite("Store: the promises kept on conversations carried into the ledger")
struct PromiseLedgerMigrationTests {
    @Test("each conversation's promise becomes a ledger entry: kept or broken by the first answer sent, withdrawn when merged, open while owed",
          arguments: DatabaseBackend.allCases)
    func carriedOver(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend, migrate: false) { database in
            // The schema as the version before the ledger left it.
            try await database.migrate(now: now, through: "2026-12-04-024-article-removals")
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy,
                                                                           actor: "test", now: now)
            let customer = try await Customers(database: database, workspaceID: workspace.id)
                .create(CustomerDraft(name: "Dana", planID: "standard", emails: ["dana@example.org"]), actor: "test", now: now)
            let conversations = Conversations(database: database, workspaceID: workspace.id)
            let t = now.secondsSince1970
            var made: [String: Conversation.ID] = [:]
            for subject in ["kept", "late", "waiting", "merged", "never promised"] {
                let conversation = try await conversations.create(customerID: customer.id, subject: subject, channel: .email, now: now)
                made[subject] = conversation.id
                try await conversations.append(StoredMessage(
                    workspaceID: workspace.id, conversationID: conversation.id, direction: .inbound, channel: "email",
                    headerMessageID: "\(subject)@example.org", contentHash: subject, raw: Data(subject.utf8),
                    sender: "dana@example.org", subject: subject, textBody: "Hello", receivedAt: now))
            }
            let ids = made
            try await database.write { sql in
                for subject in ["kept", "late", "waiting", "merged"] {
                    try await sql.update("conversations").set("promised_at", to: t + 3600).where("id", .equal, ids[subject]!).run()
                }
                try await sql.update("conversations").set("status", to: "merged").set("merged_into", to: ids["kept"]!)
                    .where("id", .equal, ids["merged"]!).run()
                // Replies sent: in time for "kept" (and an acknowledgement, which answers nothing), late for "late".
                let tasks: [(String, String, Int64)] = [("kept", "reply:k", t + 1800), ("kept", "ack:k", t + 10),
                                                        ("late", "reply:l", t + 7200)]
                for (subject, key, at) in tasks {
                    try await sql.insert(into: "tasks")
                        .columns("id", "workspace_id", "kind", "payload", "idempotency_key", "state", "run_at", "attempts",
                                 "created_at", "updated_at", "conversation_id")
                        .values(SQLBind(NewID.make()), SQLBind(workspace.id), SQLBind(Outbox.kind), SQLBind("{}"), SQLBind(key),
                                SQLBind("done"), SQLBind(at), SQLBind(1), SQLBind(t), SQLBind(at), SQLBind(ids[subject]!))
                        .run()
                }
            }
            #expect(try await database.migrate(now: now).first == "2026-12-05-025-promise-ledger")

            let promises = Promises(database: database, workspaceID: workspace.id)
            func only(_ subject: String) async throws -> PromiseEntry? {
                let history = try await promises.history(conversationID: ids[subject]!)
                #expect(history.count <= 1)
                return history.first
            }
            let kept = try #require(try await only("kept"))
            #expect(kept.outcome == .kept)
            #expect(kept.endedAt == now + TimeSpan(seconds: 1800))
            #expect(kept.madeAt == now, "made when the customer's message came")
            #expect(kept.due == now + TimeSpan.hours(1))
            #expect(try await only("late")?.outcome == .broken)
            #expect(try await only("late")?.endedAt == now + TimeSpan.hours(2))
            #expect(try await only("waiting")?.outcome == .open)
            #expect(try await only("merged")?.outcome == .withdrawn)
            #expect(try await only("never promised") == nil)
            // The conversation shows only what is still owed.
            #expect(try await conversations.find(ids["waiting"]!)?.promisedAt == now + TimeSpan.hours(1))
            #expect(try await conversations.find(ids["kept"]!)?.promisedAt == nil)
            #expect(try await conversations.find(ids["late"]!)?.promisedAt == nil)
        }
    }
}
