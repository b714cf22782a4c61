/// Where and how Gatehouse hands mail to a mail server.
public struct SMTPServerSettings: Sendable, Equatable {
    /// How the connection is protected.
    public enum Security: String, Sendable, CaseIterable {
        /// Plain connection upgraded with STARTTLS; refused when the server does not offer it.
        case starttls
        /// TLS from the first byte ("SMTPS", usually port 465).
        case tls
        /// No encryption at all: only for a relay on the same machine or network.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// Accept a certificate that does not verify (self-signed, wrong name). Off unless the
    /// owner turns it on for this server.
    public var allowUntrustedCertificate: Bool
    /// The name Gatehouse gives in EHLO.
    public var clientName: String
    /// How long any one step (connecting, each answer) may take.
    public var timeout: Duration

    public init(host: String, port: Int, security: Security = .starttls, username: String? = nil, password: String? = nil,
                allowUntrustedCertificate: Bool = false, clientName: String = "gatehouse.localhost",
                timeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.allowUntrustedCertificate = allowUntrustedCertificate
        self.clientName = clientName
        self.timeout = timeout
    }

    /// The usual port for a kind of security: 587 for STARTTLS, 465 for TLS, 25 for none.
    public static func defaultPort(for security: Security) -> Int {
        switch security {
        case .starttls: 587
        case .tls: 465
        case .none: 25
        }
    }

    /// Problems that make the settings unusable, each naming the field.
    public func problems() -> [(field: String, message: String)] {
        var found: [(String, String)] = []
        let trimmed = host.trimmingSpaces
        if trimmed.isEmpty {
            found.append(("host", "the mail server's host name is missing"))
        } else if trimmed.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "@" }) {
            found.append(("host", "\"\(host)\" is not a host name (expected something like smtp.example.com)"))
        }
        if !(1...65_535).contains(port) { found.append(("port", "the port must be between 1 and 65535, not \(port)")) }
        if let username, username.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            found.append(("username", "the user name contains a line break or NUL"))
        }
        if let password, password.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            found.append(("password", "the password contains a line break or NUL"))
        }
        if (username == nil) != (password == nil) {
            found.append((username == nil ? "username" : "password", "a user name and a password go together: give both or neither"))
        }
        return found
    }
}
