import GatehouseCore
import Logging
internal import PostgresNIO
internal import SQLiteNIO
import SQLKit

/// The database Gatehouse keeps everything in, SQLite or PostgreSQL behind
/// one SQLKit code path.
///
/// Reads may run in parallel; each write runs in its own transaction
/// (`BEGIN IMMEDIATE` on SQLite, serialised in-process), so a use case that
/// changes several tables either changes all of them or none.
public final class Database: Sendable {
    /// Which engine this is, for the rare query that must differ.
    public let backend: DatabaseBackend
    let driver: any DatabaseDriver
    /// The SQLite database's file, for the space left beside it.
    let sqlitePath: String?

    init(backend: DatabaseBackend, driver: any DatabaseDriver, sqlitePath: String? = nil) {
        self.backend = backend
        self.driver = driver
        self.sqlitePath = sqlitePath
    }

    /// Opens (creating, for SQLite) the database at `location`. Does not migrate. A PostgreSQL
    /// server that does not answer within `connectTimeout` is reported as unreachable.
    public static func open(_ location: DatabaseLocation, logger: Logger = Logger(label: "gatehouse.store"),
                            connectTimeout: Duration = .seconds(10)) async throws(StoreError) -> Database {
        switch location {
        case .sqlite(let path):
            return Database(backend: .sqlite, driver: try await SQLiteDriver.open(path: path, logger: logger), sqlitePath: path)
        case .postgres(let postgres):
            return Database(backend: .postgres, driver: try await PostgresDriver.open(postgres, logger: logger,
                                                                                     connectTimeout: connectTimeout))
        }
    }

    /// Runs `body` with a connection for reading.
    ///
    /// `prepared` is for the few queries run over and over with different values (the API's
    /// lists): on PostgreSQL each query text is then prepared once per connection and kept, so
    /// the server parses and plans it once instead of on every request. Only for queries whose
    /// text comes from a small, fixed set of shapes (values as binds, never spliced in).
    public func read<T: Sendable>(prepared: Bool = false,
                                  _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            try refuseInsideOwnTransaction()
            return try await driver.read(prepared: prepared, body)
        } catch {
            // A rule of the work said no inside the transaction: the caller gets the rule's words.
            if let problem = StoreError.ruleProblem(error) { throw problem }
            throw StoreError.classify(error, backend: backend)
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            try refuseInsideOwnTransaction()
            return try await Self.$transactionOf.withValue(ObjectIdentifier(self)) { try await driver.write(body) }
        } catch {
            // A rule of the work said no inside the transaction: the caller gets the rule's words.
            if let problem = StoreError.ruleProblem(error) { throw problem }
            throw StoreError.classify(error, backend: backend)
        }
    }

    /// The database whose transaction the current task is inside, if any.
    @TaskLocal static var transactionOf: ObjectIdentifier?

    /// A request made from inside a transaction of this same database waits for a second
    /// connection (PostgreSQL) or for the writer it holds itself (SQLite): under load every
    /// connection can be held by such a transaction and nothing moves again. It is refused at
    /// once instead: the work belongs inside the transaction, on the connection it has.
    private func refuseInsideOwnTransaction() throws(StoreError) {
        guard Self.transactionOf == ObjectIdentifier(self) else { return }
        throw StoreError(.invalid, "a database request was made inside a transaction of the same database; "
                         + "use the transaction's connection instead")
    }

    /// Whether the database can take the desk's work (for `/health`): it answers a trivial query,
    /// and, for SQLite, the disk holding it has room for more (a full disk lets every read through
    /// and refuses every write, so a query alone would call it healthy).
    public func health() async -> DatabaseHealth {
        guard await isReachable() else { return .unreachable }
        if let sqlitePath, let left = DiskSpace.available(beside: sqlitePath), left < DiskSpace.needed {
            return .diskFull(bytesLeft: left)
        }
        return .ok
    }

    /// Whether the database answers a trivial query.
    public func isReachable() async -> Bool {
        do {
            _ = try await read { sql in try await sql.raw("SELECT 1 AS one").first() }
            return true
        } catch {
            return false
        }
    }

    /// Closes every connection. The database may not be used afterwards.
    public func close() async {
        await driver.close()
    }
}

/// What each backend provides to `Database`.
protocol DatabaseDriver: Sendable {
    func read<T: Sendable>(prepared: Bool, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func close() async
}

extension StoreError {
    /// The `JobProblem` a transaction's body threw, unwrapped from PostgreSQL's transaction error.
    static func ruleProblem(_ error: any Error) -> JobProblem? {
        if let problem = error as? JobProblem { return problem }
        if let error = error as? PostgresTransactionError, let inner = error.closureError { return inner as? JobProblem }
        return nil
    }

    /// Turns an engine's error into a `StoreError` with a plain message.
    static func classify(_ error: any Error, backend: DatabaseBackend) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PostgresTransactionError {
            // Report what went wrong inside the transaction, not the wrapper.
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                return classify(inner, backend: backend)
            }
        }
        if let error = error as? SQLiteError {
            switch error.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed, .constraintUniqueRowIDFailed:
                return StoreError(.conflict, "a record with the same unique value already exists")
            case .constraintForeignKeyFailed:
                return StoreError(.invalid, "the record refers to something that does not exist")
            case .cantOpen, .cantOpenDirectory, .cantOpenInvalidPath, .busy, .busyTimeout, .full:
                return StoreError(.unreachable, "the SQLite database cannot be used: \(error.message)")
            default:
                return StoreError(.invalid, "the SQLite database refused the request: \(error.message)")
            }
        }
        if let error = error as? PSQLError {
            switch error.code {
            case .server:
                let state = error.serverInfo?[.sqlState] ?? ""
                let message = error.serverInfo?[.message] ?? "unknown error"
                if state == "23505" { return StoreError(.conflict, "a record with the same unique value already exists") }
                if state == "23503" { return StoreError(.invalid, "the record refers to something that does not exist") }
                if state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300" {
                    return StoreError(.unreachable, "the PostgreSQL database cannot be used: \(message)")
                }
                return StoreError(.invalid, "the PostgreSQL database refused the request: \(message) (SQLSTATE \(state))")
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown,
                 .sslUnsupported, .failedToAddSSLHandler:
                return StoreError(.unreachable, "the PostgreSQL database cannot be reached (\(error.code))")
            default:
                return StoreError(.invalid, "the PostgreSQL database refused the request (\(error.code))")
            }
        }
        if error is CancellationError { return StoreError(.unreachable, "the database request was cancelled") }
        if String(describing: type(of: error)).hasPrefix("ConnectionPoolError") {
            return StoreError(.unreachable, "the \(backend.rawValue) server refused or did not answer new connections")
        }
        // Connection failures before a PostgreSQL session exists surface as NIO channel errors.
        return StoreError(.unreachable, "the \(backend.rawValue) database cannot be reached: \(error)")
    }
}
