extension Schema {
    static let m007FormSubmissions = Migration(id: "2026-11-22-007-form-submissions", statements: [
        // Public contact-form submissions per client address, for the rate limit (kept a day).
        """
        CREATE TABLE form_submissions (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            address TEXT NOT NULL,
            at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX form_submissions_address ON form_submissions (workspace_id, address, at)",
    ])
}
