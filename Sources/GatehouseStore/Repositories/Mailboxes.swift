import Foundation
import GatehouseCore
import SQLKit

/// One of the owner's mailboxes as stored: the secret only sealed, the folders it reads, and how
/// its last fetches went.
public struct StoredMailbox: Sendable, Equatable {
    public var id: String
    public var workspaceID: Workspace.ID
    public var host: String
    public var port: Int
    /// `tls`, `starttls` or `none`.
    public var security: String
    public var username: String
    /// The password sealed with the server's key, never shown back.
    public var secretSealed: String
    public var allowUntrustedCertificate: Bool
    /// The folders read, in order (INBOX first as a rule).
    public var folders: [String]
    public var paused: Bool
    /// Failed fetches in a row; none after a fetch that worked.
    public var failures: Int
    public var lastError: String?
    public var lastErrorAt: Int64?
    public var lastFetchAt: Int64?
    /// Not fetched before this (the back-off after failures).
    public var nextAttemptAt: Int64?
    public var createdAt: Int64
    /// What becomes of each message on the server once it is stored.
    public var afterReading: AfterReading
    /// `password`, or `token-command` when `secretSealed` holds a command printing an OAuth access token (XOAUTH2).
    public var signIn: String
    public static let signInWithPassword = "password"
    public static let signInWithTokenCommand = "token-command"

    public init(id: String, workspaceID: Workspace.ID, host: String, port: Int, security: String, username: String,
                secretSealed: String, allowUntrustedCertificate: Bool, folders: [String], paused: Bool = false,
                failures: Int = 0, lastError: String? = nil, lastErrorAt: Int64? = nil, lastFetchAt: Int64? = nil,
                nextAttemptAt: Int64? = nil, createdAt: Int64, afterReading: AfterReading = .leave,
                signIn: String = StoredMailbox.signInWithPassword) {
        self.afterReading = afterReading
        self.signIn = signIn
        self.id = id
        self.workspaceID = workspaceID
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.secretSealed = secretSealed
        self.allowUntrustedCertificate = allowUntrustedCertificate
        self.folders = folders
        self.paused = paused
        self.failures = failures
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.lastFetchAt = lastFetchAt
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
    }
}

/// What is remembered of one folder of a mailbox.
public struct StoredMailboxFolder: Sendable, Equatable {
    public var folder: String
    public var uidValidity: Int64?
    /// The high-water mark: the highest UID durably stored under `uidValidity`.
    public var highestUID: Int64
    public var lastFetchAt: Int64?
    public var lastError: String?
    /// Messages above the mark still to be read, as the last fetch counted them.
    public var backlog: Int = 0
}

/// A message of a mailbox that could not be fetched, counted; set aside once `quarantinedAt` is set.
public struct MailboxMessageFailure: Sendable, Equatable {
    public var folder: String
    public var uidValidity: Int64
    public var uid: Int64
    public var failures: Int
    public var reason: String
    public var quarantinedAt: Int64?
}

/// A workspace's mailboxes, their folders' high-water marks and their failures.
public struct Mailboxes: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    static let columns = ["id", "workspace_id", "host", "port", "security", "username", "secret_sealed",
                          "allow_untrusted_certificate", "folders", "paused", "failures", "last_error", "last_error_at",
                          "last_fetch_at", "next_attempt_at", "created_at", "after_reading", "sign_in"]

    /// Adds a mailbox; a conflict when the workspace already reads this user on this server.
    public func add(_ mailbox: StoredMailbox, actor: String, now: Instant) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            let existing = try await sql.select().column("id").from("mailboxes")
                .where("workspace_id", .equal, workspaceID).where("host", .equal, mailbox.host)
                .where("username", .equal, mailbox.username).first()
            if existing != nil {
                throw StoreError(.conflict, field: "username", "\(mailbox.username) on \(mailbox.host) is already connected")
            }
            try await sql.insert(into: "mailboxes").columns(Self.columns)
                .values(SQLBind(mailbox.id), SQLBind(workspaceID), SQLBind(mailbox.host), SQLBind(mailbox.port),
                        SQLBind(mailbox.security), SQLBind(mailbox.username), SQLBind(mailbox.secretSealed),
                        SQLBind(mailbox.allowUntrustedCertificate ? 1 : 0), SQLBind(mailbox.folders.joined(separator: "\n")),
                        SQLBind(mailbox.paused ? 1 : 0), SQLBind(0), SQLBind(String?.none), SQLBind(Int64?.none),
                        SQLBind(Int64?.none), SQLBind(Int64?.none), SQLBind(mailbox.createdAt), SQLBind(mailbox.afterReading.stored),
                        SQLBind(mailbox.signIn))
                .run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "mailbox.add",
                                      subjectType: "mailbox", subjectID: mailbox.id,
                                      details: "reads \(mailbox.username) on \(mailbox.host)", now: now)
        }
    }

    /// Every mailbox of the workspace, oldest first.
    public func all() async throws -> [StoredMailbox] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns(Self.columns).from("mailboxes").where("workspace_id", .equal, workspaceID)
                .orderBy("created_at").orderBy("id").all().map(Self.mailbox)
        }
    }

    /// One mailbox, by its id; nil when the workspace has none by that id.
    public func find(id: String) async throws -> StoredMailbox? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns(Self.columns).from("mailboxes").where("workspace_id", .equal, workspaceID)
                .where("id", .equal, id).first().map(Self.mailbox)
        }
    }

    static func mailbox(_ row: any SQLRow) throws -> StoredMailbox {
        func optionalText(_ column: String) throws -> String? {
            try row.decodeNil(column: column) ? nil : row.decode(column: column, as: String.self)
        }
        func optionalInteger(_ column: String) throws -> Int64? {
            try row.decodeNil(column: column) ? nil : row.decode(column: column, as: Int64.self)
        }
        return StoredMailbox(
            id: try row.decode(column: "id", as: String.self), workspaceID: try row.decode(column: "workspace_id", as: Workspace.ID.self),
            host: try row.decode(column: "host", as: String.self), port: try row.decode(column: "port", as: Int.self),
            security: try row.decode(column: "security", as: String.self), username: try row.decode(column: "username", as: String.self),
            secretSealed: try row.decode(column: "secret_sealed", as: String.self),
            allowUntrustedCertificate: try row.decode(column: "allow_untrusted_certificate", as: Int.self) != 0,
            folders: try row.decode(column: "folders", as: String.self).split(separator: "\n").map(String.init),
            paused: try row.decode(column: "paused", as: Int.self) != 0, failures: try row.decode(column: "failures", as: Int.self),
            lastError: try optionalText("last_error"), lastErrorAt: try optionalInteger("last_error_at"),
            lastFetchAt: try optionalInteger("last_fetch_at"), nextAttemptAt: try optionalInteger("next_attempt_at"),
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            afterReading: (try? AfterReading.parse(try row.decode(column: "after_reading", as: String.self)).get()) ?? .leave,
            signIn: try row.decode(column: "sign_in", as: String.self))
    }

    /// Changes what becomes of each message on the server once it is stored; false when there is no mailbox by that id.
    public func setAfterReading(id: String, _ action: AfterReading, actor: String, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            let changed = !(try await sql.update("mailboxes").set("after_reading", to: action.stored)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, id).returning("id").all()).isEmpty
            if changed {
                try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "mailbox.after-reading",
                                          subjectType: "mailbox", subjectID: id, details: "mail is \(action.described)", now: now)
            }
            return changed
        }
    }

    /// Pauses or resumes a mailbox; false when there is none by that id.
    public func setPaused(id: String, _ paused: Bool) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            !(try await sql.update("mailboxes").set("paused", to: paused ? 1 : 0).where("workspace_id", .equal, workspaceID)
                .where("id", .equal, id).returning("id").all()).isEmpty
        }
    }

    /// Forgets a mailbox, its folders' marks and its failures (the mail already taken in stays,
    /// and nothing on the server is touched); false when there is none by that id.
    public func remove(id: String, actor: String, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            try await sql.delete(from: "mailbox_message_failures").where("workspace_id", .equal, workspaceID)
                .where("mailbox_id", .equal, id).run()
            try await sql.delete(from: "mailbox_folders").where("workspace_id", .equal, workspaceID).where("mailbox_id", .equal, id).run()
            let removed = try await sql.delete(from: "mailboxes").where("workspace_id", .equal, workspaceID).where("id", .equal, id)
                .returning("username").all()
            guard let row = removed.first else { return false }
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "mailbox.remove", subjectType: "mailbox",
                                      subjectID: id, details: "no longer reads \(try row.decode(column: "username", as: String.self))",
                                      now: now)
            return true
        }
    }

    // MARK: Folders

    /// What is remembered of each folder read so far.
    public func folders(mailboxID: String) async throws -> [StoredMailboxFolder] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("folder", "uid_validity", "highest_uid", "last_fetch_at", "last_error", "backlog")
                .from("mailbox_folders").where("workspace_id", .equal, workspaceID).where("mailbox_id", .equal, mailboxID)
                .orderBy("folder").all().map { row in
                    StoredMailboxFolder(
                        folder: try row.decode(column: "folder", as: String.self),
                        uidValidity: try row.decodeNil(column: "uid_validity") ? nil : row.decode(column: "uid_validity", as: Int64.self),
                        highestUID: try row.decode(column: "highest_uid", as: Int64.self),
                        lastFetchAt: try row.decodeNil(column: "last_fetch_at") ? nil : row.decode(column: "last_fetch_at", as: Int64.self),
                        lastError: try row.decodeNil(column: "last_error") ? nil : row.decode(column: "last_error", as: String.self),
                        backlog: try row.decode(column: "backlog", as: Int.self))
                }
        }
    }

    /// Remembers a folder's UIDVALIDITY and high-water mark (called only once the messages up to
    /// `highestUID` are committed), with the outcome of the fetch.
    /// `backlog`: the messages above the mark still to be read, when the fetch counted them.
    public func remember(mailboxID: String, folder: String, uidValidity: Int64, highestUID: Int64, lastError: String? = nil,
                         backlog: Int = 0, now: Instant) async throws {
        let workspaceID = self.workspaceID
        let at = now.secondsSince1970
        try await database.write { sql in
            let updated = try await sql.update("mailbox_folders")
                .set("uid_validity", to: uidValidity).set("highest_uid", to: highestUID)
                .set("last_fetch_at", to: at).set("last_error", to: lastError).set("backlog", to: max(0, backlog))
                .where("workspace_id", .equal, workspaceID).where("mailbox_id", .equal, mailboxID)
                .where("folder", .equal, folder).returning("folder").all()
            if updated.isEmpty {
                try await sql.insert(into: "mailbox_folders")
                    .columns("mailbox_id", "workspace_id", "folder", "uid_validity", "highest_uid", "last_fetch_at", "last_error")
                    .values(SQLBind(mailboxID), SQLBind(workspaceID), SQLBind(folder), SQLBind(uidValidity), SQLBind(highestUID),
                            SQLBind(at), SQLBind(lastError))
                    .run()
            }
        }
    }

    /// How many messages of a folder are still to be read (an import's progress).
    public func setBacklog(mailboxID: String, folder: String, _ backlog: Int) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("mailbox_folders").set("backlog", to: max(0, backlog))
                .where("workspace_id", .equal, workspaceID).where("mailbox_id", .equal, mailboxID)
                .where("folder", .equal, folder).run()
        }
    }

    /// Notes a folder's failure without moving its high-water mark.
    public func folderFailed(mailboxID: String, folder: String, error: String) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("mailbox_folders").set("last_error", to: error)
                .where("workspace_id", .equal, workspaceID).where("mailbox_id", .equal, mailboxID)
                .where("folder", .equal, folder).run()
        }
    }

    // MARK: The mailbox's health

    /// A fetch that worked: no failures in a row, no error shown.
    public func fetched(mailboxID: String, now: Instant) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("mailboxes").set("failures", to: 0).set("last_error", to: String?.none)
                .set("last_fetch_at", to: now.secondsSince1970).set("next_attempt_at", to: Int64?.none)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, mailboxID).run()
        }
    }

    /// A fetch that failed: one more failure in a row, the error shown, the next try not before
    /// `nextAttemptAt`. Returns the failures in a row, this one counted.
    @discardableResult
    public func failed(mailboxID: String, error: String, failuresInARow: Int, nextAttemptAt: Instant, now: Instant) async throws -> Int {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("mailboxes").set("failures", to: failuresInARow).set("last_error", to: error)
                .set("last_error_at", to: now.secondsSince1970).set("next_attempt_at", to: nextAttemptAt.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, mailboxID).run()
        }
        return failuresInARow
    }

    // MARK: Messages that fail

    /// Counts one more failed attempt at a message; returns the attempts so far.
    public func countFailure(mailboxID: String, folder: String, uidValidity: Int64, uid: Int64, reason: String) async throws -> Int {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            let row = try await sql.select().column("failures").from("mailbox_message_failures")
                .where("workspace_id", .equal, workspaceID).where("mailbox_id", .equal, mailboxID).where("folder", .equal, folder)
                .where("uid_validity", .equal, uidValidity).where("uid", .equal, uid).first()
            if let row {
                let failures = try row.decode(column: "failures", as: Int.self) + 1
                try await sql.update("mailbox_message_failures").set("failures", to: failures).set("reason", to: reason)
                    .where("workspace_id", .equal, workspaceID).where("mailbox_id", .equal, mailboxID).where("folder", .equal, folder)
                    .where("uid_validity", .equal, uidValidity).where("uid", .equal, uid).run()
                return failures
            }
            try await sql.insert(into: "mailbox_message_failures")
                .columns("mailbox_id", "workspace_id", "folder", "uid_validity", "uid", "failures", "reason", "quarantined_at")
                .values(SQLBind(mailboxID), SQLBind(workspaceID), SQLBind(folder), SQLBind(uidValidity), SQLBind(uid), SQLBind(1),
                        SQLBind(reason), SQLBind(Int64?.none))
                .run()
            return 1
        }
    }

    /// Sets a message aside for good, with the reason: the folder moves on past it.
    public func quarantine(mailboxID: String, folder: String, uidValidity: Int64, uid: Int64, reason: String, now: Instant) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("mailbox_message_failures").set("quarantined_at", to: now.secondsSince1970).set("reason", to: reason)
                .where("workspace_id", .equal, workspaceID).where("mailbox_id", .equal, mailboxID).where("folder", .equal, folder)
                .where("uid_validity", .equal, uidValidity).where("uid", .equal, uid).run()
        }
    }

    /// The messages of a mailbox that failed, set aside or still being tried.
    public func messageFailures(mailboxID: String) async throws -> [MailboxMessageFailure] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().columns("folder", "uid_validity", "uid", "failures", "reason", "quarantined_at")
                .from("mailbox_message_failures").where("workspace_id", .equal, workspaceID).where("mailbox_id", .equal, mailboxID)
                .orderBy("folder").orderBy("uid").all().map { row in
                    MailboxMessageFailure(
                        folder: try row.decode(column: "folder", as: String.self),
                        uidValidity: try row.decode(column: "uid_validity", as: Int64.self),
                        uid: try row.decode(column: "uid", as: Int64.self),
                        failures: try row.decode(column: "failures", as: Int.self),
                        reason: try row.decode(column: "reason", as: String.self),
                        quarantinedAt: try row.decodeNil(column: "quarantined_at") ? nil : row.decode(column: "quarantined_at", as: Int64.self))
                }
        }
    }

    // MARK: One instance at a time

    /// Claims the mailbox for `owner` until `until`, unless another instance holds an unexpired
    /// claim; whether the claim was had.
    public func claim(mailboxID: String, owner: String, until: Instant, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            !(try await sql.update("mailboxes").set("lease_owner", to: owner).set("lease_until", to: until.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, mailboxID)
                .where { group in
                    group.where("lease_until", .is, SQLLiteral.null).orWhere("lease_until", .lessThan, now.secondsSince1970)
                        .orWhere("lease_owner", .equal, owner)
                }
                .returning("id").all()).isEmpty
        }
    }

    /// Gives the claim up.
    public func release(mailboxID: String, owner: String) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("mailboxes").set("lease_owner", to: String?.none).set("lease_until", to: Int64?.none)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, mailboxID).where("lease_owner", .equal, owner).run()
        }
    }
}
