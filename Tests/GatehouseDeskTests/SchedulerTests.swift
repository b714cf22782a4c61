import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import Synchronization
import Testing

/// A clock tests move by hand.
final class ManualClock: DeskClock {
    private let current: Mutex<Instant>
    init(_ start: Instant = Instant(secondsSince1970: 1_790_000_000)) { current = Mutex(start) }
    func now() -> Instant { current.withLock { $0 } }
    func advance(_ span: TimeSpan) { current.withLock { $0 = $0 + span } }
    func set(_ instant: Instant) { current.withLock { $0 = instant } }
}

@Suite("Scheduler")
struct SchedulerTests {
    @Test("a periodic job runs on one instance at a time, once per period", arguments: DatabaseBackend.allCases)
    func oneInstanceAtATime(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let clock = ManualClock()
            let runs = Mutex<[String]>([])
            func job(_ instance: String) -> PeriodicTask {
                PeriodicTask(name: "digest", every: .minutes(10)) { _, _ in runs.withLock { $0.append(instance) } }
            }
            let first = Scheduler(database: database, clock: clock, instance: "a", tasks: [job("a")])
            let second = Scheduler(database: database, clock: clock, instance: "b", tasks: [job("b")])
            #expect(try await first.runDueTasks() == ["digest"])
            #expect(try await second.runDueTasks().isEmpty)
            #expect(try await first.runDueTasks().isEmpty)
            clock.advance(.minutes(10))
            #expect(try await second.runDueTasks() == ["digest"])
            #expect(try await first.runDueTasks().isEmpty)
            #expect(runs.withLock { $0 } == ["a", "b"])
        }
    }

    @Test("housekeeping removes expired sessions and spent setup links", arguments: DatabaseBackend.allCases)
    func housekeeping(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let clock = ManualClock()
            let now = clock.now()
            let user = try await Accounts(database: database).createUser(email: "a@b.example", name: "A",
                                                                        passwordHash: "x", now: now)
            try await SignIns(database: database).create(SignInRecord(
                idHash: "old", userID: user.id, workspaceID: nil, csrfToken: "c", createdAt: now.secondsSince1970,
                expiresAt: now.secondsSince1970 + 60, lastSeenAt: now.secondsSince1970, address: nil, userAgent: nil))
            try await SetupTokens(database: database).create(tokenHash: "setup", now: now, expires: now + .minutes(1))
            clock.advance(.minutes(2))
            let scheduler = Scheduler(database: database, clock: clock, instance: "a")
            #expect(try await scheduler.runDueTasks() == ["housekeeping"])
            #expect(try await SignIns(database: database).find(idHash: "old", now: now) == nil)
            #expect(try await SetupTokens(database: database).isValid(tokenHash: "setup", now: now) == false)
        }
    }

    @Test("the intake job finishes filing what a crash left in every workspace's inbox", arguments: DatabaseBackend.allCases)
    func intakeJob(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database throws in
            let clock = ManualClock()
            let workspaces = Workspaces(database: database)
            let policy = try TestDesk.plumberPolicy()
            var inboxes: [Workspace] = []
            for slug in ["rivera", "other"] {
                let workspace = try await workspaces.create(slug: slug, policyYAML: policy, actor: "test", now: clock.now())
                // Stored raw, as intake does first, and then the process died before filing it.
                let raw = TestEmail(subject: "Leaking tap at \(slug)").data
                let arrival = Arrival(raw: raw, channel: "email", headerMessageID: "dana-1@example.org",
                                      contentHash: "hash-\(slug)", sender: "dana@example.org", subject: "Leaking tap")
                _ = try await Inbox(database: database, workspaceID: workspace.id).receive([arrival], now: clock.now())
                inboxes.append(workspace)
            }
            let scheduler = Scheduler(database: database, clock: clock, instance: "a",
                                      tasks: [.intake(settings: IntakeSettings(publicBaseURL: "https://desk.example"))])
            // A message received moments ago is left to the request that is filing it.
            #expect(try await scheduler.runDueTasks() == ["intake"])
            for workspace in inboxes {
                #expect(try await Inbox(database: database, workspaceID: workspace.id).unfiled().count == 1)
            }
            clock.advance(.minutes(2))
            #expect(try await scheduler.runDueTasks() == ["intake"])
            for workspace in inboxes {
                #expect(try await Inbox(database: database, workspaceID: workspace.id).unfiled().isEmpty)
                let filed = try await Conversations(database: database, workspaceID: workspace.id).list().items
                #expect(filed.map(\.subject) == ["Leaking tap at \(workspace.slug)"])
            }
            // Once per period, on one instance.
            #expect(try await scheduler.runDueTasks().isEmpty)
            clock.advance(TimeSpan(seconds: 30))
            #expect(try await scheduler.runDueTasks() == ["intake"])
        }
    }
}
