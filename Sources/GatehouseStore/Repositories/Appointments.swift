import Foundation
import GatehouseCore
import SQLKit



/// The appointments of one workspace. Whether one may go where the owner wants it is decided in
/// Core (`AppointmentCheck`); this keeps what was decided, with the override reason.
public struct Appointments: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    /// The longest appointment: a long site visit, not a week.
    public static let longest = TimeSpan.hours(12)

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    struct Row: Codable {
        var id: String
        var workspace_id: Workspace.ID
        var customer_id: Customer.ID?
        var kind, title: String
        var starts_at, ends_at: Int64
        var place, agenda: String
        var override_reason: String?
        var collisions, status: String
        var cancelled_at: Int64?
        var created_by: String
        var created_at, updated_at: Int64
        var booking_kind: String?
        var manage_token_hash: String?
        var conversation_id: Conversation.ID?
        var contact_email: String?
        var sequence: Int
        var cancelled_by: String?
        var cancelled_late: Int

        var appointment: Appointment {
            Appointment(id: id, customerID: customer_id, kind: Appointment.Kind(rawValue: kind) ?? .meeting, title: title,
                        startsAt: starts_at, endsAt: ends_at, place: place, agenda: agenda, overrideReason: override_reason,
                        collisions: collisions.split(separator: "\n").map(String.init),
                        status: Appointment.Status(rawValue: status) ?? .booked, createdAt: created_at, updatedAt: updated_at,
                        bookingKind: booking_kind, conversationID: conversation_id, contactEmail: contact_email, sequence: sequence,
                        cancelledBy: cancelled_by, cancelledLate: cancelled_late != 0)
        }
    }

    /// Checks the parts of a draft that need no calendar; errors name the field.
    public static func validate(_ draft: AppointmentDraft) throws {
        guard !draft.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError(.invalid, field: "title", "say what it is, such as 'Call with Maria'")
        }
        guard draft.title.count <= 200 else { throw StoreError(.invalid, field: "title", "at most 200 characters") }
        guard draft.endsAt > draft.startsAt else {
            throw StoreError(.invalid, field: "minutes", "an appointment must last at least a minute")
        }
        guard draft.endsAt - draft.startsAt <= longest.seconds else {
            throw StoreError(.invalid, field: "minutes", "an appointment can be at most \(longest.spokenDescription) long")
        }
        guard draft.place.count <= 500 else { throw StoreError(.invalid, field: "place", "at most 500 characters") }
        guard draft.agenda.count <= 5000 else { throw StoreError(.invalid, field: "agenda", "at most 5000 characters") }
    }

    /// Books `draft` as `check` decided: refused (nothing stored) unless it was accepted.
    public func book(_ draft: AppointmentDraft, check: AppointmentCheck, actor: String, now: Instant) async throws -> Appointment {
        try Self.validate(draft)
        if let refusal = check.refusal { throw StoreError(.conflict, field: "starts_at", "" + refusal) }
        if let reason = check.overrideReason, reason.count > 1000 {
            throw StoreError(.invalid, field: "override_reason", "at most 1000 characters")
        }
        let row = Row(id: NewID.make(), workspace_id: workspaceID, customer_id: draft.customerID, kind: draft.kind.rawValue,
                      title: draft.title.trimmingCharacters(in: .whitespacesAndNewlines), starts_at: draft.startsAt,
                      ends_at: draft.endsAt, place: draft.place, agenda: draft.agenda, override_reason: check.overrideReason,
                      collisions: check.collisions.joined(separator: "\n"), status: Appointment.Status.booked.rawValue,
                      cancelled_at: nil, created_by: actor, created_at: now.secondsSince1970, updated_at: now.secondsSince1970,
                      booking_kind: nil, manage_token_hash: nil, conversation_id: nil, contact_email: nil, sequence: 0, cancelled_by: nil,
                      cancelled_late: 0)
        let workspaceID = self.workspaceID
        try await database.write { sql in
            if let customerID = draft.customerID, try await sql.select().column("id").from("customers")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, customerID).first() == nil {
                throw StoreError(.notFound, field: "customer_id", "no customer \(customerID) in this workspace")
            }
            try await sql.insert(into: "appointments").model(row).run()
        }
        return row.appointment
    }

    /// One appointment, or nil when it is not this workspace's.
    public func get(_ id: String) async throws -> Appointment? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("*").from("appointments").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, id).first(decoding: Row.self)
        }?.appointment
    }

    /// The appointments overlapping [from, to), by start; cancelled ones only when asked for.
    public func list(from: Instant, to: Instant, includeCancelled: Bool = false, limit: Int = 500) async throws -> [Appointment] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            let query = sql.select().columns("*").from("appointments").where("workspace_id", .equal, workspaceID)
                .where("starts_at", .lessThan, to.secondsSince1970).where("ends_at", .greaterThan, from.secondsSince1970)
            if !includeCancelled { query.where("status", .equal, Appointment.Status.booked.rawValue) }
            return try await query.orderBy("starts_at").orderBy("id").limit(limit).all(decoding: Row.self)
        }.map(\.appointment)
    }

    /// The booked appointments of [from, to) as blocks of a day plan.
    public func blocks(from: Instant, to: Instant, except: String? = nil) async throws -> [DayBlock] {
        try await list(from: from, to: to).filter { $0.id != except }.map {
            DayBlock(kind: .appointment, start: Instant(secondsSince1970: $0.startsAt), end: Instant(secondsSince1970: $0.endsAt),
                     label: $0.title)
        }
    }

    /// Cancels a booked appointment; nil when there is no such appointment here. Cancelling
    /// twice is harmless: the second time returns it as it is.
    public func cancel(_ id: String, now: Instant) async throws -> Appointment? {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("appointments").set("status", to: Appointment.Status.cancelled.rawValue)
                .set("cancelled_at", to: now.secondsSince1970).set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id)
                .where("status", .equal, Appointment.Status.booked.rawValue).run()
            // A cancelled booking's time is free again for others to book.
            try await sql.delete(from: "booked_minutes").where("workspace_id", .equal, workspaceID)
                .where("appointment_id", .equal, id).run()
        }
        return try await get(id)
    }
}

/// The owner's calendar feed links: one per person and workspace, only the hash kept.
public struct CalendarFeeds: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// When the person's current link was made, or nil when they have none.
    public func madeAt(workspaceID: Workspace.ID, userID: String) async throws -> Int64? {
        struct Made: Decodable { var created_at: Int64 }
        return try await database.read { sql in
            try await sql.select().column("created_at").from("calendar_feeds").where("workspace_id", .equal, workspaceID)
                .where("user_id", .equal, userID).first(decoding: Made.self)
        }?.created_at
    }

    /// Keeps `tokenHash` as the person's link, replacing (and so ending) the one they had.
    public func replace(workspaceID: Workspace.ID, userID: String, tokenHash: String, now: Instant) async throws {
        try await database.write { sql in
            try await sql.delete(from: "calendar_feeds").where("workspace_id", .equal, workspaceID)
                .where("user_id", .equal, userID).run()
            try await sql.insert(into: "calendar_feeds").columns("workspace_id", "user_id", "token_hash", "created_at")
                .values(SQLBind(workspaceID), SQLBind(userID), SQLBind(tokenHash), SQLBind(now.secondsSince1970)).run()
        }
    }

    /// The workspace and person a link belongs to, or nil for a link that is not (or no longer) one.
    public func owner(tokenHash: String) async throws -> (workspaceID: Workspace.ID, userID: String)? {
        struct Found: Decodable { var workspace_id: Workspace.ID; var user_id: String }
        guard let found = try await database.read({ sql in
            try await sql.select().columns("workspace_id", "user_id").from("calendar_feeds")
                .where("token_hash", .equal, tokenHash).first(decoding: Found.self)
        }) else { return nil }
        return (found.workspace_id, found.user_id)
    }
}
