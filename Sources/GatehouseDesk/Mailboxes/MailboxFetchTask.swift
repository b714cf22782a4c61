import GatehouseCore
import GatehouseStore

extension PeriodicTask {
    /// Fetches, in every workspace, each connected mailbox that is not paused and whose back-off
    /// has passed: polling, so mail arrives within a period and a desk that was off catches up
    /// from each folder's high-water mark. Each mailbox is claimed first, so one instance reads
    /// it at a time. A mailbox that fails records its error and backs off; it does not hold up
    /// the others.
    public static func mailboxes(key: ServerKey, settings: IntakeSettings, instance: String,
                                 every period: TimeSpan = TimeSpan(seconds: 60)) -> PeriodicTask {
        PeriodicTask(name: "mailboxes", every: period) { database, now in
            for workspace in try await Workspaces(database: database).all() {
                let store = Mailboxes(database: database, workspaceID: workspace.id)
                let due = try await store.all().filter { !$0.paused && ($0.nextAttemptAt ?? 0) <= now.secondsSince1970 }
                guard !due.isEmpty else { continue }
                let connected = ConnectedMailboxes(database: database, workspace: workspace, key: key, clock: FrozenClock(instant: now))
                let intake: Intake
                do { intake = try Intake(database: database, workspace: workspace, settings: settings) } catch { continue }
                for mailbox in due {
                    guard try await store.claim(mailboxID: mailbox.id, owner: instance, until: now + .minutes(15), now: now) else { continue }
                    do {
                        _ = try await connected.fetch(mailbox, intake: intake)
                    } catch {
                        try? await store.release(mailboxID: mailbox.id, owner: instance)
                        throw error
                    }
                    try await store.release(mailboxID: mailbox.id, owner: instance)
                }
            }
        }
    }
}

/// The instant a periodic round started, as the clock of the work it does.
struct FrozenClock: DeskClock {
    let instant: Instant
    func now() -> Instant { instant }
}
