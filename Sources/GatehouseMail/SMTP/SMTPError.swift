/// Why talking to a mail server did not work, in words the owner can act on.
public struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that react differently (retry or not, what to show).
    public enum Code: String, Sendable {
        /// The settings cannot work as they are (no host, a port out of range, …).
        case badSettings
        /// No connection: the name is unknown, the port is closed, or nothing answered.
        case unreachable
        /// The server did not answer within the time limit.
        case timeout
        /// The secure connection failed: the certificate did not verify, or the handshake broke.
        case tls
        /// The server refused the user name or password, or offers no way to sign in.
        case authentication
        /// The server said no for now (4xx) to the connection as a whole.
        case temporary
        /// The server said no for good (5xx) to the connection as a whole.
        case permanent
        /// The server's answers do not follow the protocol.
        case protocolViolation
        /// The connection closed when an answer was expected.
        case connectionLost
    }

    public var code: Code
    public var message: String
    /// The server's answer that led to this, when there was one.
    public var reply: SMTPReply?

    public init(_ code: Code, _ message: String, reply: SMTPReply? = nil) {
        self.code = code
        self.message = message
        self.reply = reply
    }

    public var description: String { message }
}
