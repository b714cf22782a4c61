import Foundation
import GatehouseCore

/// What the email settings page shows, as a value.
extension MailSettingsPage {
    /// The form as it stands: what the owner just entered when a save was refused, else what is
    /// stored, else the usual choices (SMTP with STARTTLS). A stored password is never shown,
    /// only that there is one.
    struct Model: Equatable {
        var canEdit, configured, saved: Bool
        var problems: [String]
        var hasProblems: Bool
        var isSMTP, isSendmail: Bool
        var isStartTLS, isTLS, isNone: Bool
        var host, port, username: String?
        var passwordSet: Bool
        var allowUntrusted: Bool
        var sendmailPath, envelopeSender: String?
        /// The address mail comes from, for the envelope sender's hint.
        var businessEmail: String?
        /// What became of a test email, when one was just sent, and its style.
        var testResult: String?
        var testClass: String
        var testTo: String?
    }

    /// The page for `stored` settings (nil when none are set up), with `input` when a save was refused.
    static func model(stored: StoredMailSettings?, input: MailSettingsInput?, canEdit: Bool, saved: Bool, problems: [String],
                      businessEmail: String?, test: (text: String, ok: Bool)?, testTo: String?) -> Model {
        let method = input?.method ?? stored?.method.rawValue ?? "smtp"
        let security = input?.security ?? stored?.security ?? "starttls"
        return Model(
            canEdit: canEdit, configured: stored != nil, saved: saved,
            problems: problems, hasProblems: !problems.isEmpty,
            isSMTP: method == "smtp", isSendmail: method == "sendmail",
            isStartTLS: security == "starttls", isTLS: security == "tls", isNone: security == "none",
            host: (input?.host ?? stored?.host ?? "").nonEmpty,
            port: (input?.port ?? stored?.port).map(String.init),
            username: (input?.username ?? stored?.username ?? "").nonEmpty,
            passwordSet: stored?.passwordSealed != nil,
            allowUntrusted: input?.allowUntrustedCertificate ?? stored?.allowUntrustedCertificate ?? false,
            sendmailPath: (input?.sendmailPath ?? stored?.sendmailPath ?? "/usr/sbin/sendmail").nonEmpty,
            envelopeSender: (input?.envelopeSender ?? stored?.envelopeSender ?? "").nonEmpty,
            businessEmail: (businessEmail ?? "the business address").nonEmpty,
            testResult: test?.text.nonEmpty, testClass: test?.ok == true ? "notice" : "problems",
            testTo: testTo?.nonEmpty)
    }
}
