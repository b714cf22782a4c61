import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Store: time entries")
struct TimeEntryTests {
    @Test("empty, negative, overlapping and other-workspace entries are refused with the field named; totals add up",
          arguments: DatabaseBackend.allCases)
    func entries(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy,
                                                                           actor: "test", now: now)
            let other = try await Workspaces(database: database).create(slug: "other", policyYAML: plumberPolicy,
                                                                       actor: "test", now: now)
            let customer = try await Customers(database: database, workspaceID: workspace.id)
                .create(CustomerDraft(name: "Maria", planID: "care"), actor: "test", now: now)
            let stranger = try await Customers(database: database, workspaceID: other.id)
                .create(CustomerDraft(name: "Stranger", planID: "care"), actor: "test", now: now)
            let entries = TimeEntries(database: database, workspaceID: workspace.id)
            let t = now.secondsSince1970
            await #expect(throws: StoreError(.invalid, "ended_at: the end must come after the start (a time entry cannot be empty or negative)")) {
                _ = try await entries.add(TimeEntryDraft(customerID: customer.id, startedAt: t, endedAt: t - 60), userID: "rosa", now: now)
            }
            await #expect(throws: StoreError(.invalid, "ended_at: one entry can be at most 16 hours long")) {
                _ = try await entries.add(TimeEntryDraft(customerID: customer.id, startedAt: t, endedAt: t + 17 * 3600), userID: "rosa", now: now)
            }
            _ = try await entries.add(TimeEntryDraft(customerID: customer.id, startedAt: t, endedAt: t + 1800, urgent: true),
                                      userID: "rosa", now: now)
            await #expect(throws: StoreError.self) {
                _ = try await entries.add(TimeEntryDraft(customerID: customer.id, startedAt: t + 1200, endedAt: t + 2400),
                                          userID: "rosa", now: now) { "at \($0 - t)" }
            }
            do {
                _ = try await entries.add(TimeEntryDraft(customerID: customer.id, startedAt: t + 1200, endedAt: t + 2400),
                                          userID: "rosa", now: now) { "at \($0 - t)" }
            } catch let error as StoreError {
                #expect(error.code == .conflict)
                #expect(error.message == "started_at: it overlaps time already recorded from at 0 to at 1800; one person's entries cannot overlap")
            }
            // Someone else's time may overlap Rosa's; back-to-back entries do not overlap.
            _ = try await entries.add(TimeEntryDraft(customerID: customer.id, startedAt: t + 1200, endedAt: t + 2400), userID: "sam", now: now)
            _ = try await entries.add(TimeEntryDraft(customerID: customer.id, startedAt: t + 1800, endedAt: t + 3000, billable: false),
                                      userID: "rosa", now: now)
            await #expect(throws: StoreError(.notFound, "customer_id: no customer \(stranger.id) in this workspace")) {
                _ = try await entries.add(TimeEntryDraft(customerID: stranger.id, startedAt: t + 9000, endedAt: t + 9600),
                                          userID: "rosa", now: now)
            }
            let day = (now, now + TimeSpan.hours(24))
            #expect(try await entries.total(customerID: customer.id, from: day.0, to: day.1) == TimeSpan.minutes(30 + 20 + 20))
            #expect(try await entries.total(urgentOnly: true, from: day.0, to: day.1) == TimeSpan.minutes(30))
            #expect(try await entries.list(customerID: customer.id, from: day.0, to: day.1).map(\.userID) == ["rosa", "sam", "rosa"])
            #expect(try await TimeEntries(database: database, workspaceID: other.id).total(from: day.0, to: day.1) == TimeSpan(seconds: 0))
        }
    }
}
