extension Schema {
    static let m030WebhookSecretsSealed = Migration(id: "2026-12-07-030-webhook-secrets-sealed", statements: [
        // A webhook's signing secret, sealed with the server's key like the other secrets. The old
        // column keeps '' for hooks added from now on; a hook added before keeps its secret there
        // in plain text only until a desk with the key starts and seals it (`Desk.sealStoredSecrets`).
        "ALTER TABLE webhooks ADD COLUMN secret_sealed TEXT",
    ])
}
