extension IMAPError {
    /// The same failure as the SMTP client words it (connecting and TLS are shared).
    init(_ error: SMTPError) {
        let code: Code = switch error.code {
        case .badSettings: .badSettings
        case .unreachable: .unreachable
        case .timeout: .timeout
        case .tls: .tls
        case .authentication: .authentication
        case .temporary, .permanent: .refused
        case .protocolViolation: .protocolViolation
        case .connectionLost: .connectionLost
        }
        self.init(code, error.message)
    }
}
