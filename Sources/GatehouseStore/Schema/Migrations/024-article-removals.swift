extension Schema {
    static let m024ArticleRemovals = Migration(id: "2026-12-04-024-article-removals", statements: [
        // How many articles each workspace has deleted. The in-memory search index is current
        // while its stamp (articles, revisions, removals) is unchanged: counting removals keeps a
        // delete followed by a new article from looking like no change at all.
        """
        CREATE TABLE help_removals (
            workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
            removed INTEGER NOT NULL
        )
        """,
    ])
}
