import GatehouseCore
import Foundation
import Logging
internal import NIOSSL
internal import PostgresKit
internal import PostgresNIO
import SQLKit
import Synchronization

/// PostgreSQL through postgres-nio's `PostgresClient` pool; every instance of
/// Gatehouse can share one database.
final class PostgresDriver: DatabaseDriver {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    /// A request that reached the pool after it stopped, or that it never answers, would wait
    /// for a connection forever.
    private let gate = PoolGate(closedError: PostgresDriver.closedError)

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        self.runner = Task { await client.run() }
    }

    static func open(_ location: PostgresLocation, logger: Logger,
                     connectTimeout: Duration = .seconds(10)) async throws(StoreError) -> PostgresDriver {
        let tls: PostgresClient.Configuration.TLS = switch location.tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: location.host, port: location.port,
                                                         username: location.username, password: location.password,
                                                         database: location.database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        // A few connections per core: more only adds server processes competing for the same
        // cores (and PostgreSQL's own limit is shared by every instance of the desk).
        configuration.options.maximumConnections = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
        // The pool retries failed connections on its own; its chatter belongs at debug level.
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .error)
        // Fail now, with a clear message and within a bounded time, rather than on the first
        // request. A pool that has not answered within an attempt's time is set aside for a fresh
        // one (one was seen never to connect at all); a server that answers with an error is
        // reported at once.
        let deadline = ContinuousClock.now + connectTimeout
        while true {
            let attempt = min(attemptLimit, deadline - ContinuousClock.now)
            let driver = PostgresDriver(client: PostgresClient(configuration: configuration, backgroundLogger: quiet),
                                        logger: logger)
            do {
                try await driver.firstAnswer(within: attempt)
                return driver
            } catch let error as NoAnswer {
                await driver.close()
                if ContinuousClock.now + .milliseconds(100) < deadline { continue }
                throw StoreError(.unreachable, "cannot connect to \(location): \(error.description(connectTimeout))")
            } catch {
                await driver.close()
                throw StoreError(.unreachable, "cannot connect to \(location): \(StoreError.classify(error, backend: .postgres).message)")
            }
        }
    }

    /// How long one pool is given to answer its first query before a fresh one is tried.
    static let attemptLimit = Duration.seconds(15)

    private struct NoAnswer: Error {
        func description(_ limit: Duration) -> String {
            "the server refused the connection or did not answer within \(limit.components.seconds) seconds"
        }
    }

    /// Waits at most `limit` for the pool to answer a trivial query.
    private func firstAnswer(within limit: Duration) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Its own time limit, not a request's: a new pool on a busy server may take a while to connect.
            group.addTask { _ = try await self.read(prepared: false, waiting: nil) { sql in try await sql.raw("SELECT 1 AS one").first() } }
            group.addTask {
                try await Task.sleep(for: limit)
                throw NoAnswer()
            }
            // The gate lets the query go when it is cancelled, so leaving the group never waits on the pool.
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    func read<T: Sendable>(prepared: Bool, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await read(prepared: prepared, waiting: Self.connectionWait, body)
    }

    /// A read that waits at most `wait` for a connection (nil: as long as the pool takes).
    private func read<T: Sendable>(prepared: Bool, waiting wait: Duration?,
                                   _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let client = self.client
        return try await gate.pass {
            try await Self.connected(within: wait) { connected in
                try await client.withConnection { connection in
                    connected()
                    return try await body(PostgresSession(connection, preparesStatements: prepared))
                }
            }
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let client = self.client, logger = self.logger
        return try await gate.pass {
            try await Self.connected(within: Self.connectionWait) { connected in
                try await client.withTransaction(logger: logger) { connection in
                    connected()
                    return try await body(PostgresSession(connection))
                }
            }
        }
    }

    /// How long a request waits for a connection before the desk says the database cannot be
    /// reached. While PostgreSQL is down the pool keeps trying to connect, and a request waited
    /// for it more than a minute (a mail server's delivery, a customer's page) before this.
    static let connectionWait = Duration.seconds(10)

    /// Runs `work`, which calls `connected` once it holds a connection; fails it as unreachable
    /// when it has not by `wait` (the request is cancelled and the pool lets it go). The time a
    /// request takes once connected is not limited here.
    static func connected<T: Sendable>(within wait: Duration?,
                                       _ work: @escaping @Sendable (_ connected: @escaping @Sendable () -> Void) async throws -> T)
        async throws -> T {
        guard let wait else { return try await work {} }
        let flag = ConnectedFlag()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work { flag.set() } }
            group.addTask {
                try await Task.sleep(for: wait)
                guard flag.isSet else {
                    throw StoreError(.unreachable, "no connection to PostgreSQL within \(wait.components.seconds) seconds: "
                        + "the server is down, unreachable or overloaded")
                }
                return nil
            }
            defer { group.cancelAll() }
            while let finished = try await group.next() {
                if let value = finished { return value }
            }
            throw CancellationError()
        }
    }

    private final class ConnectedFlag: Sendable {
        private let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    /// Refuses new requests, lets those under way finish, then stops the pool — waiting for it at
    /// most `stopLimit`: a pool whose connections are gone but which never hears they closed would
    /// otherwise hold whoever closes it (the desk shutting down, a test ending) for ever.
    func close() async {
        await gate.close()
        runner.cancel()
        let runner = self.runner
        if await !Waiting.finishes(within: Self.stopLimit, { await runner.value }) {
            logger.warning("the PostgreSQL connection pool did not stop within \(Self.stopLimit.components.seconds) seconds; it is left to stop on its own")
        }
    }

    static let stopLimit = Duration.seconds(15)

    /// A database that has been closed (the desk is shutting down) cannot be used: the caller should try again later.
    static let closedError = StoreError(.unreachable, "the PostgreSQL connection pool has been closed")
}
