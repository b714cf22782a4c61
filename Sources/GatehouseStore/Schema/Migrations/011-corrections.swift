extension Schema {
    static let m011Corrections = Migration(id: "2026-11-23-011-corrections", statements: [
        // The owner's corrections of the triage (urgency, importance, scope), kept as written:
        // what it was, what the owner made it, who and when, and why in their words.
        """
        CREATE TABLE corrections (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            field TEXT NOT NULL CHECK (field IN ('urgency', 'importance', 'scope')),
            old_value TEXT NOT NULL,
            new_value TEXT NOT NULL,
            note TEXT NOT NULL,
            actor TEXT NOT NULL,
            at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX corrections_conversation ON corrections (conversation_id, at)",
        // Whether a conversation is important, as the triage judged it and then the owner; null for
        // conversations filed before the triage kept it.
        "ALTER TABLE conversations ADD COLUMN important INTEGER",
        // What the owner keeps in mind with a customer: the topics to steer away from.
        "ALTER TABLE customers ADD COLUMN distance_note TEXT NOT NULL DEFAULT ''",
    ])
}
