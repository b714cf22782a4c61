extension Schema {
    static let m019DeskSettings = Migration(id: "2026-12-03-019-desk-settings", statements: [
        // Settings of the whole desk, one row each: the public address customers' links begin with.
        """
        CREATE TABLE desk_settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
    ])
}
