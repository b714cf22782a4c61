import Foundation

/// How a workspace's mail leaves, as stored: the password only in sealed form.
public struct StoredMailSettings: Sendable, Equatable, Codable {
    public enum Method: String, Sendable, Codable { case smtp, sendmail }

    public var method: Method
    public var host: String?
    public var port: Int?
    public var security: String?
    public var username: String?
    /// The password sealed with the server's key (see the desk's `ServerKey`), never shown back.
    public var passwordSealed: String?
    public var allowUntrustedCertificate: Bool
    public var sendmailPath: String?
    /// The envelope sender (MAIL FROM) when it differs from the policy's business address.
    public var envelopeSender: String?
    public var updatedAt: Int64

    enum CodingKeys: String, CodingKey {
        case method, host, port, security, username
        case passwordSealed = "password_sealed"
        case allowUntrustedCertificate = "allow_untrusted_certificate"
        case sendmailPath = "sendmail_path"
        case envelopeSender = "envelope_sender"
        case updatedAt = "updated_at"
    }

    public init(method: Method, host: String? = nil, port: Int? = nil, security: String? = nil, username: String? = nil,
                passwordSealed: String? = nil, allowUntrustedCertificate: Bool = false, sendmailPath: String? = nil,
                envelopeSender: String? = nil, updatedAt: Int64) {
        self.method = method
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.passwordSealed = passwordSealed
        self.allowUntrustedCertificate = allowUntrustedCertificate
        self.sendmailPath = sendmailPath
        self.envelopeSender = envelopeSender
        self.updatedAt = updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decode(Method.self, forKey: .method)
        host = try c.decodeIfPresent(String.self, forKey: .host)
        port = try c.decodeIfPresent(Int.self, forKey: .port)
        security = try c.decodeIfPresent(String.self, forKey: .security)
        username = try c.decodeIfPresent(String.self, forKey: .username)
        passwordSealed = try c.decodeIfPresent(String.self, forKey: .passwordSealed)
        // Stored as 0/1 on both engines.
        allowUntrustedCertificate = try c.decode(Int.self, forKey: .allowUntrustedCertificate) != 0
        sendmailPath = try c.decodeIfPresent(String.self, forKey: .sendmailPath)
        envelopeSender = try c.decodeIfPresent(String.self, forKey: .envelopeSender)
        updatedAt = try c.decode(Int64.self, forKey: .updatedAt)
    }
}
