/// Where and how Gatehouse reads the owner's mailbox over IMAP.
public struct IMAPServerSettings: Sendable, Equatable {
    /// How the connection is protected.
    public enum Security: String, Sendable, CaseIterable {
        /// TLS from the first byte (usually port 993): what hosted providers offer.
        case tls
        /// A plain connection upgraded with STARTTLS (usually port 143); refused when the server does not offer it.
        case starttls
        /// No encryption at all: only for a server on the same machine.
        case none
    }

    /// How Gatehouse signs in.
    public enum SignIn: String, Sendable, CaseIterable {
        /// AUTHENTICATE PLAIN when the server offers it, else LOGIN.
        case automatic
        /// The LOGIN command.
        case login
        /// AUTHENTICATE PLAIN (RFC 4616).
        case plain
        /// AUTHENTICATE XOAUTH2 with an OAuth access token in `password` (Gmail, Microsoft 365).
        case xoauth2
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String
    public var password: String
    public var signIn: SignIn
    /// Accept a certificate that does not verify (self-signed, wrong name). Off unless the owner
    /// turns it on for this server.
    public var allowUntrustedCertificate: Bool
    /// How long any one step (connecting, each answer) may take.
    public var timeout: Duration

    public init(host: String, port: Int? = nil, security: Security = .tls, username: String, password: String,
                signIn: SignIn = .automatic, allowUntrustedCertificate: Bool = false, timeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port ?? Self.defaultPort(for: security)
        self.security = security
        self.username = username
        self.password = password
        self.signIn = signIn
        self.allowUntrustedCertificate = allowUntrustedCertificate
        self.timeout = timeout
    }

    /// The usual port for a kind of security: 993 for TLS, 143 otherwise.
    public static func defaultPort(for security: Security) -> Int {
        security == .tls ? 993 : 143
    }

    /// Problems that make the settings unusable, each naming the field.
    public func problems() -> [(field: String, message: String)] {
        var found: [(String, String)] = []
        let trimmed = host.trimmingSpaces
        if trimmed.isEmpty {
            found.append(("host", "the mail server's host name is missing (expected something like imap.example.com)"))
        } else if trimmed.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "@" }) {
            found.append(("host", "\"\(host)\" is not a host name (expected something like imap.example.com)"))
        }
        if !(1...65_535).contains(port) { found.append(("port", "the port must be between 1 and 65535, not \(port)")) }
        if username.isEmpty { found.append(("username", "the user name is missing (usually the whole email address)")) }
        if username.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            found.append(("username", "the user name contains a line break or NUL"))
        }
        let secret = signIn == .xoauth2 ? "access token" : "password"
        if password.isEmpty { found.append(("password", "the \(secret) is missing")) }
        if password.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" || (signIn == .xoauth2 && $0 == "\u{1}") }) {
            found.append(("password", "the \(secret) contains a line break or a control character"))
        }
        return found
    }
}
