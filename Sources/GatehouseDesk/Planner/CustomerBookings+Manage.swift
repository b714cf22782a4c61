import GatehouseCore
import GatehouseStore

/// A customer's own booking, opened by the link in its emails: moved to another free time, or
/// cancelled, up to the policy's cancellation notice; cancelling later is still possible and is
/// recorded as late, for the owner to decide what it costs. And the owner's side: cancelling or
/// moving a customer's booking, the customer told with the policy's templates.
extension CustomerBookings {
    /// One booking as its customer sees it.
    public struct Managed: Sendable {
        public var appointment: Appointment
        public var customer: Customer
        /// The policy's kind it was booked as (nil when the policy no longer offers it).
        public var kind: BookableKind?
        /// The last moment it may be moved or cancelled without it counting as late.
        public var changeUntil: Instant
        /// It may still be moved here (booked, and before `changeUntil`).
        public var canMove: Bool
        /// It may still be cancelled here (booked and not yet begun); late after `changeUntil`.
        public var canCancel: Bool
        public var isLate: Bool
    }

    /// The booking whose link is `token`, or nil for a link that is not one (forged, or of
    /// another workspace).
    public func managed(token: String, now: Instant) async throws -> Managed? {
        guard token.hasPrefix("gh_"), token.count < 100,
              let appointment = try await bookings.find(manageTokenHash: TokenMaker.hash(token)) else { return nil }
        return try await managed(appointment, now: now)
    }

    func managed(_ appointment: Appointment, now: Instant) async throws -> Managed? {
        guard let customerID = appointment.customerID,
              let customer = try await Customers(database: database, workspaceID: workspace.id).get(customerID) else { return nil }
        let policy = try workspace.policy()
        let start = Instant(secondsSince1970: appointment.startsAt)
        let until = BookingLetter.changeUntil(start, rules: policy.booking)
        let kind = appointment.bookingKind.flatMap(policy.booking.kind(id:))
        let booked = appointment.status == .booked
        return Managed(appointment: appointment, customer: customer, kind: kind, changeUntil: until,
                       canMove: booked && kind != nil && now < until, canCancel: booked && now < start,
                       isLate: booked && now >= until)
    }

    /// The free times the booking of `managed` could move to: its kind's offer, the booking's
    /// own time not counted against it.
    public func moveOffer(_ managed: Managed, now: Instant) async throws -> SlotOffer? {
        guard let kind = managed.kind else { return nil }
        let policy = try workspace.policy()
        let around = around(kind, now: now)
        let booked = try await bookings.bookedTimes(from: around.from, to: around.to)
        return FreeSlots.offer(kind: kind, policy: policy, calendar: try workspace.businessCalendar(),
                               booker: Booker(plan: policy.plan(id: managed.customer.planID)), now: now,
                               booked: Self.without(managed.appointment, in: booked))
    }

    /// `booked` less the one booking itself (the same time and kind, once).
    static func without(_ appointment: Appointment, in booked: [BookedTime]) -> [BookedTime] {
        var rest = booked
        if let own = rest.firstIndex(where: { $0.start.secondsSince1970 == appointment.startsAt
                                              && $0.end.secondsSince1970 == appointment.endsAt
                                              && $0.kindID == appointment.bookingKind }) {
            rest.remove(at: own)
        }
        return rest
    }

    /// Moves the booking opened by `token` to `start`: refused (naming why) after its change-until
    /// time or when the time is not free; the customer is sent the new invitation (same UID, next
    /// SEQUENCE) and the owner a notice.
    public func move(token: String, to start: Instant, now: Instant) async throws -> Managed {
        guard let managed = try await managed(token: token, now: now) else {
            throw StoreError(.notFound, field: "booking", "this link does not open a booking; use the link in your latest email")
        }
        guard managed.appointment.status == .booked else {
            throw StoreError(.invalid, field: "booking", "this booking is cancelled, so there is nothing to move")
        }
        let calendar = try workspace.businessCalendar()
        guard managed.canMove, let kind = managed.kind else {
            throw StoreError(.invalid, field: "booking",
                             "it can be moved here only until \(calendar.spoken(managed.changeUntil)); please reply to your "
                             + "confirmation email instead")
        }
        let policy = try workspace.policy()
        let booker = Booker(plan: policy.plan(id: managed.customer.planID))
        let slot = FreeSlot(start: start, end: start + kind.length)
        let appointment = managed.appointment
        let moved = try await bookings.move(appointment.id, start: start, end: slot.end, holdsFrom: start - kind.bufferBefore,
                                            holdsTo: slot.end + kind.bufferAfter, around: around(kind, now: now), now: now) { others in
            let offer = FreeSlots.offer(kind: kind, policy: policy, calendar: calendar, booker: booker, now: now, booked: others,
                                        only: calendar.localTime(of: start).date)
            return offer.slots.contains(slot) ? nil
                : "\(calendar.spoken(start)) is not free for \(kind.name); choose another time"
        }
        try await mail.send(.moved(from: Instant(secondsSince1970: appointment.startsAt), byOwner: false), appointment: moved,
                            customer: managed.customer, kind: kind, manageToken: token, now: now)
        wakeOutbox()
        guard let after = try await self.managed(moved, now: now) else { throw StoreError(.notFound, "the booking just moved is gone") }
        return after
    }

    /// Cancels the booking opened by `token`: late (recorded, and the owner told so) inside the
    /// cancellation notice, refused once it has begun. The customer is sent the CANCEL that takes
    /// it off their calendar.
    public func cancel(token: String, now: Instant) async throws -> Managed {
        guard let managed = try await managed(token: token, now: now) else {
            throw StoreError(.notFound, field: "booking", "this link does not open a booking; use the link in your latest email")
        }
        guard managed.appointment.status == .booked else { return managed }
        guard managed.canCancel else {
            throw StoreError(.invalid, field: "booking", "it has already begun, so it can no longer be cancelled here")
        }
        guard let cancelled = try await bookings.cancel(managed.appointment.id, by: "customer", late: managed.isLate, now: now)
        else { return try await self.managed(token: token, now: now) ?? managed }
        try await mail.send(.cancelled(byOwner: false, late: managed.isLate), appointment: cancelled, customer: managed.customer,
                            kind: managed.kind, manageToken: nil, now: now)
        wakeOutbox()
        return try await self.managed(cancelled, now: now) ?? managed
    }

    /// The owner cancels an appointment. A customer's booking: the customer is told with the
    /// policy's template and sent the CANCEL; one the owner entered themselves is cancelled
    /// without an email. Nil when there is no such appointment here; cancelling twice returns it
    /// as it is.
    public func cancelByOwner(_ appointmentID: String, actor: String, now: Instant) async throws -> Appointment? {
        guard let appointment = try await Appointments(database: database, workspaceID: workspace.id).get(appointmentID)
        else { return nil }
        guard appointment.status == .booked else { return appointment }
        guard appointment.bookingKind != nil,
              let cancelled = try await bookings.cancel(appointmentID, by: actor, late: false, now: now) else {
            return try await Appointments(database: database, workspaceID: workspace.id).cancel(appointmentID, now: now)
        }
        if let managed = try await managed(cancelled, now: now) {
            try await mail.send(.cancelled(byOwner: true, late: false), appointment: cancelled, customer: managed.customer,
                                kind: managed.kind, manageToken: nil, now: now)
            wakeOutbox()
        }
        return cancelled
    }

    /// The owner moves a customer's booking to `start` (its length kept): checked against the
    /// day as the owner's own appointments are (open hours, focus, the buffer, other appointments;
    /// booked anyway with `overrideReason`) and against every other booking's minutes. The customer
    /// is sent the new invitation with a new link (the old one stops working); no notice to the
    /// owner. Throws `AppointmentRefused` naming what it runs into.
    public func moveByOwner(_ appointmentID: String, to start: Instant, overrideReason: String?, actor: String,
                            now: Instant) async throws -> Appointment? {
        guard let appointment = try await Appointments(database: database, workspaceID: workspace.id).get(appointmentID),
              appointment.status == .booked, appointment.bookingKind != nil else { return nil }
        let end = start + appointment.length
        let book = AppointmentBook(database: database, workspace: workspace)
        let draft = AppointmentDraft(customerID: appointment.customerID, kind: appointment.kind, title: appointment.title,
                                     startsAt: start.secondsSince1970, endsAt: end.secondsSince1970, place: appointment.place,
                                     agenda: appointment.agenda)
        let decision = try await book.check(draft, overrideReason: overrideReason, except: appointmentID)
        guard decision.accepted else { throw AppointmentRefused(check: decision) }
        let kind = appointment.bookingKind.flatMap { try? workspace.policy().booking.kind(id: $0) }
        let moved = try await bookings.move(appointmentID, start: start, end: end, holdsFrom: start - (kind?.bufferBefore ?? .zero),
                                            holdsTo: end + (kind?.bufferAfter ?? .zero), around: (start, end), now: now) { _ in nil }
        let link = TokenMaker.make()
        try await bookings.replaceManageToken(appointmentID, hash: link.hash)
        if let managed = try await managed(moved, now: now) {
            try await mail.send(.moved(from: Instant(secondsSince1970: appointment.startsAt), byOwner: true), appointment: moved,
                                customer: managed.customer, kind: kind, manageToken: link.token, now: now)
            wakeOutbox()
        }
        return moved
    }

    /// The owner's decision about a late cancellation: what it costs, recorded as a charge for the
    /// customer in the month of the appointment. Nil when there is no such late-cancelled booking.
    public func chargeLateCancellation(_ appointmentID: String, cents: Int64, now: Instant) async throws -> Appointment? {
        guard let appointment = try await Appointments(database: database, workspaceID: workspace.id).get(appointmentID),
              appointment.cancelledLate, let customerID = appointment.customerID else { return nil }
        guard cents > 0 else { throw StoreError(.invalid, field: "amount", "give an amount above zero, or charge nothing") }
        let calendar = try workspace.businessCalendar()
        let kind = appointment.bookingKind.flatMap { try? workspace.policy().booking.kind(id: $0) }
        try await Charges(database: database, workspaceID: workspace.id)
            .add(customerID: customerID, kind: .additional,
                 description: "Late cancellation of \(kind?.name ?? appointment.kind.label) on "
                     + calendar.spoken(Instant(secondsSince1970: appointment.startsAt)),
                 amountCents: cents, chargedAt: Instant(secondsSince1970: appointment.startsAt))
        return appointment
    }
}
