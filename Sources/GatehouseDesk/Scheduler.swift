import GatehouseCore
import GatehouseStore
import Logging
import ServiceLifecycle

/// Work that runs every so often on exactly one instance of the desk.
public struct PeriodicTask: Sendable {
    public var name: String
    /// At most once per this much real time, across all instances.
    public var every: TimeSpan
    public var run: @Sendable (Database, Instant) async throws -> Void

    public init(name: String, every: TimeSpan, run: @escaping @Sendable (Database, Instant) async throws -> Void) {
        self.name = name
        self.every = every
        self.run = run
    }
}

/// Runs periodic tasks. Every instance runs a scheduler; a named lease in the
/// database makes sure each task runs on one of them at a time, once per period.
public struct Scheduler: ServiceLifecycle.Service, Sendable {
    let database: Database
    let clock: any DeskClock
    let instance: String
    let tasks: [PeriodicTask]
    let tick: Duration
    let logger: Logger

    public init(database: Database, clock: any DeskClock, instance: String, tasks: [PeriodicTask] = Scheduler.standardTasks,
                tick: Duration = .seconds(30), logger: Logger = Logger(label: "gatehouse.scheduler")) {
        self.database = database
        self.clock = clock
        self.instance = instance
        self.tasks = tasks
        self.tick = tick
        self.logger = logger
    }

    public func run() async throws {
        // Stop between ticks when the service group shuts down gracefully.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await runDueTasks()
                } catch {
                    logger.warning("periodic tasks failed this round", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: tick)
            }
        }
    }

    /// Runs every task whose lease this instance gets now; returns their names.
    public func runDueTasks() async throws -> [String] {
        var ran: [String] = []
        let leases = Leases(database: database)
        for job in tasks {
            let now = clock.now()
            guard try await leases.acquire("job:" + job.name, owner: instance, for: job.every, now: now, renew: false)
            else { continue }
            try await job.run(database, now)
            ran.append(job.name)
        }
        return ran
    }

    /// Housekeeping every desk needs: expired sessions, old failed sign-ins and contact-form
    /// submissions, spent setup links.
    public static let standardTasks: [PeriodicTask] = [
        PeriodicTask(name: "housekeeping", every: .minutes(10)) { database, now in
            try await SignIns(database: database).deleteExpired(now: now)
            try await LoginFailures(database: database).forget(before: now - .hours(24))
            try await FormSubmissions.forget(before: now - .hours(24), in: database)
            try await SetupTokens(database: database).deleteExpired(now: now)
        },
    ]
}
