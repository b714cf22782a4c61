import Foundation
import GatehouseCore
import GatehouseMail
import GatehouseStore

/// Reads a mailbox's folders over IMAP and takes every message above each folder's high-water
/// mark in through the intake, as if an MTA had piped it: stored raw first, recognised when it is
/// already here, then filed. The mark moves only once the messages under it are committed, so a
/// crash at any moment loses nothing (what was stored but not yet marked is recognised next time).
/// Nothing on the server is changed unless the owner asked for it (`AfterReading`): folders are
/// opened read-only and bodies fetched with PEEK; a message is marked read or moved only once committed.
struct MailboxFetcher: Sendable {
    let mailboxes: Mailboxes
    let intake: Intake
    /// Messages fetched and stored per round trip and transaction, at most.
    var chunkSize = 500
    /// Bytes fetched per round trip, at most (but for one larger message on its own).
    var chunkBytes = 16 * 1024 * 1024
    /// Told after each chunk how far the folder being read has come (for a progress bar).
    var progress: @Sendable (MailboxFetchProgress) -> Void = { _ in }

    /// Fetches every folder of `mailbox` with `settings`; records the outcome on the mailbox
    /// (the error and the back-off when it failed) and returns it. Throws only when the store
    /// cannot be reached.
    func fetch(_ mailbox: StoredMailbox, settings: IMAPServerSettings, now: @escaping @Sendable () -> Instant) async throws -> MailboxFetchReport {
        var report = MailboxFetchReport(mailboxID: mailbox.id)
        do {
            report.folders = try await IMAPClient.withConnection(settings) { connection in
                let remembered = Dictionary(uniqueKeysWithValues: try await mailboxes.folders(mailboxID: mailbox.id).map { ($0.folder, $0) })
                var folders: [MailboxFetchReport.Folder] = []
                let server = try await connection.folders().map { ServerFolder(name: $0.name, attributes: $0.attributes) }
                // A folder that holds something other than customers' mail (Gmail's All Mail, Sent,
                // Trash, …) is never read as theirs, even when a mailbox was connected before this check.
                let refused = FolderChoice.check(mailbox.folders, on: server).refused
                for folder in mailbox.folders {
                    if let refusal = refused.first(where: { $0.folder == folder }) {
                        var skipped = MailboxFetchReport.Folder(folder: folder)
                        skipped.notRead = refusal.reason
                        folders.append(skipped)
                        continue
                    }
                    do {
                        folders.append(try await fetch(folder, of: mailbox, remembered: remembered[folder], connection: connection, now: now))
                    } catch let error as IMAPError where error.code == .noSuchFolder || error.code == .refused {
                        // One folder gone does not stop the others; the owner sees it on the folder.
                        var failed = MailboxFetchReport.Folder(folder: folder)
                        failed.error = error.message
                        failed.highWaterMark = UInt32(clamping: remembered[folder]?.highestUID ?? 0)
                        try await mailboxes.folderFailed(mailboxID: mailbox.id, folder: folder, error: error.message)
                        folders.append(failed)
                    }
                }
                // The owner's replies sent from other mail apps, from the Sent folder (once per folder).
                let sent = SentFolder.find(server)
                if let name = sent.name, !mailbox.folders.contains(name) {
                    do {
                        var read = try await fetch(name, of: mailbox, remembered: remembered[name], connection: connection, now: now, sent: true)
                        read.reasons = sent.reasons + read.reasons
                        folders.append(read)
                    } catch let error as IMAPError where error.code == .noSuchFolder || error.code == .refused {
                        var failed = MailboxFetchReport.Folder(folder: name)
                        failed.error = error.message
                        folders.append(failed)
                    }
                }
                return folders
            }
        } catch let error as IMAPError {
            report.error = error.message
        } catch let error as StoreError where error.code == .unreachable {
            throw error
        } catch {
            report.error = "\(error)"
        }
        let folderErrors = report.folders.compactMap { folder in folder.error.map { "\(folder.folder): \($0)" } }
        if let error = report.error ?? (folderErrors.isEmpty ? nil : folderErrors.joined(separator: "; ")) {
            let failures = mailbox.failures + 1
            let wait = MailboxBackoff.wait(afterFailures: failures)
            try await mailboxes.failed(mailboxID: mailbox.id, error: error, failuresInARow: failures,
                                       nextAttemptAt: now() + wait.span, now: now())
        } else {
            try await mailboxes.fetched(mailboxID: mailbox.id, now: now())
        }
        return report
    }

    private func fetch(_ folder: String, of mailbox: StoredMailbox, remembered: StoredMailboxFolder?, connection: IMAPConnection,
                       now: @Sendable () -> Instant, sent: Bool = false) async throws -> MailboxFetchReport.Folder {
        var report = MailboxFetchReport.Folder(folder: folder)
        // The owner's choice of what becomes of mail on the server once stored (never for the Sent folder).
        let after = sent ? AfterReading.leave.plan(capabilities: []) : mailbox.afterReading.plan(capabilities: connection.capabilities)
        let status = after.changesFolder ? try await connection.select(folder) : try await connection.examine(folder)
        let known = RememberedFolder(uidValidity: remembered?.uidValidity.flatMap { UInt32(exactly: $0) },
                                     highestStoredUID: UInt32(clamping: remembered?.highestUID ?? 0))
        let catchUp = FolderCatchUp.decide(remembered: known, serverUIDValidity: status.uidValidity, serverUIDNext: status.uidNext)
        report.reasons = catchUp.reasons
        var mark = catchUp.readAbove
        let validity = Int64(catchUp.uidValidity)
        // The owner's choice for the mail already there: left alone, or adopted (filed quietly).
        let importDays = try await mailboxes.importSinceDays(mailboxID: mailbox.id)
        var adoptBelow = UInt32(clamping: try await mailboxes.adoptBelow(mailboxID: mailbox.id, folder: folder))
        if remembered == nil {
            let first = FirstRead.decide(ExistingMail(storedDays: importDays), serverUIDNext: status.uidNext)
            mark = first.readAbove
            adoptBelow = first.adoptBelow
            report.reasons += first.reasons
            try await mailboxes.rememberFirstRead(mailboxID: mailbox.id, folder: folder, uidValidity: validity,
                                                  highestUID: Int64(mark), adoptBelow: Int64(adoptBelow), now: now())
        } else if catchUp.startsOver {
            // The new numbering is remembered before anything is read under it, so a crash in the
            // middle of a re-read resumes under the new UIDVALIDITY instead of starting over again.
            try await mailboxes.remember(mailboxID: mailbox.id, folder: folder, uidValidity: validity, highestUID: Int64(mark), now: now())
        }
        let adoptedSince = mailbox.createdAt - Int64(importDays ?? 0) * 86_400
        report.highWaterMark = mark
        let hasWork = catchUp.hasWork && (status.uidNext.map { UInt64($0) > UInt64(mark) + 1 } ?? true)
        guard hasWork else {
            try await mailboxes.remember(mailboxID: mailbox.id, folder: folder, uidValidity: validity, highestUID: Int64(mark), now: now())
            return report
        }
        var held = false
        let waiting = try await connection.sizes(above: mark)
        var left = waiting.count
        try await mailboxes.setBacklog(mailboxID: mailbox.id, folder: folder, left)
        progress(MailboxFetchProgress(folder: folder, read: 0, total: waiting.count))
        // While one chunk is stored and filed, the next is fetched and read (parsed) beside it: the
        // server, the parser and the database work at once.
        let chunks = FetchChunks.plan(waiting, maxCount: chunkSize, maxBytes: chunkBytes)
        func readAhead(_ uids: [UInt32]) async throws -> Task<FetchedChunk, Never> {
            let messages = try await connection.fetch(uids: uids)
            return Task { FetchedChunk(messages: messages, emails: sent ? nil : Intake.read(messages.map(\.raw))) }
        }
        var next = chunks.isEmpty ? nil : try await readAhead(chunks[0])
        for (index, chunk) in chunks.enumerated() {
            let fetched = await next?.value ?? FetchedChunk(messages: [], emails: nil)
            let messages = fetched.messages
            report.fetched += messages.count
            var settled = Set(messages.map(\.uid))
            let at = now()
            let storing = Task { [intake] in
                try await Self.store(fetched, sent: sent, adoptBelow: adoptBelow, adoptedSince: adoptedSince, mailbox: mailbox,
                                     intake: intake, now: at)
            }
            let stored: StoredChunk
            do {
                next = index + 1 < chunks.count ? try await readAhead(chunks[index + 1]) : nil
                stored = try await storing.value
            } catch {
                // Whatever failed, the chunk being stored is finished (or failed) before going on.
                _ = try? await storing.value
                throw error
            }
            report.stored += stored.stored
            report.duplicates += stored.duplicates
            report.quarantined += stored.quarantined
            report.filed += stored.filed
            report.answered += stored.answered
            let leftAlone = stored.leftAlone
            // Committed: only now is the owner's choice carried out on the server (again, harmlessly,
            // if a crash comes before the mark moves and the chunk is read a second time).
            // When it cannot be, the mail is filed all the same but the mark waits, so the next
            // round tries again; the owner sees why.
            if after.changesFolder, report.error == nil {
                let committed = messages.map(\.uid).filter { !leftAlone.contains($0) }
                do {
                    try await carryOut(after, on: committed, connection: connection)
                    report.changedOnServer += committed.count
                } catch let error as IMAPError where error.code == .noSuchFolder || error.code == .refused {
                    report.error = "the mail was filed, but could not be \(mailbox.afterReading.described): \(error.message)"
                    held = true
                }
            }
            for uid in chunk where !settled.contains(uid) {
                let reason = "\(mailbox.host) did not hand over message UID \(uid) of \(folder)"
                let failures = try await mailboxes.countFailure(mailboxID: mailbox.id, folder: folder, uidValidity: validity,
                                                                uid: Int64(uid), reason: reason)
                if case .quarantine(let why) = FetchAttempts.decide(failures: failures, reason: reason) {
                    try await mailboxes.quarantine(mailboxID: mailbox.id, folder: folder, uidValidity: validity, uid: Int64(uid),
                                                   reason: why, now: now())
                    settled.insert(uid)
                    report.setAside += 1
                }
            }
            // Only now, with the chunk committed, does the mark move; a message left unsettled holds
            // it there (the rest is still taken in, and recognised when read again next time).
            left -= chunk.count
            if !held {
                mark = HighWaterMark.advance(from: mark, chunk: chunk, settled: settled)
                held = settled.count < chunk.count
                try await mailboxes.remember(mailboxID: mailbox.id, folder: folder, uidValidity: validity, highestUID: Int64(mark),
                                             backlog: left, now: now())
                report.highWaterMark = mark
            } else {
                try await mailboxes.setBacklog(mailboxID: mailbox.id, folder: folder, left)
            }
            progress(MailboxFetchProgress(folder: folder, read: waiting.count - left, total: waiting.count))
        }
        if let error = report.error {
            try await mailboxes.folderFailed(mailboxID: mailbox.id, folder: folder, error: error)
        }
        return report
    }

    /// What storing one chunk did.
    struct StoredChunk: Sendable {
        var stored = 0, duplicates = 0, quarantined = 0, filed = 0, answered = 0
        /// Old mail written before the import's start: left alone here and on the server.
        var leftAlone: Set<UInt32> = []
    }

    /// One chunk as fetched from the server and read (nil for the Sent folder, read as the owner's replies).
    struct FetchedChunk: Sendable {
        var messages: [IMAPFetchedMessage]
        var emails: Intake.ReadEmails?
    }

    /// Stores and files one chunk through the intake (or, from the Sent folder, takes the owner's
    /// replies): mail that was there when the folder was connected is adopted; what came after is answered.
    static func store(_ chunk: FetchedChunk, sent: Bool, adoptBelow: UInt32, adoptedSince: Int64, mailbox: StoredMailbox,
                      intake: Intake, now: Instant) async throws -> StoredChunk {
        var result = StoredChunk()
        let messages = chunk.messages
        if sent {
            result.answered = try await SentMail(intake: intake).take(messages, mailbox: mailbox, now: now)
            return result
        }
        let read = chunk.emails ?? Intake.read(messages.map(\.raw))
        let old = messages.indices.filter { messages[$0].uid < adoptBelow }, new = messages.indices.filter { messages[$0].uid >= adoptBelow }
        for (batch, cutoff) in [(old, Optional(adoptedSince)), (new, nil)] where !batch.isEmpty {
            let emails = read.subset(batch)
            if let cutoff {
                for (index, parsed) in zip(batch, emails.parsed) {
                    let sentAt = (try? parsed.get())?.date.map { Int64($0.timeIntervalSince1970.rounded(.down)) }
                    if case .leave = AdoptedMessage.decide(sentAt: sentAt, cutoff: cutoff) { result.leftAlone.insert(messages[index].uid) }
                }
            }
            let summary = try await intake.ingest(emails, now: now, byMessageIDAlone: false, adoptingWrittenSince: cutoff).summary
            result.stored += summary.stored + summary.quarantined
            result.duplicates += summary.duplicates
            result.quarantined += summary.quarantined
            result.filed += summary.filed
        }
        return result
    }

    private func carryOut(_ plan: AfterReadingPlan, on uids: [UInt32], connection: IMAPConnection) async throws {
        guard !uids.isEmpty else { return }
        for step in plan.steps {
            switch step {
            case .addSeen: try await connection.addFlags(["\\Seen"], to: uids)
            case .move(let folder): try await connection.move(uids, to: folder)
            case .copy(let folder): try await connection.copy(uids, to: folder)
            case .addDeleted: try await connection.addFlags(["\\Deleted"], to: uids)
            case .expungeThese: try await connection.expunge(uids)
            }
        }
    }
}
