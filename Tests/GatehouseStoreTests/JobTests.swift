import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import SQLKit
import Testing

/// A plumber with priced services, for jobs and change orders.
let jobPolicy = """
    business:
      name: Rivera Plumbing
      timezone: America/Chicago
      currency: USD
    hours:
      mon-fri: 08:00-17:00
    services:
      - id: repair
        name: Repairs
        price: 120/hour
        covers: [leaks, faucets]
      - id: install
        name: Installations
        price: quote
        covers: [water heater install]
    plans:
      - id: standard
      - id: care
        fee: 49/month
    referrals:
      - name: Lakeside Roofing
        for: [roof]
        contact: hello@lakeside.example
    """

@Suite("Store: jobs and change orders")
struct JobTests {
    struct Fixture {
        var database: Database
        var workspace: Workspace
        var customer: Customer
        var jobs: Jobs
        var orders: ChangeOrders
        var calendar: BusinessCalendar

        static func make(_ database: Database) async throws -> Fixture {
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: jobPolicy, actor: "test",
                                                                           now: now)
            let customer = try await Customers(database: database, workspaceID: workspace.id)
                .create(CustomerDraft(name: "Dana Whitfield", planID: "care", emails: ["dana@example.com"]), actor: "test", now: now)
            return Fixture(database: database, workspace: workspace, customer: customer,
                           jobs: Jobs(database: database, workspaceID: workspace.id),
                           orders: ChangeOrders(database: database, workspaceID: workspace.id),
                           calendar: try workspace.businessCalendar())
        }

        func kitchenJob(price: Job.Price = .fixed(cents: 48_000), ends: CivilDate? = nil) async throws -> Job {
            try await jobs.create(JobDraft(customerID: customer.id, title: "Kitchen faucet", price: price,
                                           timeFrame: Job.TimeFrame(endsOn: ends), nextStep: "order the faucet",
                                           items: [.init(kind: .included, text: "replace the kitchen faucet"),
                                                   .init(kind: .excluded, text: "tiling")]),
                                  actor: "owner", now: now)
        }

        func sentOrder(on job: Job, price: Int64? = 9_000, days: Int = 0) async throws -> ChangeOrder {
            let draft = try await orders.draft(jobID: job.id, conversationID: nil, terms: { token in
                ChangeOrderTerms(item: "fix the bathroom leak", priceCents: price, extraDays: days, message: "link /change/\(token)")
            }, actor: "owner", now: now)
            return try #require(try await orders.markSent(draft.id, actor: "owner", now: now))
        }

        func charges() async throws -> [(kind: String, cents: Int64)] {
            struct Row: Decodable { var kind: String; var amount_cents: Int64 }
            return try await database.read { sql in
                try await sql.select().columns("kind", "amount_cents").from("charges").where("workspace_id", .equal, workspace.id)
                    .orderBy("charged_at").orderBy("kind").all(decoding: Row.self)
            }.map { ($0.kind, $0.amount_cents) }
        }
    }

    @Test("a fixed-price job agreed on its page is charged once, with the time and address kept; agreeing again changes nothing",
          arguments: DatabaseBackend.allCases)
    func agreement(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let f = try await Fixture.make(database)
            let job = try await f.kitchenJob()
            #expect(job.status == .proposed)
            #expect(try await f.jobs.activeScope(customerID: f.customer.id) == nil)
            let open = try #require(try await f.jobs.openAgreement(job.id))
            let token = try #require(open.agreementToken)
            #expect(token.count == 32)
            #expect(try await f.jobs.openAgreement(job.id)?.agreementToken == token)

            let later = now + TimeSpan.hours(3)
            guard case .agreed(let agreed)? = try await Jobs.agree(token: token, address: "203.0.113.9", now: later,
                                                                  database: database) else {
                Issue.record("the first agreement is recorded")
                return
            }
            #expect(agreed.status == .agreed)
            #expect(agreed.agreedAt == later)
            #expect(agreed.agreedAddress == "203.0.113.9")
            guard case .alreadyAgreed? = try await Jobs.agree(token: token, address: "198.51.100.1", now: later + TimeSpan.hours(1),
                                                             database: database) else {
                Issue.record("a second agreement changes nothing")
                return
            }
            #expect(try await f.jobs.get(job.id)?.agreedAddress == "203.0.113.9")
            #expect(try await f.charges().map(\.cents) == [48_000])
            #expect(try await Jobs.agree(token: String(repeating: "x", count: 32), address: nil, now: later, database: database) == nil)
            // Agreed terms change only through change orders.
            await #expect(throws: JobProblem(field: "status", "the job is agreed; agreed terms change through a change order the customer accepts")) {
                _ = try await f.jobs.update(job.id, with: JobDraft(customerID: f.customer.id, title: "Bigger", price: .fixed(cents: 1),
                                                                   nextStep: "x", items: [.init(kind: .included, text: "y")]),
                                            actor: "owner", now: later)
            }
            // Triage now reads new messages against the agreed scope.
            #expect(try await f.jobs.activeScope(customerID: f.customer.id)
                    == JobScope(agreed: ["replace the kitchen faucet"], excluded: ["tiling"]))
        }
    }

    @Test("a change order accepted twice at the same moment is accepted once: one new item, one charge, and the second is told",
          arguments: DatabaseBackend.allCases)
    func acceptedTwice(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let f = try await Fixture.make(database)
            let job = try await f.kitchenJob(ends: CivilDate(year: 2026, month: 12, day: 4))
            _ = try await f.jobs.setStatus(job.id, to: .agreed, actor: "owner", now: now)
            let order = try await f.sentOrder(on: job, days: 2)
            let token = try #require(order.token)
            let calendar = f.calendar
            func answer(_ address: String) async -> Result<ChangeOrder?, any Error> {
                do { return .success(try await ChangeOrders.decide(token: token, .accept, address: address, calendar: calendar,
                                                                   now: now, database: database)) } catch { return .failure(error) }
            }
            async let first = answer("a")
            async let second = answer("b")
            let results = await [first, second]
            let accepted = results.compactMap { try? $0.get() }
            #expect(accepted.count == 1)
            #expect(accepted.first?.status == .accepted)
            let refusals = results.compactMap { result -> JobProblem? in
                if case .failure(let error) = result { return error as? JobProblem }
                return nil
            }
            #expect(refusals.count == 1)
            #expect(refusals.first?.message.hasPrefix("this change was already accepted") == true)

            let changed = try #require(try await f.jobs.get(job.id))
            #expect(changed.included == ["replace the kitchen faucet", "fix the bathroom leak"])
            #expect(changed.items.last?.changeOrderID == order.id)
            // Friday 4 December plus two working days is Tuesday 8 December: the weekend is skipped.
            #expect(changed.timeFrame.endsOn == CivilDate(year: 2026, month: 12, day: 8))
            #expect(try await f.charges().map(\.kind).sorted() == ["change_order", "job"])
            #expect(try await f.orders.acceptedCents(jobID: job.id) == 9_000)
            // Declining after accepting is refused the same way.
            await #expect(throws: JobProblem.self) {
                _ = try await ChangeOrders.decide(token: token, .decline, address: nil, calendar: calendar, now: now, database: database)
            }
        }
    }

    @Test("a change order cannot be answered after the job is done, and nothing is charged", arguments: DatabaseBackend.allCases)
    func afterTheJobClosed(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let f = try await Fixture.make(database)
            let job = try await f.kitchenJob(price: .hourly(rateCents: 12_000, estimate: .hours(4)))
            _ = try await f.jobs.setStatus(job.id, to: .agreed, actor: "owner", now: now)
            let order = try await f.sentOrder(on: job)
            // Two and a half billable hours (and half an hour not billed) on the job.
            let entries = TimeEntries(database: database, workspaceID: f.workspace.id)
            let t = now.secondsSince1970
            _ = try await entries.add(TimeEntryDraft(customerID: f.customer.id, jobID: job.id, startedAt: t, endedAt: t + 9000),
                                      userID: "rosa", now: now)
            _ = try await entries.add(TimeEntryDraft(customerID: f.customer.id, jobID: job.id, startedAt: t + 9000, endedAt: t + 10_800,
                                                     billable: false), userID: "rosa", now: now)
            _ = try await f.jobs.setStatus(job.id, to: .done, actor: "owner", now: now)
            await #expect(throws: JobProblem(field: "change", "the job is already done, so this change can no longer be answered here; "
                                             + "please reply to the email and we will sort it out together")) {
                _ = try await ChangeOrders.decide(token: order.token ?? "", .accept, address: nil, calendar: f.calendar, now: now,
                                                  database: database)
            }
            #expect(try await f.orders.get(order.id)?.status == .sent)
            // Finishing the hourly job charged its billable time: 2.5 h at $120.
            #expect(try await f.charges().map(\.cents) == [30_000])
            await #expect(throws: JobProblem(field: "status", "the job is done; a closed job is not changed")) {
                _ = try await f.jobs.setStatus(job.id, to: .inProgress, actor: "owner", now: now)
            }
            #expect(try await f.jobs.activeScope(customerID: f.customer.id) == nil)
        }
    }

    @Test("bad terms are refused with the field named; another workspace sees none of it", arguments: DatabaseBackend.allCases)
    func badInput(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let f = try await Fixture.make(database)
            func draft(_ change: (inout JobDraft) -> Void) -> JobDraft {
                var draft = JobDraft(customerID: f.customer.id, title: "Faucet", price: .fixed(cents: 100), nextStep: "call",
                                     items: [.init(kind: .included, text: "faucet")])
                change(&draft)
                return draft
            }
            await #expect(throws: JobProblem(field: "title", "give the job a title")) {
                _ = try await f.jobs.create(draft { $0.title = "  " }, actor: "o", now: now)
            }
            await #expect(throws: JobProblem(field: "included", "write at least one thing the job includes")) {
                _ = try await f.jobs.create(draft { $0.items = [.init(kind: .excluded, text: "tiling")] }, actor: "o", now: now)
            }
            await #expect(throws: JobProblem(field: "ends_on", "the end (2026-12-01) comes before the start (2026-12-07)")) {
                _ = try await f.jobs.create(draft { $0.timeFrame = Job.TimeFrame(startsOn: CivilDate(year: 2026, month: 12, day: 7),
                                                                                  endsOn: CivilDate(year: 2026, month: 12, day: 1)) },
                                            actor: "o", now: now)
            }
            await #expect(throws: JobProblem(field: "price", "an hourly rate above 0 and at most 100,000")) {
                _ = try await f.jobs.create(draft { $0.price = .hourly(rateCents: 0, estimate: nil) }, actor: "o", now: now)
            }
            let job = try await f.jobs.create(draft { _ in }, actor: "o", now: now)
            // A change order belongs on an agreed job; a proposed one is edited instead.
            await #expect(throws: JobProblem(field: "job_id", "the job is still proposed: add the item to the job itself before it is agreed")) {
                _ = try await f.sentOrder(on: job)
            }
            _ = try await f.jobs.setStatus(job.id, to: .agreed, actor: "o", now: now)
            let unpriced = try await f.orders.draft(jobID: job.id, conversationID: nil, terms: { _ in
                ChangeOrderTerms(item: "water heater install", priceCents: nil, message: "?")
            }, actor: "o", now: now)
            await #expect(throws: JobProblem(field: "price", "write the price you quote before sending the change order")) {
                _ = try await f.orders.markSent(unpriced.id, actor: "o", now: now)
            }
            // The draft's page is not open yet.
            #expect(try await ChangeOrders.withToken(unpriced.token ?? "", database: database) == nil)

            let other = try await Workspaces(database: database).create(slug: "other", policyYAML: jobPolicy, actor: "t", now: now)
            #expect(try await Jobs(database: database, workspaceID: other.id).get(job.id) == nil)
            #expect(try await ChangeOrders(database: database, workspaceID: other.id).get(unpriced.id) == nil)
            #expect(try await Jobs(database: database, workspaceID: other.id).list(customerID: f.customer.id).isEmpty)
            await #expect(throws: StoreError.self) {
                _ = try await Jobs(database: database, workspaceID: other.id).create(draft { _ in }, actor: "o", now: now)
            }
        }
    }
}
