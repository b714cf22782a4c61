extension Schema {
    static let m026TaskIndexes = Migration(id: "2026-12-05-026-task-indexes", statements: [
        // Found by the simulated month (issue 19): three questions asked for every message or
        // reply read all of the workspace's email tasks, so each message cost more than the one
        // before. Each index below answers one of them with equalities only, so that both
        // databases' planners pick it over the shorter indexes that share its first columns.
        // "Which replies did this batch just hold?" (state and the instant it changed).
        "CREATE INDEX tasks_state_changed ON tasks (workspace_id, kind, state, updated_at)",
        // "Is a reply to this customer already waiting for this window?" (state and departure).
        "CREATE INDEX tasks_workspace_due ON tasks (workspace_id, kind, state, run_at)",
        // "Was a reply written in this conversation since the customer wrote?"
        "CREATE INDEX tasks_workspace_conversation ON tasks (workspace_id, conversation_id, state)",
    ])
}
