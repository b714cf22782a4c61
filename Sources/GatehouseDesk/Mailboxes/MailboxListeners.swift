import GatehouseCore
import GatehouseMail
import GatehouseStore
import Logging
import ServiceLifecycle

/// New mail within seconds while the desk runs: one IMAP IDLE listener per connected mailbox
/// that is not paused, in every workspace. When the server announces mail, the mailbox is
/// claimed (one instance at a time, as the periodic fetch does) and fetched at once. The
/// periodic fetch stays as the fallback: for servers without IDLE, and to catch up whatever a
/// dropped connection missed. Mailboxes added, paused, resumed or removed are noticed every `refresh`.
public struct MailboxListeners: ServiceLifecycle.Service, Sendable {
    let database: Database
    let key: ServerKey
    let settings: IntakeSettings
    let instance: String
    let clock: any DeskClock
    let logger: Logger
    var refresh: Duration
    var idleFor: Duration

    public init(database: Database, key: ServerKey, settings: IntakeSettings, instance: String, clock: any DeskClock,
                logger: Logger = Logger(label: "gatehouse.mailboxes"), refresh: Duration = .seconds(60),
                idleFor: Duration = .seconds(25 * 60)) {
        self.database = database
        self.key = key
        self.settings = settings
        self.instance = instance
        self.clock = clock
        self.logger = logger
        self.refresh = refresh
        self.idleFor = idleFor
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var listening: [String: Task<Void, Never>] = [:]
            while !Task.isCancelled {
                do {
                    let wanted = try await self.mailboxesToListenTo()
                    for (id, task) in listening where wanted[id] == nil || task.isCancelled {
                        task.cancel()
                        listening[id] = nil
                    }
                    for (id, workspace) in wanted where listening[id] == nil {
                        listening[id] = Task { await self.listen(to: id, in: workspace) }
                    }
                } catch {
                    self.logger.warning("the mailboxes to listen to could not be read", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: self.refresh)
            }
            for task in listening.values { task.cancel() }
        }
    }

    /// Every mailbox not paused, with its workspace.
    func mailboxesToListenTo() async throws -> [String: Workspace] {
        var wanted: [String: Workspace] = [:]
        for workspace in try await Workspaces(database: database).all() {
            for mailbox in try await Mailboxes(database: database, workspaceID: workspace.id).all() where !mailbox.paused {
                wanted[mailbox.id] = workspace
            }
        }
        return wanted
    }

    /// Listens to one mailbox until it is removed or paused (or the server has no IDLE, when the
    /// periodic fetch is all there is) or the task is cancelled.
    func listen(to id: String, in workspace: Workspace) async {
        let connected = ConnectedMailboxes(database: database, workspace: workspace, key: key, clock: clock)
        let store = Mailboxes(database: database, workspaceID: workspace.id)
        var failures = 0
        while !Task.isCancelled {
            do {
                guard let mailbox = try await store.find(id: id), !mailbox.paused else { return }
                if let next = mailbox.nextAttemptAt, next > clock.now().secondsSince1970 {
                    // Backing off after failed fetches: the periodic fetch tries again when it is time.
                    try await Task.sleep(for: .seconds(max(1, min(next - clock.now().secondsSince1970, 3_600))))
                    continue
                }
                let waiting = try await connected.waitForMail(mailbox, upTo: idleFor)
                failures = 0
                guard waiting else { continue }
                // Paused or removed while it waited: not fetched.
                guard !Task.isCancelled, let current = try await store.find(id: id), !current.paused else { return }
                guard try await store.claim(mailboxID: id, owner: instance, until: clock.now() + .minutes(15), now: clock.now()) else {
                    // Another instance is reading it right now; it takes this mail too.
                    try await Task.sleep(for: .seconds(5))
                    continue
                }
                let report: MailboxFetchReport
                do {
                    report = try await connected.fetch(current, intake: try Intake(database: database, workspace: workspace, settings: settings))
                } catch {
                    try? await store.release(mailboxID: id, owner: instance)
                    throw error
                }
                try await store.release(mailboxID: id, owner: instance)
                if let error = report.error { logger.info("mailbox fetch failed", metadata: ["mailbox": "\(id)", "error": "\(error)"]) }
            } catch let error as IMAPError where error.code == .refused && error.message.contains("IDLE") {
                // The server has no IDLE (or refused it): the periodic fetch polls this mailbox.
                return
            } catch is CancellationError {
                return
            } catch {
                // A dropped connection, a wrong password, a store hiccup: wait as a failed fetch
                // would (a minute, doubling to an hour), so a server is never hammered, then listen again.
                failures += 1
                logger.info("mailbox listener will try again", metadata: ["mailbox": "\(id)", "error": "\(error)"])
                let wait = MailboxBackoff.wait(afterFailures: failures).span
                try? await Task.sleep(for: .seconds(wait.seconds))
            }
        }
    }
}
