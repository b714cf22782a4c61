import GatehouseCore
import GatehouseMail
import GatehouseStore

/// A mailbox as the owner types it in, before it is checked and stored.
public struct MailboxDraft: Sendable, Equatable {
    public var host: String
    /// Nil for the usual port of the security chosen (993 for TLS, 143 for STARTTLS).
    public var port: Int?
    /// `tls`, `starttls` or `none`.
    public var security: String
    public var username: String
    public var password: String
    public var allowUntrustedCertificate: Bool
    /// The folders to read; INBOX when none are given.
    public var folders: [String]
    /// What becomes of the mail already there: by default it is left alone (never answer old mail).
    public var existingMail: ExistingMail
    /// What becomes of each message on the server once stored: by default it is left as it is.
    public var afterReading: AfterReading
    /// A command that prints an OAuth access token (signing in with XOAUTH2, for Gmail or
    /// Microsoft 365 without app passwords); nil to sign in with `password`. Only the operator
    /// sets it, on the command line: it runs on the server.
    public var tokenCommand: String?

    public init(host: String, port: Int? = nil, security: String = "tls", username: String, password: String,
                allowUntrustedCertificate: Bool = false, folders: [String] = ["INBOX"], existingMail: ExistingMail = .newOnly,
                afterReading: AfterReading = .leave, tokenCommand: String? = nil) {
        self.afterReading = afterReading
        self.tokenCommand = tokenCommand.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        self.existingMail = existingMail
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.allowUntrustedCertificate = allowUntrustedCertificate
        self.folders = folders
    }

    /// The settings to connect with, the secret being the password or the token command (to be
    /// sealed); or the first problem, naming its field.
    public func checked() throws(StoreError) -> IMAPServerSettings {
        try checked(secret: tokenCommand ?? password, signIn: tokenCommand == nil ? .automatic : .xoauth2)
    }

    /// The settings to test the connection with now: for a token command, it is run for a token.
    public func connectionSettings() async throws -> IMAPServerSettings {
        guard let command = tokenCommand else { return try checked() }
        _ = try checked()
        return try checked(secret: try await AccessTokens.run(command), signIn: .xoauth2)
    }

    func checked(secret: String, signIn: IMAPServerSettings.SignIn) throws(StoreError) -> IMAPServerSettings {
        guard let security = IMAPServerSettings.Security(rawValue: security.lowercased()) else {
            throw StoreError(.invalid, field: "security", "\"\(security)\" is not a kind of security: expected tls, starttls or none")
        }
        let settings = IMAPServerSettings(host: host.trimmingCharacters(in: .whitespaces), port: port, security: security,
                                          username: username.trimmingCharacters(in: .whitespaces), password: secret,
                                          signIn: signIn, allowUntrustedCertificate: allowUntrustedCertificate)
        if let problem = settings.problems().first {
            throw StoreError(.invalid, field: problem.field, problem.message)
        }
        let cleaned = folders.map { $0.trimmingCharacters(in: .whitespaces) }
        if cleaned.isEmpty || cleaned.contains(where: \.isEmpty) {
            throw StoreError(.invalid, field: "folders", "a folder name is empty (INBOX is the usual one)")
        }
        if let bad = cleaned.first(where: { $0.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) }) {
            throw StoreError(.invalid, field: "folders", "the folder name \"\(bad.prefix(40))\" contains a line break")
        }
        return settings
    }
}
