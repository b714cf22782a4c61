extension Schema {
    static let m010Outbox = Migration(id: "2026-11-22-010-outbox", statements: [
        // The task table grows the states an outbound email can be in (held for the owner to
        // look at again, uncertain after a lost answer, cancelled), the step a delivery had
        // reached, the server's answer, the reason shown to the owner and the conversation.
        "ALTER TABLE tasks RENAME TO tasks_before_outbox",
        """
        CREATE TABLE tasks (
            id TEXT PRIMARY KEY,
            workspace_id TEXT REFERENCES workspaces(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'held', 'uncertain', 'cancelled')),
            run_at BIGINT NOT NULL,
            attempts INTEGER NOT NULL,
            lease_owner TEXT,
            lease_expires_at BIGINT,
            last_error TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            phase TEXT,
            outcome TEXT,
            note TEXT,
            conversation_id TEXT
        )
        """,
        """
        INSERT INTO tasks (id, workspace_id, kind, payload, idempotency_key, state, run_at, attempts, lease_owner,
                           lease_expires_at, last_error, created_at, updated_at)
        SELECT id, workspace_id, kind, payload, idempotency_key, state, run_at, attempts, lease_owner,
               lease_expires_at, last_error, created_at, updated_at
        FROM tasks_before_outbox
        """,
        "DROP TABLE tasks_before_outbox",
        "CREATE INDEX tasks_due ON tasks (state, run_at)",
        "CREATE INDEX tasks_workspace_kind ON tasks (workspace_id, kind, created_at)",
        "CREATE INDEX tasks_conversation ON tasks (conversation_id, state)",
        // How a workspace's mail leaves: an SMTP server (the password sealed with the
        // server's key, never shown back) or the local sendmail command.
        """
        CREATE TABLE mail_settings (
            workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
            method TEXT NOT NULL CHECK (method IN ('smtp', 'sendmail')),
            host TEXT,
            port INTEGER,
            security TEXT,
            username TEXT,
            password_sealed TEXT,
            allow_untrusted_certificate INTEGER NOT NULL DEFAULT 0,
            sendmail_path TEXT,
            envelope_sender TEXT,
            updated_at BIGINT NOT NULL
        )
        """,
    ])
}
