import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore

/// `gatehouse ingest`: one message from standard input (an MTA pipe), or many from a
/// folder or an mbox file.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Take in email: one message from standard input, or many with --dir or --mbox.",
        discussion: """
            From an MTA pipe, exit 0 means the message is stored durably; 75 (EX_TEMPFAIL) means the \
            database cannot be reached and the MTA should try again later. A message that cannot be read \
            at all is still kept, in quarantine, for the owner to see.
            """)

    @Option(help: "The workspace slug (may be left out when there is only one workspace).") var workspace: String?
    @Option(help: "Ingest every file in this folder, one message per file.") var dir: String?
    @Option(help: "Ingest every message of this mbox file.") var mbox: String?
    @Option(help: "Messages stored per transaction when importing (1 to 1000).") var batch: Int = 1000
    @Option(help: "The desk's public address, for the links in customers' emails (default: the one set in Settings).")
    var publicURL: String? = ProcessInfo.processInfo.environment["GATEHOUSE_PUBLIC_URL"]
    @OptionGroup var options: DatabaseOptions
    @OptionGroup var keyOption: ServerKeyOption

    func validate() throws {
        if dir != nil && mbox != nil { throw ValidationError("give --dir or --mbox, not both") }
        if batch < 1 || batch > 1_000 { throw ValidationError("--batch must be between 1 and 1000") }
    }

    func run() async throws {
        let source = try messageSource()
        let (summary, elapsed) = try await options.withDatabase { database -> (IntakeSummary, Duration) in
            let workspace = try await WorkspaceChoice.find(workspace, in: database)
            var address = publicURL
            if address == nil { address = try await DeskSettings(database: database).publicAddress() }
            if address == nil {
                Terminal.error("gatehouse: warning: no public address is set, so status links will begin with "
                               + "http://127.0.0.1:8080; set it in Settings or give --public-url")
            }
            let desk = WorkspaceDesk.forCommand(workspace, database: database, publicBaseURL: address ?? "http://127.0.0.1:8080")
            let intake = try desk.intake(settings: IntakeSettings(publicBaseURL: desk.publicBaseURL))
            // Whatever an earlier run left half done is finished first.
            var summary = try await intake.fileWaiting(now: desk.now)
            let started = ContinuousClock.now
            let progress = Progress(total: source.count, enabled: source.count > 1)
            var done = 0
            // The next batch is loaded and read (on another core) while this one is written.
            func reading(from start: Int) -> Task<(Intake.ReadEmails, Int), any Error>? {
                guard start < source.count else { return nil }
                let range = start..<min(start + batch, source.count)
                return Task.detached { [source] in
                    let chunk = try source.load(range)
                    return (Intake.read(chunk), chunk.count)
                }
            }
            var next = reading(from: 0)
            while let current = next {
                let (emails, count) = try await current.value
                next = reading(from: done + count)
                let result = try await intake.ingest(emails, now: desk.now)
                summary = summary.adding(result.summary)
                done += count
                progress.show(done)
            }
            progress.finish()
            let elapsed = ContinuousClock.now - started
            // The owner hears at once of what is urgent, even with no desk running; a call that
            // fails stays queued, and a running desk retries it.
            // The calls are signed with secrets sealed by the server's key: only when this command
            // can read that key (it never makes one); else the running desk makes them.
            if summary.ownerNotices > 0, let key = keyOption.existing(for: try options.location()) {
                try await WebhookSender(database: database, key: key).deliverDue(now: { SystemClock().now })
            }
            return (summary, elapsed)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if source.count == 1 {
            Terminal.output(summary.stored == 1 ? "stored" : summary.duplicates == 1 ? "already stored (a second delivery)" :
                                "stored in quarantine (it cannot be read)")
        } else {
            let rate = seconds > 0 ? Int(Double(source.count) / seconds) : source.count
            Terminal.output("ingested \(source.count) messages in \(String(format: "%.2f", seconds)) s (\(rate)/s): "
                            + "\(summary.stored) stored, \(summary.duplicates) duplicates, \(summary.quarantined) quarantined, "
                            + "\(summary.filed) filed, \(summary.acknowledged) acknowledgements queued, \(summary.urgent) urgent")
        }
    }

    /// Where the messages come from, loaded a batch at a time so a large folder does not fill memory.
    struct MessageSource: Sendable {
        var count: Int
        var load: @Sendable (Range<Int>) throws -> [Data]
    }

    func messageSource() throws -> MessageSource {
        if let dir {
            let folder = URL(fileURLWithPath: dir)
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }.sorted()
            } catch {
                Terminal.error("gatehouse: error: --dir: cannot read the folder '\(dir)'")
                throw ExitCode(1)
            }
            let files = names.map { folder.appendingPathComponent($0) }.filter {
                (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            }
            return MessageSource(count: files.count) { range in
                try files[range].map { file in
                    do { return try Data(contentsOf: file) } catch {
                        Terminal.error("gatehouse: error: --dir: cannot read '\(file.path)'")
                        throw ExitCode(1)
                    }
                }
            }
        }
        if let mbox {
            guard let data = FileManager.default.contents(atPath: mbox) else {
                Terminal.error("gatehouse: error: --mbox: cannot read the file '\(mbox)'")
                throw ExitCode(1)
            }
            let messages = Mbox.messages(in: data)
            return MessageSource(count: messages.count) { range in Array(messages[range]) }
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard !data.isEmpty else {
            Terminal.error("gatehouse: error: standard input is empty; pipe one RFC 5322 message in, or use --dir or --mbox")
            throw ExitCode(1)
        }
        return MessageSource(count: 1) { _ in [data] }
    }
}

/// Picks the workspace a command works on.
enum WorkspaceChoice {
    /// The workspace with this slug; with no slug, the only workspace there is.
    static func find(_ slug: String?, in database: Database) async throws -> Workspace {
        let workspaces = Administration(database: database)
        if let slug {
            guard let found = try await workspaces.workspace(slug: slug) else {
                Terminal.error("gatehouse: error: --workspace: there is no workspace '\(slug)'")
                throw ExitCode(1)
            }
            return found
        }
        let all = try await workspaces.workspaces()
        guard all.count == 1 else {
            Terminal.error(all.isEmpty
                ? "gatehouse: error: there is no workspace yet; create one with 'gatehouse workspace create' or the setup page"
                : "gatehouse: error: --workspace is needed: there are \(all.count) workspaces ("
                    + all.map(\.slug).joined(separator: ", ") + ")")
            throw ExitCode(1)
        }
        return all[0]
    }
}

/// A progress bar on standard error, drawn only when it is a terminal.
final class Progress {
    let total: Int
    let enabled: Bool
    var lastDrawn = -1

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && isatty(2) == 1 && total > 0
    }

    func show(_ done: Int) {
        guard enabled else { return }
        let width = 30
        let filled = done * width / total
        guard filled != lastDrawn || done == total else { return }
        lastDrawn = filled
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
