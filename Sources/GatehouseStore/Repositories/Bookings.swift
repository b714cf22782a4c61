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
        /// The address the customer gave: where its emails go.
        public var contactEmail: String
        /// Extra time past the plan's allowance the customer accepted when booking: charged with
        /// the booking, dated at its start, or not at all when the booking is refused.
        public var extraCharge: (description: String, cents: Int64)?

        public init(draft: AppointmentDraft, kindID: String, holdsFrom: Instant, holdsTo: Instant, manageTokenHash: String,
                    contactEmail: String, extraCharge: (description: String, cents: Int64)? = nil) {
            self.draft = draft
            self.kindID = kindID
            self.holdsFrom = holdsFrom
            self.holdsTo = holdsTo
            self.manageTokenHash = manageTokenHash
            self.contactEmail = contactEmail
            self.extraCharge = extraCharge
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
        let extraCharge = request.extraCharge
        let row = Appointments.Row(id: NewID.make(), workspace_id: workspaceID, customer_id: draft.customerID,
                                   kind: draft.kind.rawValue, title: draft.title.trimmingCharacters(in: .whitespacesAndNewlines),
                                   starts_at: draft.startsAt, ends_at: draft.endsAt, place: draft.place, agenda: draft.agenda,
                                   override_reason: nil, collisions: "", status: Appointment.Status.booked.rawValue,
                                   cancelled_at: nil, created_by: actor, created_at: now.secondsSince1970,
                                   updated_at: now.secondsSince1970, booking_kind: request.kindID,
                                   manage_token_hash: request.manageTokenHash, conversation_id: nil,
                                   contact_email: request.contactEmail, sequence: 0,
                                   cancelled_by: nil, cancelled_late: 0)
        let firstMinute = request.holdsFrom.secondsSince1970 / 60
        let lastMinute = (request.holdsTo.secondsSince1970 + 59) / 60 - 1
        do {
            try await database.write { sql in
                let booked = try await sql.select().columns("*").from("appointments")
                    .where("workspace_id", .equal, workspaceID).where("status", .equal, Appointment.Status.booked.rawValue)
                    .where("starts_at", .lessThan, around.to.secondsSince1970)
                    .where("ends_at", .greaterThan, around.from.secondsSince1970)
                    .all(decoding: Appointments.Row.self).map(\.appointment.bookedTime)
                if let refusal = stillFree(booked) { throw StoreError(.conflict, field: "start", refusal) }
                try await sql.insert(into: "appointments").model(row).run()
                if let charge = extraCharge, let customerID = draft.customerID {
                    try await sql.insert(into: "charges")
                        .columns("id", "workspace_id", "customer_id", "kind", "description", "amount_cents", "charged_at")
                        .values(SQLBind(NewID.make()), SQLBind(workspaceID), SQLBind(customerID), SQLBind("additional"),
                                SQLBind(String(charge.description.prefix(500))), SQLBind(max(0, charge.cents)),
                                SQLBind(draft.startsAt))
                        .run()
                }
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

    /// The booking whose manage link hashes to `tokenHash`, in this workspace.
    public func find(manageTokenHash tokenHash: String) async throws -> Appointment? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("*").from("appointments").where("workspace_id", .equal, workspaceID)
                .where("manage_token_hash", .equal, tokenHash).first(decoding: Appointments.Row.self)?.appointment
        }
    }

    /// Records the conversation a booking's emails go in.
    public func setConversation(_ appointmentID: String, _ conversationID: Conversation.ID) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("appointments").set("conversation_id", to: conversationID)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, appointmentID).run()
        }
    }

    /// Moves a booked appointment to [`start`, `end`), holding [`holdsFrom`, `holdsTo`), in one
    /// transaction: its own minutes are given up, `stillFree` is asked with the other bookings as
    /// they stand, and the new minutes claimed; its invitation's sequence goes up by one. Throws
    /// `.conflict` naming the time when it was taken meanwhile (and the booking stays where it
    /// was), `.notFound` when it is no longer booked.
    public func move(_ appointmentID: String, start: Instant, end: Instant, holdsFrom: Instant, holdsTo: Instant,
                     around: (from: Instant, to: Instant), now: Instant,
                     stillFree: @escaping @Sendable ([BookedTime]) -> String?) async throws -> Appointment {
        let workspaceID = self.workspaceID
        let firstMinute = holdsFrom.secondsSince1970 / 60
        let lastMinute = (holdsTo.secondsSince1970 + 59) / 60 - 1
        do {
            return try await database.write { sql in
                guard let current = try await sql.select().columns("*").from("appointments")
                    .where("workspace_id", .equal, workspaceID).where("id", .equal, appointmentID)
                    .where("status", .equal, Appointment.Status.booked.rawValue).first(decoding: Appointments.Row.self)
                else { throw StoreError(.notFound, field: "booking", "this booking is no longer booked") }
                let others = try await sql.select().columns("*").from("appointments")
                    .where("workspace_id", .equal, workspaceID).where("status", .equal, Appointment.Status.booked.rawValue)
                    .where("id", .notEqual, appointmentID)
                    .where("starts_at", .lessThan, around.to.secondsSince1970)
                    .where("ends_at", .greaterThan, around.from.secondsSince1970)
                    .all(decoding: Appointments.Row.self).map(\.appointment.bookedTime)
                if let refusal = stillFree(others) { throw StoreError(.conflict, field: "start", refusal) }
                try await sql.delete(from: "booked_minutes").where("workspace_id", .equal, workspaceID)
                    .where("appointment_id", .equal, appointmentID).run()
                var row = current
                row.starts_at = start.secondsSince1970
                row.ends_at = end.secondsSince1970
                row.sequence += 1
                row.updated_at = now.secondsSince1970
                try await sql.update("appointments").set("starts_at", to: row.starts_at).set("ends_at", to: row.ends_at)
                    .set("sequence", to: row.sequence).set("updated_at", to: row.updated_at)
                    .where("workspace_id", .equal, workspaceID).where("id", .equal, appointmentID).run()
                if firstMinute <= lastMinute {
                    try await sql.insert(into: "booked_minutes")
                        .models((firstMinute...lastMinute).map {
                            MinuteRow(workspace_id: workspaceID, minute: $0, appointment_id: appointmentID)
                        })
                        .run()
                }
                return row.appointment
            }
        } catch let error as StoreError where error.code == .conflict && error.field != "start" {
            throw StoreError(.conflict, field: "start", "that time was booked by someone else a moment ago; choose another")
        }
    }

    /// Cancels a booked appointment for `by` ("customer", "owner:<id>"), `late` when the customer
    /// does so inside the cancellation notice: its minutes are free again and its invitation's
    /// sequence goes up by one. Nil when it was not booked (cancelled already, or not here).
    public func cancel(_ appointmentID: String, by: String, late: Bool, now: Instant) async throws -> Appointment? {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            let changed = try await sql.update("appointments").set("status", to: Appointment.Status.cancelled.rawValue)
                .set("cancelled_at", to: now.secondsSince1970).set("updated_at", to: now.secondsSince1970)
                .set("cancelled_by", to: by).set("cancelled_late", to: late ? 1 : 0)
                .set(SQLIdentifier("sequence"), to: SQLRaw("sequence + 1"))
                .where("workspace_id", .equal, workspaceID).where("id", .equal, appointmentID)
                .where("status", .equal, Appointment.Status.booked.rawValue)
                .returning("id").all()
            guard !changed.isEmpty else { return nil }
            try await sql.delete(from: "booked_minutes").where("workspace_id", .equal, workspaceID)
                .where("appointment_id", .equal, appointmentID).run()
            return try await sql.select().columns("*").from("appointments").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, appointmentID).first(decoding: Appointments.Row.self)?.appointment
        }
    }

    /// Gives a booking a new manage link (its hash), the old one no longer opening it: when the
    /// owner moves it, the customer's email carries the new link.
    public func replaceManageToken(_ appointmentID: String, hash: String) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("appointments").set("manage_token_hash", to: hash)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, appointmentID).run()
        }
    }
}

struct MinuteRow: Encodable {
    var workspace_id: Workspace.ID
    var minute: Int64
    var appointment_id: String
}
