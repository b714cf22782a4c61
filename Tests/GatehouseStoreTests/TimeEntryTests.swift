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

@Suite("Store: the month's time from day totals")
struct DayTotalTests {
    @Test("entries at the edges of a Chicago month count in the right month, and a corrected end moves the totals",
          arguments: DatabaseBackend.allCases)
    func edges(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy,
                                                                           actor: "test", now: now)
            let customer = try await Customers(database: database, workspaceID: workspace.id)
                .create(CustomerDraft(name: "Maria", planID: "care"), actor: "test", now: now)
            let entries = TimeEntries(database: database, workspaceID: workspace.id)
            func add(_ local: String, minutes: Int64, user: String, urgent: Bool = false) async throws -> TimeEntry {
                let start = try ISO8601.parse(local).secondsSince1970
                return try await entries.add(TimeEntryDraft(customerID: customer.id, startedAt: start, endedAt: start + minutes * 60,
                                                            urgent: urgent), userID: user, now: now)
            }
            // 23:30 on 31 October is 04:30 UTC on 1 November: the same UTC day as 00:30 on 1 November.
            _ = try await add("2026-10-31T23:30:00-05:00", minutes: 10, user: "a")
            _ = try await add("2026-11-01T00:30:00-05:00", minutes: 20, user: "b")
            let middle = try await add("2026-11-17T10:00:00-06:00", minutes: 30, user: "a", urgent: true)
            // 23:00 on 30 November is 05:00 UTC on 1 December; 00:15 on 1 December is in December.
            _ = try await add("2026-11-30T23:00:00-06:00", minutes: 40, user: "a")
            _ = try await add("2026-12-01T00:15:00-06:00", minutes: 50, user: "b")
            let calendar = BusinessCalendar(policy: try Policy.read(yaml: plumberPolicy))
            let november = calendar.month(of: try ISO8601.parse("2026-11-15T12:00:00-06:00"))
            let reports = Reports(database: database, workspaceID: workspace.id)
            var figures = try await reports.figures(from: november.start, to: november.end)
            #expect(figures.customers.first?.time == .minutes(20 + 30 + 40))
            #expect(figures.urgentTime == .minutes(30))
            _ = try await entries.changeEnd(middle.id, to: middle.endedAt + 15 * 60, now: now)
            figures = try await reports.figures(from: november.start, to: november.end)
            #expect(figures.customers.first?.time == .minutes(20 + 45 + 40))
            #expect(figures.urgentTime == .minutes(45))
            let october = calendar.month(of: try ISO8601.parse("2026-10-15T12:00:00-05:00"))
            #expect(try await reports.figures(from: october.start, to: october.end).customers.first?.time == .minutes(10))
            // Counting again from the entries gives the same month.
            try await DayTotals.recount(workspaceID: workspace.id, database: database)
            #expect(try await reports.figures(from: november.start, to: november.end).customers.first?.time == .minutes(105))
        }
    }
}
