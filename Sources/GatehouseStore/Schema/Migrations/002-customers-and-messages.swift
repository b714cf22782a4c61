extension Schema {
    static let m002CustomersAndMessages = Migration(id: "2026-11-22-002-customers-and-messages", statements: [
        """
        CREATE TABLE customers (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('customer', 'prospect')),
            plan_id TEXT NOT NULL,
            notes TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX customers_workspace_name ON customers (workspace_id, name)",
        """
        CREATE TABLE contact_points (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
            value TEXT NOT NULL,
            UNIQUE (workspace_id, kind, value)
        )
        """,
        "CREATE INDEX contact_points_customer ON contact_points (customer_id)",
        """
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            subject TEXT NOT NULL,
            channel TEXT NOT NULL,
            status TEXT NOT NULL,
            promised_at BIGINT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            last_message_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX conversations_workspace_recent ON conversations (workspace_id, last_message_at, id)",
        "CREATE INDEX conversations_customer ON conversations (customer_id)",
        """
        CREATE TABLE messages (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            conversation_id TEXT REFERENCES conversations(id) ON DELETE SET NULL,
            direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'note')),
            channel TEXT NOT NULL,
            header_message_id TEXT,
            content_hash TEXT NOT NULL,
            raw {BLOB} NOT NULL,
            sender TEXT,
            subject TEXT,
            text_body TEXT,
            received_at BIGINT NOT NULL,
            processed_at BIGINT,
            quarantine_reason TEXT,
            UNIQUE (workspace_id, content_hash)
        )
        """,
        "CREATE INDEX messages_conversation ON messages (conversation_id, received_at)",
        "CREATE INDEX messages_header_id ON messages (workspace_id, header_message_id)",
    ])
}
