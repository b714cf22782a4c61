extension Schema {
    static let m025PromiseLedger = Migration(id: "2026-12-05-025-promise-ledger", statements: [
        // Every promise of an answer the desk made: the customer's message that caused it, when it
        // was made, the instant promised, under which rule, the acknowledgement's words, and how it
        // ended (open, kept, broken, withdrawn, superseded) — when and by what.
        // conversations.promised_at is this ledger's open promise, written only with it.
        """
        CREATE TABLE promises (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id),
            conversation_id TEXT NOT NULL REFERENCES conversations(id),
            message_id TEXT,
            made_at BIGINT NOT NULL,
            due_at BIGINT NOT NULL,
            rule TEXT NOT NULL,
            words TEXT,
            outcome TEXT NOT NULL,
            ended_at BIGINT,
            ended_by TEXT
        )
        """,
        "CREATE INDEX promises_by_due ON promises(workspace_id, due_at)",
        "CREATE INDEX promises_by_conversation ON promises(conversation_id, made_at)",
        // A conversation owes at most one answer at a time.
        "CREATE UNIQUE INDEX promises_one_open ON promises(conversation_id) WHERE outcome = 'open'",
        // The promises kept so far on conversations, carried over: made when the customer's latest
        // message before the promised time came.
        """
        INSERT INTO promises (id, workspace_id, conversation_id, message_id, made_at, due_at, rule, words, outcome)
        SELECT 'carried-' || c.id, c.workspace_id, c.id,
            (SELECT m.id FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'inbound'
                AND m.received_at <= c.promised_at ORDER BY m.received_at DESC LIMIT 1),
            COALESCE((SELECT MAX(m.received_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'inbound'
                AND m.received_at <= c.promised_at), c.created_at),
            c.promised_at, CASE WHEN c.urgent = 1 THEN 'urgent' ELSE 'plan' END, NULL, 'open'
        FROM conversations c WHERE c.promised_at IS NOT NULL
        """,
        // Settled by the first answer sent after it was made (by Gatehouse, or from the owner's mail app).
        """
        UPDATE promises SET
            ended_at = (SELECT MIN(t.updated_at) FROM tasks t WHERE t.conversation_id = promises.conversation_id
                AND t.state = 'done' AND t.idempotency_key LIKE 'reply:%' AND t.updated_at >= promises.made_at),
            ended_by = 'an answer sent before the ledger began'
        WHERE id LIKE 'carried-%' AND EXISTS (SELECT 1 FROM tasks t WHERE t.conversation_id = promises.conversation_id
            AND t.state = 'done' AND t.idempotency_key LIKE 'reply:%' AND t.updated_at >= promises.made_at)
        """,
        """
        UPDATE promises SET outcome = CASE WHEN ended_at <= due_at THEN 'kept' ELSE 'broken' END
        WHERE id LIKE 'carried-%' AND ended_at IS NOT NULL
        """,
        """
        UPDATE promises SET outcome = 'withdrawn', ended_by = 'the conversation was merged or closed'
        WHERE outcome = 'open' AND conversation_id IN (SELECT id FROM conversations WHERE status <> 'open')
        """,
        // The conversation shows the promise still open, and no other.
        """
        UPDATE conversations SET promised_at = NULL WHERE promised_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM promises p WHERE p.conversation_id = conversations.id AND p.outcome = 'open')
        """,
    ])
}
