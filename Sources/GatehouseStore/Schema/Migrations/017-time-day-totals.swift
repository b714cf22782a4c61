extension Schema {
    static let m017TimeDayTotals = Migration(id: "2026-11-23-017-time-day-totals", statements: [
        // Each customer's recorded time per UTC day, kept up to date as entries are written: a
        // month's report adds up about 30 rows a customer instead of every entry (the days cut
        // by the business's local month boundary are read from the entries themselves).
        """
        CREATE TABLE time_day_totals (
            workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            day BIGINT NOT NULL,
            total BIGINT NOT NULL,
            billable BIGINT NOT NULL,
            urgent BIGINT NOT NULL,
            PRIMARY KEY (workspace_id, day, customer_id)
        )
        """,
        """
        INSERT INTO time_day_totals (workspace_id, customer_id, day, total, billable, urgent)
        SELECT workspace_id, customer_id, started_at / 86400, sum(ended_at - started_at),
               sum(billable * (ended_at - started_at)), sum(urgent * (ended_at - started_at))
        FROM time_entries GROUP BY workspace_id, customer_id, started_at / 86400
        """,
    ])
}
