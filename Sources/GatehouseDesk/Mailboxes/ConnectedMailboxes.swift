import GatehouseCore
import GatehouseMail
import GatehouseStore

/// A mailbox as the owner sees it listed: where it is, how its folders stand, and what failed.
public struct MailboxState: Sendable, Equatable {
    public var mailbox: StoredMailbox
    public var folders: [StoredMailboxFolder]
    public var messageFailures: [MailboxMessageFailure]
}

/// What a connection test found: the folders on the server, those asked for that are not there,
/// and those that are there but hold something other than customers' mail (Gmail's All Mail, …).
public struct MailboxTest: Sendable, Equatable {
    public var folders: [String]
    public var missing: [String]
    public var refused: [FolderChoice.Refused] = []

    /// What is wrong with the folders asked for, in a sentence; nil when they can all be read.
    public var problem: String? {
        var sentences: [String] = []
        if !missing.isEmpty {
            sentences.append("The server has no folder " + missing.map { "“\($0)”" }.joined(separator: ", ")
                             + ". Its folders are: " + folders.joined(separator: ", ") + ".")
        }
        sentences += refused.map { "\($0.reason.prefix(1).uppercased())\($0.reason.dropFirst())." }
        return sentences.isEmpty ? nil : sentences.joined(separator: " ")
    }
}

/// The owner's mailboxes read over IMAP: connecting one (its password sealed with the server's
/// key), testing it, listing how each stands, and fetching what is new.
public struct ConnectedMailboxes: Sendable {
    let database: Database
    let workspace: Workspace
    let key: ServerKey
    let clock: any DeskClock

    public init(database: Database, workspace: Workspace, key: ServerKey, clock: any DeskClock) {
        self.database = database
        self.workspace = workspace
        self.key = key
        self.clock = clock
    }

    var store: Mailboxes { Mailboxes(database: database, workspaceID: workspace.id) }

    /// Tests the connection and the folders, then stores the mailbox (nothing is fetched yet): what
    /// the page, the API and the command line do. Throws the `IMAPError` that says what failed to
    /// connect, or a `StoreError` naming the folders that cannot be read.
    public func connect(_ draft: MailboxDraft, actor: String) async throws -> StoredMailbox {
        let test = try await Self.test(try await draft.connectionSettings(), folders: draft.folders, moveTo: draft.afterReading.moveTarget)
        if let problem = test.problem { throw StoreError(.invalid, field: "folders", problem) }
        return try await add(draft, actor: actor)
    }

    /// Checks and stores a new mailbox without testing it; nothing is fetched yet.
    public func add(_ draft: MailboxDraft, actor: String) async throws -> StoredMailbox {
        let settings = try draft.checked()
        let now = clock.now()
        let mailbox = StoredMailbox(id: NewID.make(), workspaceID: workspace.id, host: settings.host, port: settings.port,
                                    security: settings.security.rawValue, username: settings.username,
                                    secretSealed: try key.seal(settings.password),
                                    allowUntrustedCertificate: settings.allowUntrustedCertificate,
                                    folders: draft.folders.map { $0.trimmingCharacters(in: .whitespaces) },
                                    createdAt: now.secondsSince1970, afterReading: draft.afterReading,
                                    signIn: draft.tokenCommand == nil ? StoredMailbox.signInWithPassword : StoredMailbox.signInWithTokenCommand)
        try await store.add(mailbox, actor: actor, now: now)
        try await store.setImportSinceDays(mailboxID: mailbox.id, draft.existingMail.storedDays)
        return mailbox
    }

    /// Changes what becomes of each message on the server once stored; false when the workspace has
    /// no mailbox by that id. A folder to move mail to is checked on the server first.
    public func setAfterReading(_ id: String, _ action: AfterReading, actor: String) async throws -> Bool {
        guard let mailbox = try await store.find(id: id) else { return false }
        if let target = action.moveTarget {
            let test = try await Self.test(try await settings(of: mailbox), folders: [], moveTo: target)
            if !test.missing.isEmpty {
                throw StoreError(.invalid, field: "move_to", "The server has no folder “\(target)” to move read mail to. Its folders are: "
                                 + test.folders.joined(separator: ", ") + ".")
            }
        }
        return try await store.setAfterReading(id: id, action, actor: actor, now: clock.now())
    }

    /// Pauses or resumes fetching a mailbox; false when the workspace has none by that id.
    public func setPaused(_ id: String, _ paused: Bool) async throws -> Bool {
        try await store.setPaused(id: id, paused)
    }

    /// Stops reading a mailbox and forgets its marks; the mail already taken in stays, and nothing
    /// on the server is touched. False when the workspace has none by that id.
    public func remove(_ id: String, actor: String) async throws -> Bool {
        try await store.remove(id: id, actor: actor, now: clock.now())
    }

    /// Every mailbox with its folders and failures.
    public func list() async throws -> [MailboxState] {
        var states: [MailboxState] = []
        for mailbox in try await store.all() {
            states.append(MailboxState(mailbox: mailbox, folders: try await store.folders(mailboxID: mailbox.id),
                                       messageFailures: try await store.messageFailures(mailboxID: mailbox.id)))
        }
        return states
    }

    /// One mailbox, by its id (or its user name, as the command line names it).
    public func find(_ idOrUser: String) async throws -> StoredMailbox {
        let all = try await store.all()
        if let found = all.first(where: { $0.id == idOrUser }) ?? all.first(where: { $0.username == idOrUser }) { return found }
        throw StoreError(.notFound, field: "mailbox", "there is no mailbox \"\(idOrUser)\" in this workspace")
    }

    /// The settings to connect to a stored mailbox with, its password opened (or, for a mailbox
    /// signing in with an access token, its token command run when the last token is too old).
    public func settings(of mailbox: StoredMailbox, timeout: Duration = .seconds(30)) async throws -> IMAPServerSettings {
        let secret: String
        do { secret = try key.open(mailbox.secretSealed) } catch {
            throw StoreError(.invalid, field: "password", "\(error)")
        }
        let withToken = mailbox.signIn == StoredMailbox.signInWithTokenCommand
        return IMAPServerSettings(host: mailbox.host, port: mailbox.port,
                                  security: IMAPServerSettings.Security(rawValue: mailbox.security) ?? .tls,
                                  username: mailbox.username,
                                  password: withToken ? try await AccessTokens.shared.token(for: mailbox.id, command: secret) : secret,
                                  signIn: withToken ? .xoauth2 : .automatic,
                                  allowUntrustedCertificate: mailbox.allowUntrustedCertificate, timeout: timeout)
    }

    /// Connects, signs in and lists the folders, saying which of `folders` are missing. Throws
    /// the `IMAPError` that says plainly what failed (wrong password, TLS refused, …).
    /// `moveTo`: the folder read mail is to be moved to, which must exist (and may be of any kind).
    public static func test(_ settings: IMAPServerSettings, folders wanted: [String], moveTo: String? = nil) async throws -> MailboxTest {
        let listed = try await IMAPClient.withConnection(settings) { connection in try await connection.folders() }
        let server = listed.map { ServerFolder(name: $0.name, attributes: $0.attributes) }
        let read = FolderChoice.check(wanted, on: server)
        let target = moveTo.map { FolderChoice.check([$0], on: server).missing } ?? []
        return MailboxTest(folders: listed.filter(\.canBeOpened).map(\.name), missing: read.missing + target, refused: read.refused)
    }

    /// Tests a stored mailbox's connection and folders.
    public func test(_ mailbox: StoredMailbox) async throws -> MailboxTest {
        try await Self.test(try await settings(of: mailbox), folders: mailbox.folders, moveTo: mailbox.afterReading.moveTarget)
    }

    /// Fetches now, as one reader among the desk's: the mailbox is claimed by `reader` while it is
    /// read (as the desk's own rounds claim it), so two never read it at once. Nil when another
    /// reader has it right now (the mail is being taken in by it). A claim lasts 15 minutes at most,
    /// as the desk's own, so a reader that was killed keeps no one else out for longer.
    public func fetchClaimed(_ mailbox: StoredMailbox, intake: Intake, by reader: String,
                             progress: @escaping @Sendable (MailboxFetchProgress) -> Void = { _ in }) async throws -> MailboxFetchReport? {
        let now = clock.now()
        guard try await store.claim(mailboxID: mailbox.id, owner: reader, until: now + .minutes(15), now: now) else { return nil }
        do {
            let report = try await fetch(mailbox, intake: intake, progress: progress)
            try await store.release(mailboxID: mailbox.id, owner: reader)
            return report
        } catch {
            try? await store.release(mailboxID: mailbox.id, owner: reader)
            throw error
        }
    }

    /// Fetches what is new in one mailbox and files it through `intake`. A failure is recorded on
    /// the mailbox (and shown), never thrown, unless the store itself cannot be reached.
    public func fetch(_ mailbox: StoredMailbox, intake: Intake, timeout: Duration = .seconds(30),
                      progress: @escaping @Sendable (MailboxFetchProgress) -> Void = { _ in }) async throws -> MailboxFetchReport {
        let settings: IMAPServerSettings
        do { settings = try await self.settings(of: mailbox, timeout: timeout) } catch let problem as StoreError {
            var report = MailboxFetchReport(mailboxID: mailbox.id)
            report.error = problem.message
            let wait = MailboxBackoff.wait(afterFailures: mailbox.failures + 1)
            try await store.failed(mailboxID: mailbox.id, error: problem.message, failuresInARow: mailbox.failures + 1,
                                   nextAttemptAt: clock.now() + wait.span, now: clock.now())
            return report
        }
        let clock = self.clock
        let report = try await MailboxFetcher(mailboxes: store, intake: intake, progress: progress)
            .fetch(mailbox, settings: settings, now: { clock.now() })
        // A token the server refused (or any failure) is not used again: the command runs next time.
        if report.error != nil, settings.signIn == .xoauth2 { await AccessTokens.shared.forget(mailbox.id) }
        return report
    }
}
