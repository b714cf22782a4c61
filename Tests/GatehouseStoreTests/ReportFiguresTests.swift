import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import SQLKit
import Testing

@Suite("Store: the month's figures for reports")
struct ReportFiguresTests {
    @Test("time is summed per customer (billable and urgent apart), charges per kind, only in the month and the workspace",
          arguments: DatabaseBackend.allCases)
    func figures(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy,
                                                                           actor: "test", now: now)
            let other = try await Workspaces(database: database).create(slug: "other", policyYAML: plumberPolicy,
                                                                       actor: "test", now: now)
            let customers = Customers(database: database, workspaceID: workspace.id)
            let maria = try await customers.create(CustomerDraft(name: "Maria", planID: "care"), actor: "test", now: now)
            let tom = try await customers.create(CustomerDraft(name: "Tom", kind: .prospect, planID: "standard"), actor: "test", now: now)
            let stranger = try await Customers(database: database, workspaceID: other.id)
                .create(CustomerDraft(name: "Stranger", planID: "care"), actor: "test", now: now)
            let entries = TimeEntries(database: database, workspaceID: workspace.id)
            let t = now.secondsSince1970
            _ = try await entries.add(TimeEntryDraft(customerID: maria.id, startedAt: t, endedAt: t + 1800, urgent: true),
                                      userID: "rosa", now: now)
            _ = try await entries.add(TimeEntryDraft(customerID: maria.id, startedAt: t + 3600, endedAt: t + 4800, billable: false),
                                      userID: "rosa", now: now)
            _ = try await entries.add(TimeEntryDraft(customerID: tom.id, startedAt: t + 7200, endedAt: t + 7800), userID: "rosa", now: now)
            // Outside the month, and in another workspace: never counted.
            _ = try await entries.add(TimeEntryDraft(customerID: maria.id, startedAt: t + 40 * 86_400, endedAt: t + 40 * 86_400 + 600),
                                      userID: "rosa", now: now)
            _ = try await TimeEntries(database: database, workspaceID: other.id)
                .add(TimeEntryDraft(customerID: stranger.id, startedAt: t, endedAt: t + 3600), userID: "sam", now: now)
            let charges = Charges(database: database, workspaceID: workspace.id)
            try await charges.add(customerID: maria.id, kind: .changeOrder, description: "Extra radiator", amountCents: 25_000,
                                  chargedAt: now)
            try await charges.add(customerID: maria.id, kind: .additional, description: "Past the allowance", amountCents: 3_000,
                                  chargedAt: now)
            try await Charges(database: database, workspaceID: other.id)
                .add(customerID: stranger.id, kind: .job, description: "Job", amountCents: 99_900, chargedAt: now)
            await #expect(throws: StoreError(.notFound, "customer_id: no customer \(stranger.id) in this workspace")) {
                try await charges.add(customerID: stranger.id, kind: .job, description: "Job", amountCents: 1, chargedAt: now)
            }
            await #expect(throws: StoreError(.invalid, "amount: a charge cannot be negative")) {
                try await charges.add(customerID: maria.id, kind: .job, description: "Job", amountCents: -1, chargedAt: now)
            }

            let month = (now - TimeSpan.hours(1), now + TimeSpan.hours(24 * 30))
            let figures = try await Reports(database: database, workspaceID: workspace.id).figures(from: month.0, to: month.1)
            #expect(figures.customers.count == 2)
            let byName = Dictionary(uniqueKeysWithValues: figures.customers.map { ($0.name, $0) })
            let m = try #require(byName["Maria"])
            #expect(m.time == .minutes(50))
            #expect(m.billable == .minutes(30))
            #expect(m.chargesCents == 28_000)
            #expect(m.changeOrderCents == 25_000)
            #expect(m.additionalCents == 3_000)
            #expect(m.paysFee)
            let p = try #require(byName["Tom"])
            #expect(p.time == .minutes(10))
            #expect(!p.paysFee)
            #expect(figures.urgentTime == .minutes(30))
            #expect(figures.referrals == 0)

            let exported = try await Reports(database: database, workspaceID: workspace.id).timeEntries(from: month.0, to: month.1)
            #expect(exported.map(\.customerName) == ["Maria", "Maria", "Tom"])
            let one = try await Reports(database: database, workspaceID: workspace.id)
                .timeEntries(from: month.0, to: month.1, customerID: tom.id)
            #expect(one.map(\.entry.length) == [.minutes(10)])
            #expect(try await Reports(database: database, workspaceID: workspace.id)
                .timeEntries(from: month.0, to: month.1, customerID: stranger.id).isEmpty)
        }
    }

    @Test("the report reads the ledger's promises due in the month, with how each ended; other workspaces' are not seen",
          arguments: DatabaseBackend.allCases)
    func promises(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy,
                                                                           actor: "test", now: now)
            let other = try await Workspaces(database: database).create(slug: "other", policyYAML: plumberPolicy,
                                                                       actor: "test", now: now)
            let maria = try await Customers(database: database, workspaceID: workspace.id)
                .create(CustomerDraft(name: "Maria", planID: "care"), actor: "test", now: now)
            let stranger = try await Customers(database: database, workspaceID: other.id)
                .create(CustomerDraft(name: "Stranger", planID: "care"), actor: "test", now: now)
            let answered = try await Conversations(database: database, workspaceID: workspace.id)
                .create(customerID: maria.id, subject: "Leak", channel: .email, now: now)
            let waiting = try await Conversations(database: database, workspaceID: workspace.id)
                .create(customerID: maria.id, subject: "Tap", channel: .email, now: now)
            let theirs = try await Conversations(database: database, workspaceID: other.id)
                .create(customerID: stranger.id, subject: "Theirs", channel: .email, now: now)
            let t = now.secondsSince1970
            // The ledger as the desk leaves it: one kept, one open, one of another workspace,
            // one due the next day.
            let rows: [(Workspace.ID, Conversation.ID, String, Int64)] = [
                (workspace.id, answered.id, "kept", t + 3600), (workspace.id, waiting.id, "open", t + 3600),
                (other.id, theirs.id, "kept", t + 3600), (workspace.id, answered.id, "superseded", t + 90_000),
            ]
            try await database.write { sql in
                for (workspaceID, conversationID, outcome, due) in rows {
                    try await sql.insert(into: "promises")
                        .columns("id", "workspace_id", "conversation_id", "made_at", "due_at", "rule", "outcome")
                        .values(SQLBind(NewID.make()), SQLBind(workspaceID), SQLBind(conversationID), SQLBind(t), SQLBind(due),
                                SQLBind("plan"), SQLBind(outcome))
                        .run()
                }
            }
            let promises = try await Reports(database: database, workspaceID: workspace.id)
                .promises(from: now, to: now + TimeSpan.hours(24))
            let byID = Dictionary(uniqueKeysWithValues: promises.map { ($0.conversationID, $0) })
            #expect(byID.count == 2)
            #expect(byID[answered.id]?.outcome == .kept)
            #expect(byID[waiting.id]?.outcome == .open)
            #expect(byID[theirs.id] == nil)
            #expect(try await Reports(database: database, workspaceID: workspace.id).latestConversation(customerID: maria.id) != nil)
        }
    }
}
