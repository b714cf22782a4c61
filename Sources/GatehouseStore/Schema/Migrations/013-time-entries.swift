extension Schema {
    static let m013TimeEntries = Migration(id: "2026-11-23-013-time-entries", statements: [
        // The owner's time, customer by customer: by hand, from replies and from calls.
        """
        CREATE TABLE time_entries (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            conversation_id TEXT REFERENCES conversations(id) ON DELETE SET NULL,
            user_id TEXT NOT NULL,
            started_at BIGINT NOT NULL,
            ended_at BIGINT NOT NULL CHECK (ended_at > started_at),
            billable INTEGER NOT NULL,
            urgent INTEGER NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('manual', 'reply', 'session')),
            note TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX time_entries_customer ON time_entries (workspace_id, customer_id, started_at)",
        "CREATE INDEX time_entries_when ON time_entries (workspace_id, started_at)",
        "CREATE INDEX time_entries_user ON time_entries (workspace_id, user_id, started_at)",
    ])
}
