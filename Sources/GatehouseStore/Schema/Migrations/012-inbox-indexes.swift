extension Schema {
    static let m012InboxIndexes = Migration(id: "2026-11-23-012-inbox-indexes", statements: [
        // A conversation no triage has placed is answered in turn, like the someday ones.
        "UPDATE conversations SET quadrant = 'someday' WHERE quadrant IS NULL",
        // The inbox: a quadrant's open conversations, the earliest promise first (those without
        // one last), and the count per quadrant, read from the index alone.
        """
        CREATE INDEX conversations_inbox ON conversations
            (workspace_id, status, quadrant, (coalesce(promised_at, 9000000000000)), id)
            WHERE merged_into IS NULL
        """,
        // Today: the promises falling due.
        """
        CREATE INDEX conversations_promises ON conversations (workspace_id, status, promised_at)
            WHERE merged_into IS NULL
        """,
    ])
}
