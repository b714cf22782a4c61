extension Schema {
    static let m028AfterReading = Migration(id: "2026-12-06-028-after-reading", statements: [
        // What becomes of a message on the owner's server once it is stored (AfterReading):
        // 'leave' (every mailbox connected before), 'mark-read' or 'move:FOLDER'.
        "ALTER TABLE mailboxes ADD COLUMN after_reading TEXT NOT NULL DEFAULT 'leave'",
        // How the mailbox signs in: 'password' (secret_sealed holds it) or 'token-command'
        // (secret_sealed holds the command that prints an OAuth access token, for XOAUTH2).
        "ALTER TABLE mailboxes ADD COLUMN sign_in TEXT NOT NULL DEFAULT 'password'",
        // Messages above a folder's high-water mark still to be read, as the last fetch counted
        // them (an import's progress).
        "ALTER TABLE mailbox_folders ADD COLUMN backlog INTEGER NOT NULL DEFAULT 0",
    ])
}
