extension Schema {
    static let m009MessageSources = Migration(id: "2026-11-22-009-message-sources", statements: [
        // A message's raw source in a table of its own: filing updates the message row, and in
        // SQLite an update rewrites the whole row, large raw source and all.
        """
        CREATE TABLE message_sources (
            message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
            raw {BLOB} NOT NULL
        )
        """,
        "INSERT INTO message_sources (message_id, raw) SELECT id, raw FROM messages",
        "ALTER TABLE messages ADD COLUMN raw_size BIGINT NOT NULL DEFAULT 0",
        "UPDATE messages SET raw_size = LENGTH(raw)",
        "ALTER TABLE messages DROP COLUMN raw",
    ])
}
