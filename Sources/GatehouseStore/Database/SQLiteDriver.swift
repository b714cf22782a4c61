import GatehouseCore
import Foundation
import Logging
import NIOCore
internal import NIOPosix
internal import SQLiteKit
internal import SQLiteNIO
import SQLKit

/// SQLite with one writer and a few readers: WAL so readers never wait for the
/// writer, foreign keys on, and writes serialised in-process with
/// `BEGIN IMMEDIATE` so two writers never meet inside SQLite.
final class SQLiteDriver: DatabaseDriver {
    private let writer: SQLiteConnection
    private let writeTurn = AsyncTurnstile()
    private let readers: ConnectionShelf<SQLiteConnection>
    private let all: [SQLiteConnection]
    /// A query on a connection closed under it fails with "API misuse": close waits for it instead.
    private let gate = RequestGate(closedError: SQLiteDriver.closed)

    private init(writer: SQLiteConnection, readers: [SQLiteConnection]) {
        self.writer = writer
        self.readers = ConnectionShelf(readers)
        self.all = [writer] + readers
    }

    static func open(path: String, logger: Logger, readerCount: Int = 4) async throws(StoreError) -> SQLiteDriver {
        let url = URL(fileURLWithPath: path)
        // Customers' messages and sealed secrets: readable by the owner only. SQLite gives the WAL
        // and shared-memory files the database file's own mode, so creating it 0600 covers them.
        let files = FileManager.default
        do {
            let folder = url.deletingLastPathComponent()
            if !files.fileExists(atPath: folder.path) {
                try files.createDirectory(at: folder, withIntermediateDirectories: true,
                                          attributes: [.posixPermissions: 0o700])
            }
            if !files.fileExists(atPath: url.path),
               !files.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) {
                throw StoreError(.unreachable, "cannot create the SQLite database at \(path)")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unreachable, "cannot create the folder for \(path): \(error.localizedDescription)")
        }
        var opened: [SQLiteConnection] = []
        do {
            for _ in 0...readerCount {
                let connection = try await SQLiteConnection.open(storage: .file(path: url.path), logger: logger)
                opened.append(connection)
                // WAL lets readers run while a write is in progress; busy_timeout covers other processes.
                _ = try await connection.query("PRAGMA journal_mode = WAL")
                _ = try await connection.query("PRAGMA foreign_keys = ON")
                _ = try await connection.query("PRAGMA busy_timeout = 5000")
                // FULL: a commit is on disk when it returns, even through a power cut — an MTA is told
                // a message is stored only when it truly is.
                _ = try await connection.query("PRAGMA synchronous = FULL")
                // A page cache large enough for the indexes a busy intake walks (16 MiB, used as needed);
                // SQLite's 2 MiB default makes big transactions re-read pages from the file.
                _ = try await connection.query("PRAGMA cache_size = -16384")
            }
        } catch {
            for connection in opened { try? await connection.close() }
            throw StoreError(.unreachable, "cannot open the SQLite database at \(path): \(error)")
        }
        return SQLiteDriver(writer: opened[0], readers: Array(opened.dropFirst()))
    }

    /// (`prepared` is PostgreSQL's: SQLite plans a statement in microseconds, in-process.)
    func read<T: Sendable>(prepared: Bool, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await gate.pass { try await readNow(body) }
    }

    private func readNow<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = await readers.take()
        guard !connection.isClosed else {
            await readers.put(connection)
            throw Self.closed
        }
        do {
            let result = try await body(connection.sql())
            await readers.put(connection)
            return result
        } catch {
            await readers.put(connection)
            throw error
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await gate.pass { try await writeNow(body) }
    }

    private func writeNow<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        await writeTurn.enter()
        guard !writer.isClosed else {
            await writeTurn.leave()
            throw Self.closed
        }
        do {
            _ = try await writer.query("BEGIN IMMEDIATE")
        } catch where "\(error)".contains("within a transaction") {
            // A transaction an earlier, cancelled write could not end: end it, then begin ours.
            await rollBack()
            do { _ = try await writer.query("BEGIN IMMEDIATE") } catch {
                await writeTurn.leave()
                throw error
            }
        } catch {
            await writeTurn.leave()
            throw error
        }
        do {
            let result = try await body(writer.sql())
            _ = try await writer.query("COMMIT")
            await writeTurn.leave()
            return result
        } catch {
            await rollBack()
            await writeTurn.leave()
            throw error
        }
    }

    /// Ends the writer's open transaction even when the task that began it was cancelled: the
    /// ROLLBACK runs in a task of its own, so a cancelled write never leaves the transaction open
    /// for the next one ("cannot start a transaction within a transaction").
    private func rollBack() async {
        let writer = self.writer
        await Task.detached { _ = try? await writer.query("ROLLBACK") }.value
    }

    /// A driver let go without `close()` (a caller that threw before reaching it) still closes
    /// its connections: an SQLite handle left open keeps its file descriptors and WAL lock, and a
    /// debug build stops the whole process on it ("SQLiteConnection was not closed").
    deinit {
        let open = all.filter { !$0.isClosed }
        guard !open.isEmpty else { return }
        Task.detached {
            for connection in open { try? await connection.close() }
        }
    }

    /// Refuses new requests, lets those under way finish, then closes every connection — each
    /// one only once it is back on its shelf, never under a query still running on it (on a busy
    /// machine a request can outlast the gate's wait, and SQLite closed under a statement answers
    /// "out of memory", or worse). Closed connections go back on the shelf, so a request that
    /// passed the gate just before it closed is refused by the closed connection it is given.
    func close() async {
        await gate.close()
        var taken: [SQLiteConnection] = []
        for _ in 0..<(all.count - 1) { taken.append(await readers.take()) }
        for connection in taken {
            try? await connection.close()
            await readers.put(connection)
        }
        await writeTurn.enter()
        try? await writer.close()
        await writeTurn.leave()
    }

    /// A database that has been closed (the desk is shutting down) cannot be used: the caller should try again later.
    static let closed = StoreError(.unreachable, "the SQLite database has been closed")
}

/// One at a time, in arrival order, without blocking a thread.
actor AsyncTurnstile {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// A shelf of connections lent out one caller at a time.
actor ConnectionShelf<Connection: Sendable> {
    private var free: [Connection]
    private var waiting: [CheckedContinuation<Connection, Never>] = []

    init(_ connections: [Connection]) { free = connections }

    func take() async -> Connection {
        if let connection = free.popLast() { return connection }
        return await withCheckedContinuation { waiting.append($0) }
    }

    func put(_ connection: Connection) {
        if waiting.isEmpty {
            free.append(connection)
        } else {
            waiting.removeFirst().resume(returning: connection)
        }
    }
}
