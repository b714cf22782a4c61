import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import SQLKit
import Testing

@Suite("Customers booking themselves: a slot is booked once, whoever races for it")
struct CustomerBookingTests {
    static let policy = TestPolicies.booking()
    /// Friday 20 November 2026, noon in Chicago.
    static let friday = Instant(secondsSince1970: 1_795_197_600)
    static func at(_ text: String) throws -> Instant { try ISO8601.parse(text) }

    static func minutes(_ database: Database, _ appointmentID: String) async throws -> Int {
        try await database.read { sql in
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("booked_minutes")
                .where("appointment_id", .equal, appointmentID).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    @Test("fifty customers ask for the same site visit at once: exactly one is booked with its travel either side held, the others are told it was taken, nothing of theirs is half-booked",
          arguments: DatabaseBackend.allCases)
    func fiftyAtOnce(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database, policyYAML: Self.policy, at: Self.friday)
            let bookings = desk.workspaceDesk.customerBookings
            let start = try Self.at("2026-11-23T13:30:00-06:00")
            #expect(try await bookings.offer(kindID: "visit", booker: .stranger, now: Self.friday).slots.contains {
                $0.start == start
            })
            // Fifty customers, each coming from the link in an email of theirs.
            let customers = Customers(database: database, workspaceID: desk.workspace.id)
            var fifty: [Customer] = []
            for number in 0..<50 {
                fifty.append(try await customers.create(CustomerDraft(name: "Customer \(number)", planID: "standard",
                                                                      emails: ["c\(number)@example.org"]),
                                                        actor: "test", now: Self.friday))
            }
            let outcomes = try await withThrowingTaskGroup(of: Result<String, StoreError>.self) { group in
                for (number, customer) in fifty.enumerated() {
                    group.addTask {
                        do {
                            let booked = try await bookings.book(
                                kindID: "visit", start: start,
                                details: .init(name: customer.name, email: "c\(number)@example.org",
                                               address: "\(number) Lake Street", agenda: "The boiler"),
                                customer: customer, now: Self.friday)
                            return .success(booked.appointment.id)
                        } catch let error as StoreError {
                            return .failure(error)
                        }
                    }
                }
                var all: [Result<String, StoreError>] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let booked = outcomes.compactMap { try? $0.get() }
            let refused = outcomes.compactMap { outcome -> StoreError? in
                if case .failure(let error) = outcome { return error }
                return nil
            }
            #expect(booked.count == 1)
            #expect(refused.count == 49)
            #expect(refused.allSatisfy { $0.code == .conflict && $0.field == "start" }, "\(refused.map(\.message))")
            #expect(refused.allSatisfy { $0.message.contains("no longer free") || $0.message.contains("booked by someone else") })
            let id = try #require(booked.first)
            // The hour and the quarter hour of travel either side: 90 minutes held, no more.
            #expect(try await Self.minutes(database, id) == 90)
            let appointments = try await Appointments(database: database, workspaceID: desk.workspace.id)
                .list(from: start - .hours(2), to: start + .hours(3))
            #expect(appointments.count == 1 && appointments.first?.bookingKind == "visit")
            #expect(appointments.first?.kind == .siteVisit && appointments.first?.agenda == "The boiler")
        }
    }

    @Test("a booked visit takes its time and its travel out of everyone's slots; cancelled, the time is free again")
    func bookedThenCancelled() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database, policyYAML: Self.policy, at: Self.friday)
            let bookings = desk.workspaceDesk.customerBookings
            let calendar = try desk.workspace.businessCalendar()
            func mondayCalls() async throws -> [String] {
                try await bookings.offer(kindID: "call", booker: .stranger, now: Self.friday).slots
                    .filter { calendar.localTime(of: $0.start).date == CivilDate(year: 2026, month: 11, day: 23) }
                    .map { ClockTime.text(calendar.localTime(of: $0.start).minuteOfDay) }
            }
            #expect(try await mondayCalls().contains("13:30"))
            let booked = try await bookings.book(kindID: "visit", start: try Self.at("2026-11-23T13:30:00-06:00"),
                                                 details: .init(name: "Maria Lopez", email: "maria@example.org",
                                                                address: "12 Lake Street"),
                                                 customer: nil, now: Self.friday)
            #expect(booked.manageToken.hasPrefix("gh_") && booked.customer.kind == .prospect)
            // Held 13:15–14:45: a 20-minute call may end by 13:15 and start at 14:45.
            let held = try await mondayCalls()
            #expect(held.contains("12:45") && !held.contains("13:00") && !held.contains("14:30") && held.contains("14:45"),
                    "\(held)")
            _ = try await Appointments(database: database, workspaceID: desk.workspace.id).cancel(booked.appointment.id,
                                                                                               now: Self.friday)
            #expect(try await Self.minutes(database, booked.appointment.id) == 0)
            #expect(try await mondayCalls().contains("13:30"))
        }
    }

    @Test("a booking without a name, a visit without an address, a review by someone not on Care and a time not offered are refused, each naming what is wrong, and nothing is kept")
    func refused() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database, policyYAML: Self.policy, at: Self.friday)
            let bookings = desk.workspaceDesk.customerBookings
            let monday11 = try Self.at("2026-11-23T11:00:00-06:00")
            func refusal(_ kind: String, _ start: Instant, _ details: CustomerBookings.Details) async -> StoreError? {
                do {
                    _ = try await bookings.book(kindID: kind, start: start, details: details, customer: nil, now: Self.friday)
                    return nil
                } catch {
                    return error as? StoreError
                }
            }
            #expect(await refusal("call", monday11, .init(name: " ", email: "a@example.org"))?.field == "name")
            #expect(await refusal("call", monday11, .init(name: "Ana", email: "not an address"))?.field == "email")
            #expect(await refusal("visit", monday11, .init(name: "Ana", email: "a@example.org"))?.field == "address")
            let long = await refusal("call", monday11, .init(name: "Ana", email: "a@example.org",
                                                              agenda: String(repeating: "a", count: 2_001)))
            #expect(long?.field == "agenda" && long?.message.contains("at most 2,000 characters") == true)
            #expect(await refusal("call", monday11, .init(name: String(repeating: "n", count: 201), email: "a@example.org"))?
                .field == "name")
            let review = await refusal("review", monday11, .init(name: "Ana", email: "a@example.org"))
            #expect(review?.field == "kind" && review?.message.contains("part of the Care plan") == true)
            // 08:30 is in the focus block; a time in the past is not offered either.
            let focus = await refusal("call", try Self.at("2026-11-23T08:30:00-06:00"), .init(name: "Ana", email: "a@example.org"))
            #expect(focus?.code == .conflict && focus?.message.contains("is no longer free") == true)
            let past = await refusal("call", try Self.at("2026-11-19T11:00:00-06:00"), .init(name: "Ana", email: "a@example.org"))
            #expect(past?.code == .conflict)
            #expect(await refusal("nap", monday11, .init(name: "Ana", email: "a@example.org"))?.code == .notFound)
            let kept = try await Appointments(database: database, workspaceID: desk.workspace.id)
                .list(from: Self.friday - .hours(48), to: Self.friday + .hours(24 * 10))
            #expect(kept.isEmpty)
            #expect(try await Customers(database: database, workspaceID: desk.workspace.id).list(limit: 10).items.isEmpty,
                    "nobody is kept as a prospect from a booking that was refused, even one refused for its time")
        }
    }

    @Test("Dana, on Care with 2 hours a month, has used 1 hour 50 minutes: her 20-minute call is not booked until she accepts the extra 10 minutes at $120 an hour, then it is, with the $20 recorded for November; or she takes the first free time in December")
    func pastTheAllowance() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let policy = TestPolicies.bookingWithAllowance()
            let desk = try await TestDesk.make(database, policyYAML: policy, at: Self.friday)
            let bookings = desk.workspaceDesk.customerBookings
            let dana = try await Customers(database: database, workspaceID: desk.workspace.id)
                .create(CustomerDraft(name: "Dana Kowalski", planID: "care", emails: ["dana@example.org"]), actor: "test", now: Self.friday)
            _ = try await TimeEntries(database: database, workspaceID: desk.workspace.id)
                .add(TimeEntryDraft(customerID: dana.id, startedAt: try Self.at("2026-11-16T11:00:00-06:00").secondsSince1970,
                                    endedAt: try Self.at("2026-11-16T12:50:00-06:00").secondsSince1970),
                     userID: "owner", now: Self.friday)
            let monday = try Self.at("2026-11-23T11:00:00-06:00")
            let details = CustomerBookings.Details(name: "Dana Kowalski", email: "dana@example.org")
            do {
                _ = try await bookings.book(kindID: "call", start: monday, details: details, customer: dana, now: Self.friday)
                Issue.record("booked past the allowance without asking")
            } catch let error as StoreError {
                #expect(error.field == "accept_extra")
                #expect(error.message.contains("In November 2026 you have used 1 hour 50 minutes, so 10 minutes of this 20-minute call would be extra, at $120.00 an hour: $20.00."), "\(error.message)")
            }
            #expect(try await Appointments(database: database, workspaceID: desk.workspace.id)
                .list(from: monday, to: monday + .hours(1)).isEmpty, "nothing booked, nothing charged")

            let next = try #require(try await bookings.firstNextMonth(kindID: "call", after: monday, booker: Booker(plan: nil),
                                                                     now: Self.friday))
            let december = try Self.at("2026-12-01T00:00:00-06:00")
            #expect(next.start >= december && next.start < december + .hours(24), "on the first open day of December: \(next.start)")
            #expect(try await bookings.extra(kind: try #require(desk.workspace.policy().booking.kind(id: "call")), start: next.start,
                                             customer: dana, now: Self.friday) == nil, "December's allowance is untouched")

            let booked = try await bookings.book(kindID: "call", start: monday, details: details, customer: dana, acceptExtra: true,
                                                 now: Self.friday)
            #expect(booked.appointment.customerID == dana.id)
            let charges = try await database.read { sql in
                try await sql.select().columns("kind", "amount_cents", "charged_at", "description").from("charges")
                    .where("customer_id", .equal, dana.id).all()
            }
            #expect(charges.count == 1)
            #expect(try charges.first?.decode(column: "amount_cents", as: Int64.self) == 2_000)
            #expect(try charges.first?.decode(column: "charged_at", as: Int64.self) == monday.secondsSince1970)
            #expect(try charges.first?.decode(column: "kind", as: String.self) == "additional")
        }
    }

    @Test("a visit is booked only at an address in the area the policy names (a town or a postcode, whole words, any case); outside it the customer is told where the business goes, and nothing is kept")
    func serviceArea() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let policy = Self.policy.replacingOccurrences(of: "where: customer_address,",
                                                          with: "where: customer_address, area: [Evanston, Skokie, \"60201\"],")
            let desk = try await TestDesk.make(database, policyYAML: policy, at: Self.friday)
            let bookings = desk.workspaceDesk.customerBookings
            let monday = try Self.at("2026-11-23T13:30:00-06:00")
            do {
                _ = try await bookings.book(kindID: "visit", start: monday,
                                            details: .init(name: "Ana", email: "ana@example.org", address: "4 Main St, Gary IN"),
                                            customer: nil, now: Self.friday)
                Issue.record("booked outside the area")
            } catch let error as StoreError {
                #expect(error.field == "address")
                #expect(error.message.contains("we come to Evanston, Skokie and 60201 for Site visit; this address does not name one of them"))
            }
            #expect(try await Appointments(database: database, workspaceID: desk.workspace.id)
                .list(from: monday, to: monday + .hours(2)).isEmpty)
            #expect(try await Customers(database: database, workspaceID: desk.workspace.id).list(limit: 10).items.isEmpty,
                    "no prospect kept from a refused booking")
            let booked = try await bookings.book(kindID: "visit", start: monday,
                                                 details: .init(name: "Ana", email: "ana@example.org",
                                                                address: "12 Elm St, EVANSTON IL"),
                                                 customer: nil, now: Self.friday)
            #expect(booked.appointment.place == "12 Elm St, EVANSTON IL")
            let kind = try #require(desk.workspace.policy().booking.kind(id: "visit"))
            #expect(kind.covers("9 Oak Ave 60201") && !kind.covers("9 Oak Ave 602011") && !kind.covers("North Evanstonia"))
        }
    }
}
