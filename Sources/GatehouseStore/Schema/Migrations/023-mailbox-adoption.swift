extension Schema {
    static let m023MailboxAdoption = Migration(id: "2026-12-04-023-mailbox-adoption", statements: [
        // What the owner chose for the mail already there when connecting: 0 for new mail only,
        // else how many days back it is imported quietly; NULL (mailboxes connected before) reads it all as new.
        "ALTER TABLE mailboxes ADD COLUMN import_since_days INTEGER",
        // Per folder: messages with a UID below this were there when it was connected (adopted:
        // filed without acknowledgement, alert or promise). 0 when none are.
        "ALTER TABLE mailbox_folders ADD COLUMN adopt_below_uid BIGINT NOT NULL DEFAULT 0",
    ])
}
