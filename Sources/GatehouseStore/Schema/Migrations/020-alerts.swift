extension Schema {
    static let m020Alerts = Migration(id: "2026-12-04-020-alerts", statements: [
        // Where a workspace's alerts about urgent matters go: an address of the owner's own (not the
        // business inbox) and an ntfy topic for a push to the phone; the ntfy token only sealed.
        """
        CREATE TABLE alert_settings (
            workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
            email TEXT,
            ntfy_server TEXT,
            ntfy_topic TEXT,
            ntfy_token_sealed TEXT,
            on_call TEXT,
            updated_at BIGINT NOT NULL
        )
        """,
        // The team's on-call order (one address a line) is who hears next when nobody acknowledges.
        // Each alert the owner was sent about an urgent message, with its unguessable "I've got it" link.
        """
        CREATE TABLE alerts (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id),
            conversation_id TEXT NOT NULL,
            message_id TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            acknowledged_at BIGINT,
            acknowledged_by TEXT,
            escalations INTEGER NOT NULL DEFAULT 0,
            last_escalated_to TEXT,
            last_escalated_at BIGINT
        )
        """,
        "CREATE INDEX alerts_conversation ON alerts (workspace_id, conversation_id, created_at)",
    ])
}
