import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail

/// How mail should be sent, as the owner entered it (in the API's JSON or the settings page's
/// form), checked field by field.
struct MailSettingsInput {
    var method: String
    var host: String?
    var port: Int?
    var security: String?
    var username: String?
    var password: String?
    var allowUntrustedCertificate: Bool
    var sendmailPath: String?
    var envelopeSender: String?

    /// A field that is not right, for the API's error or the page's problem list.
    struct Problem: Error {
        var field: String
        var message: String
    }

    /// The settings to store. A password left out keeps the stored one for the same user name:
    /// it is never shown, so an edit cannot send it back.
    func sending(existing: StoredMailSettings?, key: ServerKey) throws(Problem) -> MailSending {
        let envelope = envelopeSender?.trimmingCharacters(in: .whitespaces).nonEmpty
        if let envelope, OutboxSender.addressProblem(envelope) != nil {
            throw Problem(field: "envelope_sender", message: "'\(envelope)' is not an email address")
        }
        switch method {
        case "sendmail":
            let path = sendmailPath?.trimmingCharacters(in: .whitespaces).nonEmpty ?? "/usr/sbin/sendmail"
            guard path.hasPrefix("/"), !path.contains(where: { $0.isNewline }) else {
                throw Problem(field: "sendmail_path", message: "the sendmail path must be an absolute path such as /usr/sbin/sendmail")
            }
            return MailSending(method: .sendmail(path: path), envelopeSender: envelope)
        case "smtp":
            let securityName = security?.nonEmpty ?? "starttls"
            guard let security = SMTPServerSettings.Security(rawValue: securityName) else {
                throw Problem(field: "security", message: "'security' must be starttls, tls or none, not '\(securityName)'")
            }
            guard let host = host?.trimmingCharacters(in: .whitespaces).nonEmpty else {
                throw Problem(field: "host", message: "the mail server's host name is missing")
            }
            let username = username?.trimmingCharacters(in: .whitespaces).nonEmpty
            var password = username == nil ? nil : password?.nonEmpty
            if let username, password == nil, let existing, existing.username == username, let sealed = existing.passwordSealed {
                password = try? key.open(sealed)
            }
            if username != nil, password == nil {
                throw Problem(field: "password", message: "a password is needed with the user name")
            }
            let settings = SMTPServerSettings(host: host, port: port ?? SMTPServerSettings.defaultPort(for: security),
                                              security: security, username: username, password: password,
                                              allowUntrustedCertificate: allowUntrustedCertificate)
            if let problem = settings.problems().first { throw Problem(field: problem.field, message: problem.message) }
            return MailSending(method: .smtp(settings), envelopeSender: envelope)
        default:
            throw Problem(field: "method", message: "'method' must be smtp or sendmail, not '\(method)'")
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
