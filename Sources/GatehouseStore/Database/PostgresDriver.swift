import GatehouseCore
import Foundation
import Logging
internal import NIOSSL
internal import PostgresKit
internal import PostgresNIO
import SQLKit

/// PostgreSQL through postgres-nio's `PostgresClient` pool; every instance of
/// Gatehouse can share one database.
final class PostgresDriver: DatabaseDriver {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    /// A request that reached the pool after it stopped would wait for a connection forever.
    private let gate = RequestGate(closedError: PostgresDriver.closedError)

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
        let driver = PostgresDriver(client: PostgresClient(configuration: configuration, backgroundLogger: quiet),
                                    logger: logger)
        // Fail now, with a clear message and within a bounded time, rather than on the first request.
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await driver.read(prepared: false) { sql in try await sql.raw("SELECT 1 AS one").first() } }
                group.addTask {
                    try await Task.sleep(for: connectTimeout)
                    throw StoreError(.unreachable, "the server refused the connection or did not answer within \(connectTimeout.components.seconds) seconds")
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            await driver.close()
            throw StoreError(.unreachable, "cannot connect to \(location): \(StoreError.classify(error, backend: .postgres).message)")
        }
        return driver
    }

    func read<T: Sendable>(prepared: Bool, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await gate.pass {
            try await client.withConnection { connection in
                try await body(PostgresSession(connection, preparesStatements: prepared))
            }
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await gate.pass {
            try await client.withTransaction(logger: logger) { connection in try await body(PostgresSession(connection)) }
        }
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
