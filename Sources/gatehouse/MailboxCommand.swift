import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore

/// `gatehouse mailbox`: connect the owner's mailbox over IMAP, list, test and fetch it.
struct MailboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailbox", abstract: "Connect your mailbox (IMAP) and take its mail in, exactly once.",
        discussion: """
            Gatehouse reads every message above what it has stored, whether another device marked it read or \
            not, and never changes or deletes anything on the server. See README, "Connect your mailbox".
            """,
        subcommands: [Add.self, List.self, Test.self, Fetch.self, Import.self])

    /// The password from GATEHOUSE_MAILBOX_PASSWORD, or the first line of standard input.
    static func password() -> String? {
        if let text = ProcessInfo.processInfo.environment["GATEHOUSE_MAILBOX_PASSWORD"], !text.isEmpty { return text }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else { return nil }
        return line
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connect a mailbox: tests the connection and the folders, then stores it (the password sealed).",
            discussion: "The password is read from GATEHOUSE_MAILBOX_PASSWORD or from the first line of standard input, never from the command line.")
        @Option(help: "The workspace slug (may be left out when there is only one workspace).") var workspace: String?
        @Option(help: "The IMAP server, e.g. imap.gmail.com.") var host: String
        @Option(help: "The port (default: 993 for tls, 143 for starttls).") var port: Int?
        @Option(help: "tls (from the first byte, usually 993), starttls (usually 143) or none.") var security: String = "tls"
        @Option(help: "The user name, usually the whole email address.") var user: String
        @Option(name: .customLong("folder"), help: "A folder to read (repeat for several; default INBOX).") var folders: [String] = []
        @Flag(help: "Accept this server's certificate even when it does not verify (self-signed); only for a server you trust.")
        var allowUntrustedCertificate = false
        @Flag(help: "Store it without testing the connection first.") var noTest = false
        @Option(help: "Import the mail of the last DAYS days already in the mailbox, quietly: filed with its own dates, no acknowledgement, no alert, no promise.")
        var importSince: Int?
        @Flag(help: "Take only mail arriving from now on; the mail already there is left alone (the default).")
        var newOnly = false
        @Option(help: "What becomes of each message on the server once Gatehouse has stored it: leave (the default), mark-read, or move:FOLDER. Nothing is ever deleted.")
        var afterReading = "leave"
        @Option(help: ArgumentHelp("Sign in with an OAuth access token (XOAUTH2) printed by this command instead of a password, for Gmail or Microsoft 365; run with /bin/sh when a token is needed (about every 45 minutes). Stored sealed.", valueName: "command"))
        var tokenCommand: String?
        @OptionGroup var options: DatabaseOptions
        @OptionGroup var keyOption: ServerKeyOption

        func run() async throws {
            if let days = importSince, days < 1 || newOnly {
                Terminal.error(newOnly ? "gatehouse: error: give either --import-since or --new-only, not both"
                                       : "gatehouse: error: import-since: \(days) is not a number of days (1 or more)")
                throw ExitCode(1)
            }
            let after: AfterReading
            switch AfterReading.parse(afterReading) {
            case .success(let parsed): after = parsed
            case .failure(let problem):
                Terminal.error("gatehouse: error: after-reading: \(problem.message)")
                throw ExitCode(1)
            }
            guard let password = tokenCommand == nil ? MailboxCommand.password() : "" else {
                Terminal.error("gatehouse: error: password: give it in GATEHOUSE_MAILBOX_PASSWORD or on standard input")
                throw ExitCode(1)
            }
            let draft = MailboxDraft(host: host, port: port, security: security, username: user, password: password,
                                     allowUntrustedCertificate: allowUntrustedCertificate, folders: folders.isEmpty ? ["INBOX"] : folders,
                                     existingMail: importSince.map { .since(days: $0) } ?? .newOnly, afterReading: after,
                                     tokenCommand: tokenCommand)
            do { _ = try draft.checked() } catch {
                Terminal.error("gatehouse: error: \(error.message)")
                throw ExitCode(1)
            }
            let key = try keyOption.load(for: try options.location())
            let added: StoredMailbox
            do {
                added = try await options.withDatabase { database in
                    let found = try await WorkspaceChoice.find(workspace, in: database)
                    let mailboxes = WorkspaceDesk.forCommand(found, database: database).mailboxes(key: key)
                    return noTest ? try await mailboxes.add(draft, actor: "cli") : try await mailboxes.connect(draft, actor: "cli")
                }
            } catch let error as IMAPError {
                Terminal.error("gatehouse: error: \(error.message)")
                throw ExitCode(1)
            } catch let error as StoreError where error.code == .invalid {
                Terminal.error("gatehouse: error: \(error.message)")
                throw ExitCode(1)
            }
            Terminal.output("connected \(added.username) on \(added.host) (mailbox \(added.id)), reading "
                            + added.folders.joined(separator: ", ")
                            + (importSince.map { "; the mail of the last \($0) days is imported quietly (never answered)" }
                               ?? "; only new mail (the mail already there is left alone)")
                            + "; each message is \(after.described) once stored")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the connected mailboxes and how each folder stands.")
        @Option(help: "The workspace slug (may be left out when there is only one workspace).") var workspace: String?
        @OptionGroup var options: DatabaseOptions
        @OptionGroup var keyOption: ServerKeyOption

        func run() async throws {
            let key = try keyOption.load(for: try options.location())
            let states = try await options.withDatabase { database in
                let found = try await WorkspaceChoice.find(workspace, in: database)
                return try await WorkspaceDesk.forCommand(found, database: database).mailboxes(key: key).list()
            }
            if states.isEmpty { Terminal.output("no mailbox is connected (gatehouse mailbox add)") }
            for state in states {
                let mailbox = state.mailbox
                var line = "\(mailbox.id)  \(mailbox.username) on \(mailbox.host):\(mailbox.port) (\(mailbox.security))"
                if mailbox.paused { line += "  paused" }
                if mailbox.afterReading != .leave { line += "  mail \(mailbox.afterReading.described)" }
                if let error = mailbox.lastError { line += "  \(mailbox.failures) failure(s) in a row: \(error)" }
                Terminal.output(line)
                for folder in mailbox.folders {
                    let stored = state.folders.first { $0.folder == folder }
                    let setAside = state.messageFailures.filter { $0.folder == folder && $0.quarantinedAt != nil }.count
                    Terminal.output("  \(folder): " + (stored.map { "stored up to UID \($0.highestUID)"
                        + ($0.uidValidity.map { " (UIDVALIDITY \($0))" } ?? "") + ($0.backlog > 0 ? "; \($0.backlog) still to read" : "") + ($0.lastError.map { "; last error: \($0)" } ?? "") }
                        ?? "not read yet") + (setAside > 0 ? "; \(setAside) set aside" : ""))
                }
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Test a connected mailbox: sign in and list its folders.")
        @Argument(help: "The mailbox's id or user name.") var mailbox: String
        @Option(help: "The workspace slug (may be left out when there is only one workspace).") var workspace: String?
        @OptionGroup var options: DatabaseOptions
        @OptionGroup var keyOption: ServerKeyOption

        func run() async throws {
            let key = try keyOption.load(for: try options.location())
            let (settings, stored) = try await options.withDatabase { database in
                let found = try await WorkspaceChoice.find(workspace, in: database)
                let mailboxes = WorkspaceDesk.forCommand(found, database: database).mailboxes(key: key)
                let stored = try await mailboxes.find(mailbox)
                return (try await mailboxes.settings(of: stored), stored)
            }
            let test = try await MailboxCommand.test(settings, folders: stored.folders, moveTo: stored.afterReading.moveTarget)
            Terminal.output("signed in to \(settings.host) as \(settings.username); folders: " + test.folders.joined(separator: ", "))
            if let problem = test.problem {
                Terminal.error("gatehouse: error: folders: \(problem)")
                throw ExitCode(1)
            }
        }
    }

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch what is new in the connected mailboxes (or one) and file it, then exit.",
            discussion: "Exit 0 when every mailbox was read; 1 when one could not be (the error is shown and kept on the mailbox).")
        @Argument(help: "The mailbox's id or user name (default: every mailbox that is not paused).") var mailbox: String?
        @Option(help: "The workspace slug (may be left out when there is only one workspace).") var workspace: String?
        @Option(help: "The desk's public address, for the links in customers' emails (default: GATEHOUSE_PUBLIC_URL, else the one set in Settings).")
        var publicURL: String?
        @Flag(help: "Keep going: fetch as soon as the server announces new mail (IDLE, issued again every 25 minutes), until stopped.")
        var watch = false
        @OptionGroup var options: DatabaseOptions
        @OptionGroup var keyOption: ServerKeyOption

        func run() async throws {
            let key = try keyOption.load(for: try options.location())
            if watch { return try await keepWatching(key: key) }
            try await MailboxCommand.fetch(mailbox, workspace: workspace, publicURL: publicURL, options: options, key: key)
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a mailbox to the end with a progress bar: the first import after `mailbox add --import-since`, or a catch-up.",
            discussion: """
                Mail that was already there when the mailbox was connected is filed quietly (no acknowledgement, no alert, \
                no promise) as chosen with `mailbox add`; mail that came afterwards is answered as usual. Interrupt it at \
                any moment: run it again and it carries on from what is stored, nothing doubled.
                """)
        @Argument(help: "The mailbox's id or user name.") var mailbox: String
        @Option(help: "The workspace slug (may be left out when there is only one workspace).") var workspace: String?
        @Option(help: "The desk's public address, for the links in customers' emails (default: GATEHOUSE_PUBLIC_URL, else the one set in Settings).")
        var publicURL: String?
        @OptionGroup var options: DatabaseOptions
        @OptionGroup var keyOption: ServerKeyOption

        func run() async throws {
            let key = try keyOption.load(for: try options.location())
            let bar = ProgressBar()
            try await MailboxCommand.fetch(mailbox, workspace: workspace, publicURL: publicURL, options: options, key: key,
                                           progress: { bar.show($0) })
        }
    }

    /// The chosen workspace's desk, with the public address for the links in customers' emails:
    /// `--public-url`, else GATEHOUSE_PUBLIC_URL, else the one set in Settings.
    static func desk(_ workspace: String?, publicURL: String?, database: Database) async throws -> WorkspaceDesk {
        let found = try await WorkspaceChoice.find(workspace, in: database)
        var address = publicURL ?? ProcessInfo.processInfo.environment["GATEHOUSE_PUBLIC_URL"]
        if address == nil { address = try await DeskSettings(database: database).publicAddress() }
        return WorkspaceDesk.forCommand(found, database: database, publicBaseURL: address ?? "http://127.0.0.1:8080")
    }

    /// Fetches one mailbox (or every one not paused), prints a line per folder, and exits 1 when one failed.
    static func fetch(_ mailbox: String?, workspace: String?, publicURL: String?, options: DatabaseOptions, key: ServerKey,
                      progress: @escaping @Sendable (MailboxFetchProgress) -> Void = { _ in }) async throws {
        let reports = try await options.withDatabase { database -> [(StoredMailbox, MailboxFetchReport)] in
            let desk = try await MailboxCommand.desk(workspace, publicURL: publicURL, database: database)
            let mailboxes = desk.mailboxes(key: key)
            let chosen: [StoredMailbox]
            if let mailbox { chosen = [try await mailboxes.find(mailbox)] } else {
                chosen = try await mailboxes.list().map(\.mailbox).filter { !$0.paused }
            }
            let intake = try desk.intake(settings: IntakeSettings(publicBaseURL: desk.publicBaseURL))
            var reports: [(StoredMailbox, MailboxFetchReport)] = []
            // One name for every run of the command line, so a run that was killed does not keep the next one out.
            let reader = "command line"
            for one in chosen {
                guard let report = try await mailboxes.fetchClaimed(one, intake: intake, by: reader, progress: progress) else {
                    Terminal.output("\(one.username): the desk is reading it right now; its new mail is being taken in there")
                    continue
                }
                reports.append((one, report))
            }
            return reports
        }
        var failed = false
        for (mailbox, report) in reports {
            if let error = report.error {
                failed = true
                Terminal.error("gatehouse: error: \(mailbox.username) on \(mailbox.host): \(error)")
                continue
            }
            for folder in report.folders {
                if let why = folder.notRead {
                    Terminal.error("gatehouse: warning: \(mailbox.username) \(folder.folder) is not read: \(why)")
                    continue
                }
                if let error = folder.error {
                    failed = true
                    Terminal.error("gatehouse: error: \(mailbox.username) \(folder.folder): \(error)")
                    continue
                }
                Terminal.output("\(mailbox.username) \(folder.folder): \(folder.fetched) fetched, \(folder.stored) stored, "
                                + "\(folder.duplicates) already here, \(folder.quarantined) quarantined, \(folder.filed) filed"
                                + (folder.setAside > 0 ? ", \(folder.setAside) set aside" : "")
                                + (folder.changedOnServer > 0 ? ", \(folder.changedOnServer) \(mailbox.afterReading.described)" : "")
                                + "; stored up to UID \(folder.highWaterMark)")
            }
        }
        if reports.isEmpty { Terminal.output("no mailbox to fetch (gatehouse mailbox add)") }
        if failed { throw ExitCode(1) }
    }

}

extension MailboxCommand.Fetch {
        /// Watches the chosen mailboxes (or every one) until the process is stopped, one line per fetch.
        func keepWatching(key: ServerKey) async throws {
            try await options.withDatabase { database in
                let desk = try await MailboxCommand.desk(workspace, publicURL: publicURL, database: database)
                let mailboxes = desk.mailboxes(key: key)
                let chosen: [StoredMailbox]
                if let mailbox { chosen = [try await mailboxes.find(mailbox)] } else { chosen = try await mailboxes.list().map(\.mailbox) }
                let intake = try desk.intake(settings: IntakeSettings(publicBaseURL: desk.publicBaseURL))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for one in chosen {
                        group.addTask {
                            try await mailboxes.watch(one.id, intake: intake) { report in
                                Terminal.output("\(one.username): " + (report.error ?? "\(report.fetched) fetched, \(report.stored) stored, \(report.filed) filed"))
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
        }
    }

extension MailboxCommand {
    /// Tests a connection, or exits 1 with what failed in plain words.
    static func test(_ settings: IMAPServerSettings, folders: [String], moveTo: String? = nil) async throws -> MailboxTest {
        do {
            return try await ConnectedMailboxes.test(settings, folders: folders, moveTo: moveTo)
        } catch let error as IMAPError {
            Terminal.error("gatehouse: error: \(error.message)")
            throw ExitCode(1)
        }
    }
}
