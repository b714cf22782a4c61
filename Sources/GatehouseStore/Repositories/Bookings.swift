import Foundation
import GatehouseCore
import SQLKit

/// The appointments customers book themselves. A booking is checked again inside its own
/// transaction and claims every minute it holds (its buffers included), so that of two customers
/// racing for the same time exactly one is booked — on SQLite, whose writes take turns, and on
/// PostgreSQL, where the second claim breaks `booked_minutes`' key and undoes its whole booking.
public struct Bookings: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// One customer's booking, as the desk made it.
    public struct Request: Sendable {
        public var draft: AppointmentDraft
        /// The policy's bookable kind it is booked as.
        public var kindID: String
        /// The minutes it keeps from everyone else: the appointment with its buffers.
        public var holdsFrom: Instant
        public var holdsTo: Instant
        /// The hash of the customer's link to move or cancel it.
        public var manageTokenHash: String

        public init(draft: AppointmentDraft, kindID: String, holdsFrom: Instant, holdsTo: Instant, manageTokenHash: String) {
            self.draft = draft
            self.kindID = kindID
            self.holdsFrom = holdsFrom
            self.holdsTo = holdsTo
            self.manageTokenHash = manageTokenHash
        }
    }

    /// The booked appointments of [from, to), as the free slots see them.
    public func bookedTimes(from: Instant, to: Instant) async throws -> [BookedTime] {
        try await Appointments(database: database, workspaceID: workspaceID).list(from: from, to: to, limit: 5_000)
            .map(\.bookedTime)
    }

    /// Books `request`, in one transaction: `stillFree` is asked, with the appointments booked in
    /// [`around.from`, `around.to`) as they stand now, whether the time may still be booked (nil)
    /// or why not; then the appointment is stored and its minutes claimed. Throws `StoreError`
    /// `.conflict` naming the time when someone else booked it first, and nothing is kept.
    public func book(_ request: Request, around: (from: Instant, to: Instant), actor: String, now: Instant,
                     stillFree: @escaping @Sendable ([BookedTime]) -> String?) async throws -> Appointment {
        try Appointments.validate(request.draft)
        let workspaceID = self.workspaceID
        let draft = request.draft
        let row = Appointments.Row(id: NewID.make(), workspace_id: workspaceID, customer_id: draft.customerID,
                                   kind: draft.kind.rawValue, title: draft.title.trimmingCharacters(in: .whitespacesAndNewlines),
                                   starts_at: draft.startsAt, ends_at: draft.endsAt, place: draft.place, agenda: draft.agenda,
                                   override_reason: nil, collisions: "", status: Appointment.Status.booked.rawValue,
                                   cancelled_at: nil, created_by: actor, created_at: now.secondsSince1970,
                                   updated_at: now.secondsSince1970, booking_kind: request.kindID,
                                   manage_token_hash: request.manageTokenHash)
        let firstMinute = request.holdsFrom.secondsSince1970 / 60
        let lastMinute = (request.holdsTo.secondsSince1970 + 59) / 60 - 1
        struct MinuteRow: Encodable {
            var workspace_id: Workspace.ID
            var minute: Int64
            var appointment_id: String
        }
        do {
            try await database.write { sql in
                let booked = try await sql.select().columns("*").from("appointments")
                    .where("workspace_id", .equal, workspaceID).where("status", .equal, Appointment.Status.booked.rawValue)
                    .where("starts_at", .lessThan, around.to.secondsSince1970)
                    .where("ends_at", .greaterThan, around.from.secondsSince1970)
                    .all(decoding: Appointments.Row.self).map(\.appointment.bookedTime)
                if let refusal = stillFree(booked) { throw StoreError(.conflict, field: "start", refusal) }
                try await sql.insert(into: "appointments").model(row).run()
                if firstMinute <= lastMinute {
                    try await sql.insert(into: "booked_minutes")
                        .models((firstMinute...lastMinute).map { MinuteRow(workspace_id: workspaceID, minute: $0, appointment_id: row.id) })
                        .run()
                }
            }
        } catch let error as StoreError where error.code == .conflict && error.field != "start" {
            throw StoreError(.conflict, field: "start", "that time was booked by someone else a moment ago; choose another")
        }
        return row.appointment
    }
}
