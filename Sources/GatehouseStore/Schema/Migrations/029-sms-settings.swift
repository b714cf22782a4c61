extension Schema {
    static let m029SMSSettings = Migration(id: "2026-12-06-029-sms-settings", statements: [
        // The SMS provider's auth token per workspace, sealed with the server's key: with it set,
        // /inbound/sms takes only requests the provider signed (X-Twilio-Signature).
        """
        CREATE TABLE sms_settings (
            workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
            auth_token_sealed TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
    ])
}
