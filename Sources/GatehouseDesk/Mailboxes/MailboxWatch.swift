import GatehouseCore
import GatehouseMail
import GatehouseStore

extension ConnectedMailboxes {
    /// Keeps a mailbox read as mail arrives: fetches what is new, then waits in its first folder
    /// with IDLE (issued again every `idleFor`, under the servers' 30-minute limit) and fetches
    /// again as soon as the server announces mail; polls every `pollEvery` when the server has no
    /// IDLE, and after a failure waits out the mailbox's back-off. Runs until cancelled.
    public func watch(_ id: String, intake: Intake, idleFor: Duration = .seconds(25 * 60), pollEvery: Duration = .seconds(60),
                      fetched: @Sendable (MailboxFetchReport) -> Void = { _ in }) async throws {
        while !Task.isCancelled {
            let mailbox = try await find(id)
            if mailbox.paused {
                try await Task.sleep(for: pollEvery)
                continue
            }
            let report = try await fetch(mailbox, intake: intake)
            fetched(report)
            if report.error != nil {
                let wait = MailboxBackoff.wait(afterFailures: mailbox.failures + 1).span
                try await Task.sleep(for: .seconds(wait.seconds))
                continue
            }
            do {
                _ = try await waitForMail(mailbox, upTo: idleFor)
            } catch let error as IMAPError where error.code == .refused {
                // No IDLE here: poll instead.
                try await Task.sleep(for: pollEvery)
            } catch is IMAPError {
                // The next fetch records what is wrong and backs off.
                continue
            }
        }
    }

    /// Waits in the mailbox's first folder until the server announces new mail (IDLE), at most
    /// `upTo`; returns at once when mail is already waiting above the high-water mark (mail that
    /// came between the last fetch and now is not announced by IDLE). Whether there is mail to
    /// fetch. Throws `IMAPError` with code `.refused` when the server has no IDLE.
    public func waitForMail(_ mailbox: StoredMailbox, upTo: Duration) async throws -> Bool {
        let settings = try await self.settings(of: mailbox)
        let folder = mailbox.folders.first ?? "INBOX"
        let store = self.store
        return try await IMAPClient.withConnection(settings) { connection in
            let status = try await connection.examine(folder)
            let remembered = try await store.folders(mailboxID: mailbox.id).first { $0.folder == folder }
            let catchUp = FolderCatchUp.decide(
                remembered: RememberedFolder(uidValidity: remembered?.uidValidity.flatMap { UInt32(exactly: $0) },
                                             highestStoredUID: UInt32(clamping: remembered?.highestUID ?? 0)),
                serverUIDValidity: status.uidValidity, serverUIDNext: status.uidNext)
            if catchUp.hasWork { return true }
            return try await connection.idle(upTo: upTo)
        }
    }
}
