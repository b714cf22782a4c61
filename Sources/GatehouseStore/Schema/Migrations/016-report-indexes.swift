extension Schema {
    static let m016ReportIndexes = Migration(id: "2026-11-23-016-report-indexes", statements: [
        // The monthly report sums each customer's time (billable and urgent apart) from the index
        // alone, already in customer order: with 200,000 entries in a month, SQLite otherwise
        // fetched every row and sorted them all for the grouping (about 6× the work; see
        // BENCHMARKS.md).
        """
        CREATE INDEX time_entries_report
            ON time_entries (workspace_id, customer_id, started_at, ended_at, billable, urgent)
        """,
    ])
}
