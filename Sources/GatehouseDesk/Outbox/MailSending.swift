import GatehouseCore
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
        let child: ChildProcess
        do {
            child = try ChildProcess.start(path, ["-t", "-i", "-f", sender], input: .pipe, output: .pipe, error: .output)
        } catch {
            return .deferred("\(path) could not be started: \(error)")
        }
        // Fed from a thread of its own: a large message fills the pipe until sendmail reads it.
        let printedText = child.collect(child.standardOutput)
        child.feed(data)
        let ended = await child.ended()
        let printed = printedText.wait()
        let said = String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let detail = said.isEmpty ? "" : ": \(said.prefix(300))"
        switch ended {
        case .exited(0): return .accepted(SMTPReply(code: 250, lines: ["handed to \(path)"]))
        case .exited(75): return .deferred("\(path) could not take it for now (exit 75)\(detail)")
        case .exited(let status): return .rejected("\(path) refused the message (exit \(status))\(detail)")
        case .signalled(let signal): return .deferred("\(path) was stopped by signal \(signal) before it finished\(detail)")
        }
    }
}
