extension Schema {
    static let m018PasswordResets = Migration(id: "2026-12-03-018-password-resets", statements: [
        // One-time links to choose a new password: only the token's hash is kept, each is used
        // once, and each runs out after a short while.
        """
        CREATE TABLE password_resets (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX password_resets_user ON password_resets (user_id, created_at)",
    ])
}
