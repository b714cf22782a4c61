import Foundation
import GatehouseCore
import SQLKit

extension Reports {
    /// The appointments with a customer that start in `[from, to)` and are still booked, each with
    /// the first session held for it: what "on time" and "within the time box" are counted from.
    public func bookedSessions(from: Instant, to: Instant) async throws -> [QualityTime.Booking] {
        let workspaceID = self.workspaceID
        struct Row: Decodable {
            var id: String
            var customer_id: Customer.ID
            var name: String
            var starts_at, ends_at: Int64
        }
        struct SessionRow: Decodable {
            var appointment_id: String
            var started_at: Int64
            var ended_at: Int64?
            var box_minutes: Int64
        }
        return try await database.read { sql in
            let appointments = try await sql.select()
                .columns(SQLColumn("id", table: "appointments"), SQLColumn("customer_id", table: "appointments"),
                         SQLColumn("name", table: "customers"), SQLColumn("starts_at", table: "appointments"),
                         SQLColumn("ends_at", table: "appointments"))
                .from("appointments")
                .join("customers", on: SQLColumn("id", table: "customers"), .equal, SQLColumn("customer_id", table: "appointments"))
                .where(SQLColumn("workspace_id", table: "appointments"), .equal, SQLBind(workspaceID))
                .where(SQLColumn("status", table: "appointments"), .equal, SQLBind(Appointment.Status.booked.rawValue))
                .where(SQLColumn("starts_at", table: "appointments"), .greaterThanOrEqual, SQLBind(from.secondsSince1970))
                .where(SQLColumn("starts_at", table: "appointments"), .lessThan, SQLBind(to.secondsSince1970))
                .orderBy(SQLColumn("starts_at", table: "appointments")).limit(5_000)
                .all(decoding: Row.self)
            guard !appointments.isEmpty else { return [] }
            let sessions = try await sql.select().columns("appointment_id", "started_at", "ended_at", "box_minutes")
                .from("work_sessions").where("workspace_id", .equal, workspaceID)
                .where("appointment_id", .in, appointments.map(\.id))
                .orderBy("started_at").all(decoding: SessionRow.self)
            var first: [String: SessionRow] = [:]
            for session in sessions where first[session.appointment_id] == nil { first[session.appointment_id] = session }
            return appointments.map { row in
                let session = first[row.id]
                return QualityTime.Booking(customerID: row.customer_id, customerName: row.name,
                                           start: Instant(secondsSince1970: row.starts_at),
                                           length: TimeSpan(seconds: row.ends_at - row.starts_at),
                                           began: session.map { Instant(secondsSince1970: $0.started_at) },
                                           ended: session?.ended_at.map(Instant.init(secondsSince1970:)),
                                           box: session.map { TimeSpan.minutes($0.box_minutes) })
            }
        }
    }
}
