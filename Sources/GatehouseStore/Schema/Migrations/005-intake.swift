extension Schema {
    static let m005Intake = Migration(id: "2026-11-22-005-intake", statements: [
        // What was read from each message, and the triage judgement with its reasons.
        "ALTER TABLE messages ADD COLUMN sender_name TEXT",
        "ALTER TABLE messages ADD COLUMN sent_at BIGINT",
        "ALTER TABLE messages ADD COLUMN new_text TEXT",
        "ALTER TABLE messages ADD COLUMN problems TEXT",
        "ALTER TABLE messages ADD COLUMN automatic_reason TEXT",
        "ALTER TABLE messages ADD COLUMN assessment TEXT",
        // The durable intake queue: received, not yet filed, not quarantined.
        """
        CREATE INDEX messages_unfiled ON messages (workspace_id, received_at)
            WHERE processed_at IS NULL AND quarantine_reason IS NULL
        """,
        """
        CREATE TABLE message_references (
            workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            ref TEXT NOT NULL,
            PRIMARY KEY (message_id, ref)
        )
        """,
        // The quarantine the owner looks through.
        """
        CREATE INDEX messages_quarantined ON messages (workspace_id, received_at)
            WHERE quarantine_reason IS NOT NULL
        """,
        "CREATE INDEX message_references_ref ON message_references (workspace_id, ref)",
        """
        CREATE TABLE attachments (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size BIGINT NOT NULL
        )
        """,
        "CREATE INDEX attachments_message ON attachments (message_id, position)",
        "ALTER TABLE conversations ADD COLUMN subject_key TEXT",
        "ALTER TABLE conversations ADD COLUMN status_token TEXT",
        "ALTER TABLE conversations ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE conversations ADD COLUMN quadrant TEXT",
        "ALTER TABLE conversations ADD COLUMN scope TEXT",
        "ALTER TABLE conversations ADD COLUMN reasons TEXT",
        // A conversation found to be part of another (mail arriving out of order) points there.
        "ALTER TABLE conversations ADD COLUMN merged_into TEXT",
        "CREATE UNIQUE INDEX conversations_status_token ON conversations (status_token)",
        // The conversation list (merged ones left out), usable by the planner before any statistics exist.
        "CREATE INDEX conversations_listed ON conversations (workspace_id, last_message_at, id) WHERE merged_into IS NULL",
        "CREATE INDEX conversations_customer_subject ON conversations (workspace_id, customer_id, subject_key, last_message_at)",
        // A customer's recent conversations (folding follow-ups), and a conversation's messages
        // with the workspace in the key, so the planner never falls back to scanning a workspace.
        "CREATE INDEX conversations_customer_recent ON conversations (workspace_id, customer_id, last_message_at)",
        "CREATE INDEX messages_workspace_conversation ON messages (workspace_id, conversation_id, received_at)",
        // When this customer was last sent an automatic acknowledgement (at most one per period).
        "ALTER TABLE customers ADD COLUMN last_acknowledged_at BIGINT",
    ])
}
