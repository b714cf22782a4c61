extension Schema {
    static let m031PromiseAndAnswerIndexes = Migration(id: "2026-12-08-031-promise-and-answer-indexes", statements: [
        // Found by the simulated month (issue 19), where a customer's conversation gathers dozens of
        // messages. "When did the customer last write here?" (is the conversation still waiting for
        // an answer: the backlog, Today, the inbox) read every message of each open conversation to
        // find its inbound ones; with the direction in the index it is one step per conversation.
        "CREATE INDEX messages_conversation_direction ON messages (conversation_id, direction, received_at)",
        // "Which open promises have lapsed?" walked every promise ever due; the outcome before the
        // due instant keeps it to the open ones.
        "CREATE INDEX promises_open_due ON promises (workspace_id, outcome, due_at)",
    ])
}
