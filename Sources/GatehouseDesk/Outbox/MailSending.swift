import Foundation
import GatehouseMail
import GatehouseStore

/// How a workspace's mail leaves, ready to use: an SMTP server or the local sendmail command.
public struct MailSending: Sendable, Equatable {
    public enum Method: Sendable, Equatable {
        case smtp(SMTPServerSettings)
        /// `sendmail -t -i` at this path.
        case sendmail(path: String)
    }

    public var method: Method
    /// The envelope sender (MAIL FROM); the message's From address when nil.
    public var envelopeSender: String?

    public init(method: Method, envelopeSender: String? = nil) {
        self.method = method
        self.envelopeSender = envelopeSender
    }

    /// From the stored form, opening the password with the server's key.
    public init(stored: StoredMailSettings, key: ServerKey) throws {
        envelopeSender = stored.envelopeSender
        switch stored.method {
        case .sendmail:
            method = .sendmail(path: stored.sendmailPath ?? "/usr/sbin/sendmail")
        case .smtp:
            let security = stored.security.flatMap(SMTPServerSettings.Security.init(rawValue:)) ?? .starttls
            let password = try stored.passwordSealed.map { try key.open($0) }
            method = .smtp(SMTPServerSettings(host: stored.host ?? "", port: stored.port ?? SMTPServerSettings.defaultPort(for: security),
                                              security: security, username: stored.username, password: password,
                                              allowUntrustedCertificate: stored.allowUntrustedCertificate))
        }
    }

    /// The stored form, the password sealed with the server's key.
    public func stored(key: ServerKey, at: Int64) throws -> StoredMailSettings {
        switch method {
        case .sendmail(let path):
            return StoredMailSettings(method: .sendmail, sendmailPath: path, envelopeSender: envelopeSender, updatedAt: at)
        case .smtp(let smtp):
            return StoredMailSettings(method: .smtp, host: smtp.host, port: smtp.port, security: smtp.security.rawValue,
                                      username: smtp.username, passwordSealed: try smtp.password.map { try key.seal($0) },
                                      allowUntrustedCertificate: smtp.allowUntrustedCertificate, envelopeSender: envelopeSender,
                                      updatedAt: at)
        }
    }
}

/// Hands a message to the local mail system with `sendmail -t -i` (Postfix, Exim, msmtp…).
public struct SendmailCommand: Sendable {
    public var path: String

    public init(path: String) { self.path = path }

    /// Runs the command with the message on standard input. Exit 0: accepted; 75 (EX_TEMPFAIL):
    /// try later; anything else: refused, with what the command printed.
    public func send(from sender: String, data: Data) async -> SMTPSendOutcome {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            return .deferred("there is no sendmail command at \(path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-t", "-i", "-f", sender]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = errors
        process.standardError = errors
        let status: Int32
        let printed: Data
        do {
            (status, printed) = try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { finished in
                    let text = errors.fileHandleForReading.readDataToEndOfFile()
                    continuation.resume(returning: (finished.terminationStatus, text))
                }
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                // Written off the caller's thread: a large message fills the pipe until sendmail reads it.
                Thread.detachNewThread {
                    try? input.fileHandleForWriting.write(contentsOf: data)
                    try? input.fileHandleForWriting.close()
                }
            }
        } catch {
            return .deferred("\(path) could not be started: \(error.localizedDescription)")
        }
        let said = String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch status {
        case 0: return .accepted(SMTPReply(code: 250, lines: ["handed to \(path)"]))
        case 75: return .deferred("\(path) could not take it for now (exit 75)\(said.isEmpty ? "" : ": \(said.prefix(300))")")
        default: return .rejected("\(path) refused the message (exit \(status))\(said.isEmpty ? "" : ": \(said.prefix(300))")")
        }
    }
}
