import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("The demo business for serve --demo")
struct DemoBusinessTests {
    static var plumberYAML: String { get throws { try TestDesk.plumberPolicy() } }

    @Test("a Tuesday morning: customers on both plans, every quadrant filled, an out-of-scope request, a held reply; loading twice keeps one copy",
          arguments: DatabaseBackend.allCases)
    func load(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let now = try ISO8601.parse("2026-11-24T09:40:00-06:00")
            let loaded = try await DemoBusiness.load(database: database, policyYAML: try Self.plumberYAML, passwordHash: "hash-one",
                                                     settings: IntakeSettings(), now: now)
            #expect(loaded.created)
            let id = loaded.workspace.id
            // Customers may book a call or a site visit; Sam booked a visit himself.
            #expect(try loaded.workspace.policy().booking.kinds.map(\.id) == ["call", "visit"])
            let booked = try await Appointments(database: database, workspaceID: id).list(from: now, to: now + .hours(24 * 40))
            #expect(booked.contains { $0.bookingKind == "visit" && $0.title == "Site visit with Sam Lee"
                && $0.agenda == "The radiator in the back bedroom stays cold." })
            let customers = try await Customers(database: database, workspaceID: id).list(limit: 100).items
            #expect(Set(customers.map(\.planID)) == ["care", "standard"])
            let conversations = try await Conversations(database: database, workspaceID: id).list(limit: 100).items
            #expect(Set(conversations.compactMap(\.quadrant)) == Set(Quadrant.allCases))
            #expect(conversations.contains { $0.scope == .outOfScope })
            #expect(conversations.allSatisfy { $0.lastMessageAt <= now }, "nothing happens in the future")
            #expect(conversations.map(\.createdAt).min()! < now - TimeSpan.hours(24 * 4), "a week of messages")
            let outbox = Outbox(database: database, workspaceID: id)
            #expect(try await outbox.list(state: .held).count == 1)
            // Sam's confirmation and its reminder wait in the outbox, in his booking's own conversation.
            let bookingMail = try await outbox.list(limit: 500).filter { $0.payload?.purpose == .booking }
            #expect(bookingMail.contains { $0.subject?.hasPrefix("Booked: Site visit") == true })
            #expect(conversations.contains { $0.subject.hasPrefix("Site visit, ") })
            #expect(try await outbox.list(state: .scheduled).contains { $0.payload?.purpose == .reply })
            #expect(try await Accounts(database: database).credentials(email: DemoBusiness.ownerEmail)?.passwordHash == "hash-one")
            // Lena's agreed job, and the radiators she asked for since: out of its scope, a change order waits for her.
            let radiators = try #require(conversations.first { $0.subject == "Bathroom faucet" })
            #expect(radiators.scope == .outOfScope)
            let lenas = try await Jobs(database: database, workspaceID: id).list(customerID: radiators.customerID)
            #expect(lenas.map(\.status) == [.agreed])
            let orders = try await ChangeOrders(database: database, workspaceID: id).list(jobID: try #require(lenas.first).id)
            #expect(orders.map(\.status) == [.sent])
            #expect(orders.first?.priceCents == 9_000)
            #expect(orders.first?.message.contains("an additional $90") == true)
            // Time recorded today: the report has something to weigh, and the buffer has been used.
            let entries = TimeEntries(database: database, workspaceID: id)
            #expect(try await entries.total(from: now - TimeSpan.hours(24), to: now) == TimeSpan.minutes(170))
            #expect(try await entries.total(urgentOnly: true, from: now - TimeSpan.hours(24), to: now) == TimeSpan.minutes(15))
            // The help in use: Ruth's slow sink was solved by an article, so her request closed as
            // self-served; the articles page has views, suggestions and answers to show.
            let sink = try #require(conversations.first { $0.subject == "Slow kitchen sink" })
            #expect(try await Conversations(database: database, workspaceID: id).find(sink.id)?.status == .closed)
            let articles = try await HelpArticles(database: database, workspaceID: id).all(for: .owner)
            let drain = try #require(articles.first { $0.article.slug == "clearing-a-slow-drain" })
            #expect(drain.solved == 1 && drain.views >= 1 && drain.suggested >= 1)
            let toilet = try #require(articles.first { $0.article.slug == "a-toilet-that-keeps-running" })
            #expect(toilet.solved == 2)

            // A stranger's invoice that borrowed Ken's Message-ID: kept as its own message, flagged for the owner.
            let invoice = try #require(conversations.first { $0.subject == "Overdue invoice" })
            let thread = try await Conversations(database: database, workspaceID: id).thread(invoice.id)
            #expect(thread.first?.problems?.contains("same Message-ID (<demo-0@example.net>)") == true)

            let again = try await DemoBusiness.load(database: database, policyYAML: try Self.plumberYAML, passwordHash: "hash-two",
                                                    settings: IntakeSettings(), now: now + TimeSpan.hours(1))
            #expect(!again.created)
            #expect(try await Conversations(database: database, workspaceID: id).list(limit: 100).items.count == conversations.count)
            #expect(try await Accounts(database: database).credentials(email: DemoBusiness.ownerEmail)?.passwordHash == "hash-two",
                    "each start with --demo gives the owner the password it prints")
        }
    }
}
