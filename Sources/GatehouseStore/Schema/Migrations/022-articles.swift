extension Schema {
    static let m022Articles = Migration(id: "2026-12-04-022-articles", statements: [
        // A workspace's help articles. Tags and questions are kept one a line; the slug is the
        // article's readable public address, unique in its workspace. The counters are what the
        // owner's report reads: views of the public page, times suggested, "this solved it"
        // clicks and "no, it didn't" answers. The revision
        // goes up with every change, so an instance can tell its in-memory index is stale.
        """
        CREATE TABLE help_articles (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id),
            slug TEXT NOT NULL,
            title TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            questions TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,
            published INTEGER NOT NULL DEFAULT 0,
            last_reviewed_at BIGINT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            views INTEGER NOT NULL DEFAULT 0,
            suggested INTEGER NOT NULL DEFAULT 0,
            solved INTEGER NOT NULL DEFAULT 0,
            not_helpful INTEGER NOT NULL DEFAULT 0,
            revision INTEGER NOT NULL DEFAULT 1,
            UNIQUE (workspace_id, slug)
        )
        """,
        // The owner's relevance threshold for suggestions, in tenths of a score (see HelpRelevance).
        """
        CREATE TABLE help_settings (
            workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
            threshold_tenths INTEGER NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        // Each article offered in an acknowledgement, with the unguessable token of its
        // "this solved it" link; solved_at is set once, when the customer follows it.
        """
        CREATE TABLE help_suggestions (
            token TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id),
            conversation_id TEXT,
            article_id TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            solved_at BIGINT
        )
        """,
        "CREATE INDEX help_suggestions_workspace ON help_suggestions (workspace_id, created_at)",
        // Searches and messages that found no article: what is worth writing next.
        """
        CREATE TABLE help_unanswered (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces(id),
            source TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX help_unanswered_workspace ON help_unanswered (workspace_id, created_at)",
    ])
}
