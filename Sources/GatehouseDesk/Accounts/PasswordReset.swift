import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// "Forgot password": a one-time link, good for half an hour, mailed through the desk's own
/// outbox of a workspace the account belongs to; and choosing the new password with it, which
/// ends every sign-in of the account.
public struct PasswordReset: Sendable {
    let database: Database
    let publicBaseURL: String

    /// How long a link works, and how many may be asked for in an hour.
    public static let lifetime = TimeSpan.minutes(30)
    public static let perHour = 3

    public init(database: Database, publicBaseURL: String) {
        self.database = database
        self.publicBaseURL = publicBaseURL
    }

    /// What became of a request. The page says the same in every case, so that nobody learns
    /// from it whether an account exists.
    public enum Requested: Sendable, Equatable {
        case mailed(workspaceID: Workspace.ID)
        case noAccount
        case tooMany
        /// The account's desks have no way to send mail yet.
        case cannotSend
    }

    /// Mails a link with `token` (kept only as `tokenHash`) to the account of `email`, if there is one.
    public func request(email: String, token: String, tokenHash: String, now: Instant) async throws -> Requested {
        guard let user = try await Accounts(database: database).credentials(email: email.lowercased())?.user else {
            return .noAccount
        }
        let resets = PasswordResets(database: database)
        guard try await resets.count(userID: user.id, since: now - .hours(1)) < Self.perHour else { return .tooMany }
        let settings = MailSettingsStore(database: database)
        var sendingFrom: Workspace?
        for (workspace, _) in try await Accounts(database: database).workspaces(of: user.id)
        where try await settings.get(workspaceID: workspace.id) != nil {
            sendingFrom = workspace
            break
        }
        guard let workspace = sendingFrom else { return .cannotSend }
        try await resets.create(userID: user.id, tokenHash: tokenHash, now: now, expires: now + Self.lifetime)
        let policy = try workspace.policy()
        let deskMail = DeskMail(policy: policy, workspace: workspace)
        let link = "\(publicBaseURL)/reset/\(token)"
        let text = """
            Hello \(user.name),

            Someone, hopefully you, asked to choose a new password for \(user.email) at the Gatehouse desk of \
            \(policy.business.name). Open this link within 30 minutes to choose it:

            \(link)

            The link works once. If you did not ask for this, ignore this email: your password stays as it is.

            """
        let mail = OutgoingMail(from: deskMail.from, to: [.init(name: user.name, address: user.email)],
                                subject: "Choose a new Gatehouse password", text: text,
                                messageID: deskMail.newMessageID(), isAutomatic: true, date: now.secondsSince1970)
        let raw = mail.rendered()
        let draft = ReplyDraft(conversationID: "", raw: raw, contentHash: DeskMail.contentHash(raw),
                               headerMessageID: mail.messageID, recipient: user.email, sender: deskMail.from.address,
                               subject: mail.subject, text: text, sendAt: now, note: "a password reset link: goes out at once")
        try await Outbox(database: database, workspaceID: workspace.id).queueNotice(draft, key: "reset:\(tokenHash)", now: now)
        return .mailed(workspaceID: workspace.id)
    }

    /// Whether the link with this token hash still works.
    public func works(tokenHash: String, now: Instant) async throws -> Bool {
        try await PasswordResets(database: database).user(tokenHash: tokenHash, now: now) != nil
    }

    /// Sets the new password with the link, using it up; false when it was used or has run out.
    public func complete(tokenHash: String, passwordHash: String, now: Instant) async throws -> Bool {
        try await PasswordResets(database: database).complete(tokenHash: tokenHash, passwordHash: passwordHash, now: now) != nil
    }
}
