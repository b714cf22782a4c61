extension Schema {
    static let m032Bookings = Migration(id: "2026-12-09-032-bookings", statements: [
        // An appointment a customer booked themselves: the bookable kind of the policy it was
        // booked as (its buffers, its caps), and the hash of the customer's link to move or
        // cancel it. Appointments the owner enters have neither.
        "ALTER TABLE appointments ADD COLUMN booking_kind TEXT",
        "ALTER TABLE appointments ADD COLUMN manage_token_hash TEXT",
        "CREATE UNIQUE INDEX appointments_manage_token ON appointments (manage_token_hash) WHERE manage_token_hash IS NOT NULL",
        // Every minute a customer's booking holds, its buffers included: one row a minute, so that two
        // bookings racing for the same time cannot both be kept, on SQLite and on PostgreSQL alike
        // (the second insert breaks the primary key and its whole booking is undone).
        """
        CREATE TABLE booked_minutes (
            workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            minute BIGINT NOT NULL,
            appointment_id TEXT NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
            PRIMARY KEY (workspace_id, minute)
        )
        """,
        "CREATE INDEX booked_minutes_appointment ON booked_minutes (appointment_id)",
    ])
}
