extension Schema {
    static let m006TokenScopes = Migration(id: "2026-11-22-006-token-scopes", statements: [
        // What a token may do: read and write through the API, or only deliver inbound messages.
        "ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'api'",
    ])
}
