extension Schema {
    static let m021Mailboxes = Migration(id: "2026-12-04-021-mailboxes", statements: [
        // The owner's mailboxes read over IMAP: the secret only sealed with the server key. A mailbox
        // that fails keeps trying (next_attempt_at backs off) and shows its last error; it is never
        // switched off but by the owner (paused). The lease lets one instance fetch it at a time.
        """
        CREATE TABLE mailboxes (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id),
            host TEXT NOT NULL,
            port INTEGER NOT NULL,
            security TEXT NOT NULL,
            username TEXT NOT NULL,
            secret_sealed TEXT NOT NULL,
            allow_untrusted_certificate INTEGER NOT NULL DEFAULT 0,
            folders TEXT NOT NULL,
            paused INTEGER NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            last_error_at BIGINT,
            last_fetch_at BIGINT,
            next_attempt_at BIGINT,
            lease_owner TEXT,
            lease_until BIGINT,
            created_at BIGINT NOT NULL,
            UNIQUE (workspace_id, host, username)
        )
        """,
        // Per folder: the UIDVALIDITY and the highest UID durably stored under it (the high-water mark).
        """
        CREATE TABLE mailbox_folders (
            mailbox_id TEXT NOT NULL REFERENCES mailboxes(id),
            workspace_id TEXT NOT NULL REFERENCES workspaces(id),
            folder TEXT NOT NULL,
            uid_validity BIGINT,
            highest_uid BIGINT NOT NULL DEFAULT 0,
            last_fetch_at BIGINT,
            last_error TEXT,
            PRIMARY KEY (mailbox_id, folder)
        )
        """,
        // Messages the server would not hand over: counted, and set aside with the reason after a few tries.
        """
        CREATE TABLE mailbox_message_failures (
            mailbox_id TEXT NOT NULL REFERENCES mailboxes(id),
            workspace_id TEXT NOT NULL REFERENCES workspaces(id),
            folder TEXT NOT NULL,
            uid_validity BIGINT NOT NULL,
            uid BIGINT NOT NULL,
            failures INTEGER NOT NULL,
            reason TEXT NOT NULL,
            quarantined_at BIGINT,
            PRIMARY KEY (mailbox_id, folder, uid_validity, uid)
        )
        """,
    ])
}
