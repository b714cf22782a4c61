extension Schema {
    static let m004SetupTokens = Migration(id: "2026-11-22-004-setup-tokens", statements: [
        """
        CREATE TABLE setup_tokens (
            token_hash TEXT PRIMARY KEY,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        )
        """,
    ])
}
