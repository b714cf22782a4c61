import GatehouseCore
import GatehouseStore

/// Customers booking the policy's kinds of appointment themselves: what each may book, the free
/// slots (`FreeSlots`, over the appointments already booked), and the booking itself — checked
/// again as it is stored, so a slot taken meanwhile is refused and never booked twice.
public struct CustomerBookings: Sendable {
    let database: Database
    let workspace: Workspace
    /// The desk's public address, for the customer's link to their booking.
    let publicBaseURL: String
    /// Delivers what is due now (the confirmation) without waiting for the outbox's next round.
    let wakeOutbox: @Sendable () -> Void

    public init(database: Database, workspace: Workspace, publicBaseURL: String, wakeOutbox: @escaping @Sendable () -> Void) {
        self.database = database
        self.workspace = workspace
        self.publicBaseURL = publicBaseURL
        self.wakeOutbox = wakeOutbox
    }

    var bookings: Bookings { Bookings(database: database, workspaceID: workspace.id) }
    var mail: BookingMail { BookingMail(database: database, workspace: workspace, publicBaseURL: publicBaseURL) }

    /// What a customer gives when booking.
    public struct Details: Sendable, Equatable {
        public var name: String
        public var email: String
        public var phone: String
        /// Where a site visit happens (required for kinds at the customer's address).
        public var address: String
        /// Their answer to the kind's agenda question.
        public var agenda: String

        public init(name: String, email: String, phone: String = "", address: String = "", agenda: String = "") {
            self.name = name
            self.email = email
            self.phone = phone
            self.address = address
            self.agenda = agenda
        }
    }

    /// A booking made: the appointment, and the customer's link to move or cancel it (shown once).
    public struct Booked: Sendable {
        public var appointment: Appointment
        public var customer: Customer
        public var manageToken: String
        /// Where its emails go: the address given when booking.
        public var customerEmail: String { appointment.contactEmail ?? customer.emails.first ?? "" }
    }

    /// The stretch of booked appointments a kind's offer depends on: a week before the first day
    /// (its weekly cap, buffers that reach into the day) to a week after the last.
    func around(_ kind: BookableKind, now: Instant) -> (from: Instant, to: Instant) {
        (now - .hours(24 * 8), now + .hours(24 * Int64(kind.daysAhead + 8)))
    }

    /// The free slots of `kindID` for `booker`, or `StoreError.notFound` when the policy offers no such kind.
    public func offer(kindID: String, booker: Booker, now: Instant) async throws -> SlotOffer {
        let policy = try workspace.policy()
        guard let kind = policy.booking.kind(id: kindID) else {
            throw StoreError(.notFound, field: "kind", "there is nothing called '\(kindID)' to book here")
        }
        let around = around(kind, now: now)
        let booked = try await bookings.bookedTimes(from: around.from, to: around.to)
        return FreeSlots.offer(kind: kind, policy: policy, calendar: try workspace.businessCalendar(), booker: booker, now: now,
                               booked: booked)
    }

    /// Books `kindID` at `start` for `booker` (`customer` when the desk knows them by their signed
    /// link; otherwise a new prospect is kept from `details`). Refused, with nothing kept, when the
    /// details are incomplete, the kind is not theirs to book, or the time is no longer free.
    public func book(kindID: String, start: Instant, details: Details, customer known: Customer?, isUrgent: Bool = false,
                     acceptExtra: Bool = false, now: Instant) async throws -> Booked {
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        guard let kind = policy.booking.kind(id: kindID) else {
            throw StoreError(.notFound, field: "kind", "there is nothing called '\(kindID)' to book here")
        }
        let details = try Self.checked(details, kind: kind)
        let booker = Booker(plan: known.flatMap { policy.plan(id: $0.planID) }, isUrgent: isUrgent)
        if let refusal = FreeSlots.refusal(kind: kind, booker: booker, policy: policy) {
            throw StoreError(.invalid, field: "kind", refusal)
        }
        let slot = FreeSlot(start: start, end: start + kind.length)
        // Past the plan's allowance only when the customer has accepted what the extra time costs.
        var charge: (description: String, cents: Int64)?
        if let known, let extra = try await extra(kind: kind, start: start, customer: known, now: now) {
            guard acceptExtra else {
                throw StoreError(.invalid, field: "accept_extra",
                                 extra.words + " Accept the extra charge to book it, or choose a time next month.")
            }
            charge = extra.cents.map { (extra.chargeDescription, $0) }
        }
        let found = try await customer(known: known, details: details, policy: policy, now: now)
        let customer = found.customer
        let place = switch kind.place {
        case .customerAddress: details.address
        case .phone: details.phone.isEmpty ? "By phone" : "By phone: \(details.phone)"
        case .video: "By video link (sent before the appointment)"
        case .office: policy.business.name
        }
        let draft = AppointmentDraft(customerID: customer.id, kind: kind.place == .customerAddress ? .siteVisit : .call,
                                     title: "\(kind.name) with \(customer.name)", startsAt: start.secondsSince1970,
                                     endsAt: slot.end.secondsSince1970, place: place, agenda: details.agenda)
        let link = TokenMaker.make()
        let request = Bookings.Request(draft: draft, kindID: kind.id, holdsFrom: start - kind.bufferBefore,
                                       holdsTo: slot.end + kind.bufferAfter, manageTokenHash: link.hash,
                                       contactEmail: details.email, extraCharge: charge)
        let appointment: Appointment
        do {
            appointment = try await bookings.book(request, around: around(kind, now: now), actor: "customer:\(customer.id)",
                                                  now: now) { booked in
                let offer = FreeSlots.offer(kind: kind, policy: policy, calendar: calendar, booker: booker, now: now, booked: booked,
                                            only: calendar.localTime(of: start).date)
                return offer.slots.contains(slot) ? nil
                    : "\(calendar.spoken(start)) is no longer free for \(kind.name); choose another time"
            }
        } catch {
            // A prospect made for this booking alone is not kept when the booking is not.
            if found.isNew {
                _ = try? await Customers(database: database, workspaceID: workspace.id)
                    .delete(customer.id, actor: "booking", now: now)
            }
            throw error
        }
        try await mail.send(.booked, appointment: appointment, customer: customer, kind: kind, manageToken: link.token, now: now)
        wakeOutbox()
        return Booked(appointment: try await bookings.find(manageTokenHash: link.hash) ?? appointment, customer: customer,
                      manageToken: link.token)
    }

    /// What a booking of `kind` at `start` would cost `customer` past their plan's allowance for
    /// that month (their time recorded that month, and their other bookings still to come in it,
    /// counted first); nil when it fits.
    public func extra(kind: BookableKind, start: Instant, customer: Customer, now: Instant) async throws -> BookingAllowance.Extra? {
        let policy = try workspace.policy()
        guard let plan = policy.plan(id: customer.planID), plan.monthlyAllowance != nil else { return nil }
        let calendar = try workspace.businessCalendar()
        let bounds = ReportMonth.containing(start, calendar: calendar).bounds(calendar)
        let used = try await TimeEntries(database: database, workspaceID: workspace.id)
            .total(customerID: customer.id, from: bounds.start, to: bounds.end)
        let booked = try await Appointments(database: database, workspaceID: workspace.id)
            .list(from: max(now, bounds.start), to: bounds.end)
            .filter { $0.customerID == customer.id }
            .reduce(TimeSpan.zero) { $0 + $1.length }
        return BookingAllowance.extra(kind: kind, start: start, plan: plan, used: used, booked: booked, policy: policy,
                                      calendar: calendar)
    }

    /// The first free time for `kind` in the month after `start`'s: what a customer past their
    /// allowance is offered instead of paying for extra time.
    public func firstNextMonth(kindID: String, after start: Instant, booker: Booker, now: Instant) async throws -> FreeSlot? {
        let calendar = try workspace.businessCalendar()
        let next = ReportMonth.containing(start, calendar: calendar).next.bounds(calendar)
        return try await offer(kindID: kindID, booker: booker, now: now).slots.first { $0.start >= next.start && $0.start < next.end }
    }

    /// The details trimmed, or the first thing missing or too long, naming its field.
    static func checked(_ details: Details, kind: BookableKind) throws -> Details {
        var tidy = details
        tidy.name = details.name.trimmingCharacters(in: .whitespacesAndNewlines)
        tidy.email = details.email.trimmingCharacters(in: .whitespacesAndNewlines)
        tidy.phone = details.phone.trimmingCharacters(in: .whitespacesAndNewlines)
        tidy.address = details.address.trimmingCharacters(in: .whitespacesAndNewlines)
        tidy.agenda = details.agenda.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !tidy.name.isEmpty else { throw StoreError(.invalid, field: "name", "give your name") }
        guard tidy.name.count <= 200 else { throw StoreError(.invalid, field: "name", "at most 200 characters") }
        guard EmailAddress.isPlausible(tidy.email) else {
            throw StoreError(.invalid, field: "email", "give an email address like name@example.com, for the confirmation")
        }
        guard tidy.phone.count <= 40 else { throw StoreError(.invalid, field: "phone", "at most 40 characters") }
        if kind.place == .customerAddress, tidy.address.isEmpty {
            throw StoreError(.invalid, field: "address", "give the address where \(kind.name) is to happen")
        }
        guard tidy.address.count <= 500 else { throw StoreError(.invalid, field: "address", "at most 500 characters") }
        if kind.place == .customerAddress, !kind.covers(tidy.address) {
            throw StoreError(.invalid, field: "address",
                             "we come to \(kind.areaWords) for \(kind.name); this address does not name one of them. "
                             + "If it is nearby, write to us instead and we will see what we can do")
        }
        guard tidy.agenda.count <= 2000 else { throw StoreError(.invalid, field: "agenda", "at most 2,000 characters") }
        return tidy
    }

    /// The customer the booking is for: the one the desk knows, the one with this email address,
    /// or a new prospect (`isNew`).
    func customer(known: Customer?, details: Details, policy: Policy, now: Instant) async throws -> (customer: Customer, isNew: Bool) {
        if let known { return (known, false) }
        let customers = Customers(database: database, workspaceID: workspace.id)
        if let found = try await customers.find(contact: details.email.lowercased()) { return (found, false) }
        return (try await customers.create(CustomerDraft(name: details.name, kind: .prospect, planID: policy.defaultPlan.id,
                                                        emails: [details.email]),
                                          actor: "booking", now: now), true)
    }
}
