/// Why reading a mailbox did not work, in words the owner can act on.
public struct IMAPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that react differently (retry or not, what to show).
    public enum Code: String, Sendable {
        /// The settings cannot work as they are (no host, a port out of range, …).
        case badSettings
        /// No connection: the name is unknown, the port is closed, or nothing answered.
        case unreachable
        /// The server did not answer within the time limit.
        case timeout
        /// The secure connection failed or was refused: the certificate did not verify, the
        /// handshake broke, or the server does not offer STARTTLS.
        case tls
        /// The server refused the user name or password, or offers no way to sign in.
        case authentication
        /// The folder does not exist on the server (or can no longer be opened).
        case noSuchFolder
        /// The server said no (NO or BAD) to a command.
        case refused
        /// The server's answers do not follow the protocol.
        case protocolViolation
        /// The connection closed when an answer was expected.
        case connectionLost
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
