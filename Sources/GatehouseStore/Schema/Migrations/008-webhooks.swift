extension Schema {
    static let m008Webhooks = Migration(id: "2026-11-22-008-webhooks", statements: [
        // Where the owner wants to hear at once about what the policy calls urgent; each
        // delivery is signed with the hook's secret.
        """
        CREATE TABLE webhooks (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            description TEXT NOT NULL,
            secret TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            UNIQUE (workspace_id, url)
        )
        """,
        // A workspace's tasks of one kind, newest first (the owner's list of webhook calls).
        "CREATE INDEX tasks_workspace_kind ON tasks (workspace_id, kind, created_at)",
    ])
}
