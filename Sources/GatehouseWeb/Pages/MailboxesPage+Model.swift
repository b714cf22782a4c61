import GatehouseCore
import GatehouseDesk

extension MailboxesPage {
    /// What `/settings/mailboxes` shows: each connected mailbox with its folders' state, and the
    /// form to connect one more.
    struct Model: Equatable {
        struct Folder: Equatable {
            var name: String
            /// "stored up to UID 1042 · last read 2026-12-04T10:20:00Z", or "not read yet".
            var state: String
            var lastError: String?
            /// Messages set aside after failing several times.
            var setAside: Int?
        }

        struct Mailbox: Equatable {
            var id: String
            var address: String
            var server: String
            var paused: Bool
            var lastFetch: String?
            /// "3 failures in a row: …; next try 10:24" — nil when the last fetch worked.
            var trouble: String?
            var folders: [Folder]
            /// "left as it is on the server", "marked read on the server", …
            var afterReading: String
            var leave, markRead, move: Bool
            var moveTo: String
        }

        var canEdit: Bool
        var mailboxes: [Mailbox]
        var added: Bool
        var problem: String?
        var host, port, user, folders: String
        /// The days of old mail to import, as typed; empty for only new mail.
        var importDays: String
        var tls, starttls, none, allowUntrusted: Bool
        var leave, markRead, move: Bool
        var moveTo: String
    }

    /// The model from the mailboxes as they stand and the form as typed (empty for a fresh page).
    /// Times are said as the owner would, in the business's time zone ("today 10:02 AM"), when its
    /// calendar is known; else as ISO 8601 in UTC.
    static func model(_ states: [MailboxState], canEdit: Bool, added: Bool, problem: String?, input: MailboxDraft?,
                      calendar: BusinessCalendar? = nil, now: Instant = Instant(secondsSince1970: 0)) -> Model {
        func time(_ seconds: Int64?) -> String? {
            seconds.map { seconds in
                let instant = Instant(secondsSince1970: seconds)
                return calendar?.relative(instant, from: now) ?? ISO8601.format(instant, utcOffsetSeconds: 0)
            }
        }
        let mailboxes = states.map { state in
            let mailbox = state.mailbox
            // The folders read as customers' mail, then the Sent folder read for the owner's own replies.
            let names = mailbox.folders + state.folders.map(\.folder).filter { !mailbox.folders.contains($0) }
            let folders = names.map { name in
                let stored = state.folders.first { $0.folder == name }
                let setAside = state.messageFailures.filter { $0.folder == name && $0.quarantinedAt != nil }.count
                return Model.Folder(name: mailbox.folders.contains(name) ? name : "\(name) (your replies sent from other mail apps)",
                                    state: stored.map { "stored up to UID \($0.highestUID)" + (time($0.lastFetchAt).map { " · last read \($0)" } ?? "")
                                        + ($0.backlog > 0 ? " · \($0.backlog) still to read" : "") }
                                        ?? "not read yet",
                                    lastError: stored?.lastError, setAside: setAside > 0 ? setAside : nil)
            }
            let trouble = mailbox.lastError.map { error in
                "\(mailbox.failures) failure\(mailbox.failures == 1 ? "" : "s") in a row: \(error)"
                    + (time(mailbox.nextAttemptAt).map { " — next try \($0)" } ?? "")
            }
            return Model.Mailbox(id: mailbox.id, address: mailbox.username, server: "\(mailbox.host):\(mailbox.port) (\(mailbox.security))",
                                 paused: mailbox.paused, lastFetch: time(mailbox.lastFetchAt), trouble: trouble, folders: folders,
                                 afterReading: mailbox.afterReading.described, leave: mailbox.afterReading == .leave,
                                 markRead: mailbox.afterReading == .markRead, move: mailbox.afterReading.moveTarget != nil,
                                 moveTo: mailbox.afterReading.moveTarget ?? "")
        }
        let security = input?.security ?? "tls"
        return Model(canEdit: canEdit, mailboxes: mailboxes, added: added && problem == nil, problem: problem,
                     host: input?.host ?? "", port: input?.port.map(String.init) ?? "", user: input?.username ?? "",
                     folders: (input?.folders ?? ["INBOX"]).joined(separator: ", "),
                     importDays: input?.existingMail.storedDays.flatMap { $0 > 0 ? String($0) : nil } ?? "",
                     tls: security == "tls", starttls: security == "starttls", none: security == "none",
                     allowUntrusted: input?.allowUntrustedCertificate ?? false,
                     leave: (input?.afterReading ?? .leave) == .leave, markRead: input?.afterReading == .markRead,
                     move: input?.afterReading.moveTarget != nil, moveTo: input?.afterReading.moveTarget ?? "")
    }
}
