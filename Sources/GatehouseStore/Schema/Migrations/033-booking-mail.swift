extension Schema {
    static let m033BookingMail = Migration(id: "2026-12-10-033-booking-mail", statements: [
        // The conversation a customer's booking emails go in (confirmation, moves, reminders,
        // cancellation), so that they reply in one thread and the owner reads it in one place.
        "ALTER TABLE appointments ADD COLUMN conversation_id TEXT REFERENCES conversations(id) ON DELETE SET NULL",
        // The address the customer gave when booking: where its emails go.
        "ALTER TABLE appointments ADD COLUMN contact_email TEXT",
        // The invitation's SEQUENCE: 0 when booked, one more each time it is moved or cancelled.
        "ALTER TABLE appointments ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0",
        // Who cancelled it ("customer", "owner:<id>"), and whether the customer did so inside the
        // policy's cancellation notice: the owner decides what a late cancellation costs.
        "ALTER TABLE appointments ADD COLUMN cancelled_by TEXT",
        "ALTER TABLE appointments ADD COLUMN cancelled_late INTEGER NOT NULL DEFAULT 0",
    ])
}
