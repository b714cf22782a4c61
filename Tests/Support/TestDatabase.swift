import Foundation
import Synchronization
import GatehouseCore
import GatehouseMail
import GatehouseStore
import SQLKit
#if canImport(Glibc)
import Glibc
#endif

/// Databases for tests, on both engines. SQLite is a temporary file; PostgreSQL
/// is a fresh database in a throwaway cluster this process starts itself (or in
/// the server `GATEHOUSE_TEST_POSTGRES_URL` names).
public enum TestDatabase {
    /// Runs `body` with a new, migrated, empty database of `backend`; returns without
    /// running it when PostgreSQL is not available (after saying so once).
    public static func with(_ backend: DatabaseBackend, migrate: Bool = true,
                            file: String = #fileID, line: Int = #line,
                            _ body: (Database) async throws -> Void) async throws {
        try await withLocation(backend, file: file, line: line) { location in
            // Generous: many tests open databases at once on a two-core machine.
            let database = try await Database.open(location, connectTimeout: .seconds(120))
            do {
                TestWatchdog.mark("migrating")
                if migrate { try await database.migrate(now: Instant(secondsSince1970: 1_790_000_000)) }
                TestWatchdog.mark("in the test")
                try await body(database)
            } catch {
                TestWatchdog.mark("closing the database after an error")
                await database.close()
                throw error
            }
            TestWatchdog.mark("closing the database")
            await database.close()
        }
    }
}

extension TestDatabase {
    /// Runs `body` with the location of a new, empty database of `backend` (for tests that
    /// start processes on it); returns without running it when PostgreSQL is not available.
    public static func withLocation(_ backend: DatabaseBackend, file: String = #fileID, line: Int = #line,
                                    _ body: (DatabaseLocation) async throws -> Void) async throws {
        TestWatchdog.start()
        let user = TestWatchdog.enter("\(file):\(line) on \(backend)")
        defer { TestWatchdog.leave(user) }
        try await TestWatchdog.$current.withValue(user) {
            try await withLocationNow(backend, body)
        }
    }

    private static func withLocationNow(_ backend: DatabaseBackend, _ body: (DatabaseLocation) async throws -> Void) async throws {
        switch backend {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-store-\(NewID.make())")
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try await body(.sqlite(path: folder.appendingPathComponent("test.sqlite").path))
        case .postgres:
            guard let server = try TestPostgres.server() else {
                if ProcessInfo.processInfo.environment["GATEHOUSE_REQUIRE_POSTGRES"] == "1" {
                    throw TestPostgres.SetupError("PostgreSQL is required (GATEHOUSE_REQUIRE_POSTGRES=1) but could not be started")
                }
                return
            }
            let name = "test_" + NewID.make().replacingOccurrences(of: "-", with: "")
            TestWatchdog.mark("creating the database")
            try await TestPostgresAdmin.run(on: server) { sql in try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            var failure: (any Error)?
            do {
                try await body(.postgres(server.location(database: name)))
            } catch {
                failure = error
            }
            TestWatchdog.mark("dropping the database")
            try? await TestPostgresAdmin.run(on: server) { sql in
                try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
            }
            if let failure { throw failure }
        }
    }
}

/// The server's admin database, for creating and dropping the tests' databases: a short-lived
/// pool per statement, so no test depends on a pool another test opened (a shared pool opened
/// by whichever test came first left later tests waiting when it went away).
enum TestPostgresAdmin {
    static func run(on server: PostgresServer, _ statement: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let admin = try await Database.open(.postgres(server.location(database: server.adminDatabase)),
                                            connectTimeout: .seconds(120))
        do {
            try await admin.read(statement)
        } catch {
            await admin.close()
            throw error
        }
        await admin.close()
    }
}

/// A PostgreSQL server for the tests of this process.
struct PostgresServer: Sendable {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var adminDatabase: String

    func location(database: String) -> PostgresLocation {
        PostgresLocation(host: host, port: port, username: username, password: password, database: database,
                         tls: .disable)
    }
}

/// Starts one throwaway PostgreSQL cluster per test process, on 127.0.0.1 and a
/// free port, and stops and removes it when the process exits.
enum TestPostgres {
    private static let state = Mutex<State>(.notStarted)

    private enum State {
        case notStarted
        case running(PostgresServer, dataDirectory: String?, binaries: String?, runAs: String?)
        case unavailable(String)
    }

    /// The server, or nil (with one printed line) when PostgreSQL cannot be had here.
    static func server() throws -> PostgresServer? {
        try state.withLock { state in
            switch state {
            case .running(let server, _, _, _):
                return server
            case .unavailable:
                return nil
            case .notStarted:
                do {
                    state = try start()
                } catch {
                    let reason = "\(error)"
                    print("PostgreSQL tests skipped: \(reason)")
                    state = .unavailable(reason)
                    return nil
                }
                if case .running(let server, _, _, _) = state { return server }
                return nil
            }
        }
    }

    private static func start() throws -> State {
        if let url = ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_URL"], !url.isEmpty {
            guard case .postgres(let location) = try DatabaseLocation.parse(url) else {
                throw SetupError("GATEHOUSE_TEST_POSTGRES_URL is not a postgres:// URL")
            }
            return .running(PostgresServer(host: location.host, port: location.port, username: location.username,
                                           password: location.password, adminDatabase: location.database),
                            dataDirectory: nil, binaries: nil, runAs: nil)
        }
        guard let binaries = findBinaries() else {
            throw SetupError("no initdb found in /usr/lib/postgresql/*/bin or on PATH, and GATEHOUSE_TEST_POSTGRES_URL is not set")
        }
        // initdb and postgres refuse to run as root: use the postgres system user then.
        let runAs: String? = geteuid() == 0 ? "postgres" : nil
        let directory = "/tmp/gatehouse-pg-\(getpid())-\(NewID.make().prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let runAs {
            guard let user = getpwnam(runAs) else { throw SetupError("running as root, but there is no '\(runAs)' user to run PostgreSQL as") }
            chown(directory, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        let data = directory + "/data"
        try run(binaries + "/initdb", ["-D", data, "-U", "gatehouse", "--auth=trust", "-E", "UTF8", "--no-sync",
                                       "--no-instructions"], as: runAs)
        let port = try freePort()
        let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off "
            + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=1000"
        try run(binaries + "/pg_ctl", ["-D", data, "-o", options, "-l", directory + "/server.log", "-w", "-t", "60",
                                       "start"], as: runAs)
        // The cluster must not outlive this process, however it ends: a watcher in its own session
        // stops the cluster and removes its folder once this process is gone (a crash or a kill
        // included), and a normal exit asks the server to stop at once.
        try startWatcher(binaries: binaries, data: data, directory: directory, as: runAs)
        atexit { TestPostgres.stopNow() }
        return .running(PostgresServer(host: "127.0.0.1", port: port, username: "gatehouse", password: nil,
                                       adminDatabase: "postgres"),
                        dataDirectory: directory, binaries: binaries, runAs: runAs)
    }

    /// Starts the watcher that stops the cluster and removes `directory` when this process has gone.
    static func startWatcher(binaries: String, data: String, directory: String, as user: String?) throws {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let stop = (user.map { "/usr/sbin/runuser -u \($0) -- " } ?? "") + quoted(binaries + "/pg_ctl")
            + " -D " + quoted(data) + " -m immediate -w stop"
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop) >/dev/null 2>&1; rm -rf \(quoted(directory))"
        _ = try spawn(["/bin/sh", "-c", script], output: "/dev/null", newSession: true)
    }

    /// Asks the cluster's server to stop (an immediate shutdown) without waiting: called at exit,
    /// where nothing may block. The watcher removes the folder once this process has gone.
    static func stopNow() {
        guard case .running(_, let directory?, _, _) = state.withLock({ $0 }),
              let text = try? String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8),
              let pid = text.split(separator: "\n").first.flatMap({ pid_t($0.trimmingCharacters(in: .whitespaces)) }),
              pid > 0
        else { return }
        kill(pid, SIGQUIT)
    }

    /// Prints what each client session of the cluster is doing and waiting for (for a hung run).
    static func printActivity() {
        guard case .running(let server, _, let binaries?, _) = state.withLock({ $0 }) else { return }
        print("gatehouse tests: PostgreSQL sessions:")
        fflush(nil)
        let query = "SELECT datname, state, wait_event_type, wait_event, "
            + "round(extract(epoch FROM now() - query_start)) AS seconds, left(query, 160) AS query "
            + "FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
            + "ORDER BY query_start"
        _ = try? ChildProcess.start(binaries + "/psql", ["-h", server.host, "-p", String(server.port), "-U", server.username,
                                                         "-d", server.adminDatabase, "-X", "-c", query]).wait()
        fflush(nil)
    }

    static func findBinaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) })
        where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(folder)/initdb") && FileManager.default.isExecutableFile(atPath: "\(folder)/pg_ctl") {
            return String(folder)
        }
        return nil
    }

    /// Runs a PostgreSQL tool to completion. `pg_ctl start` leaves a server behind, which must
    /// hold none of this process's descriptors: its output goes to a file.
    static func run(_ executable: String, _ arguments: [String], as user: String?) throws {
        let argv = (user.map { ["/usr/sbin/runuser", "-u", $0, "--"] } ?? []) + [executable] + arguments
        let outputPath = "/tmp/gatehouse-pg-output-\(NewID.make())"
        defer { unlink(outputPath) }
        guard try spawn(argv, output: outputPath, newSession: false).wait().succeeded else {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            throw SetupError("\((executable as NSString).lastPathComponent) failed: \(text.suffix(400))")
        }
    }

    /// Starts `argv` with standard input from /dev/null, standard output and error to `output`, and no
    /// other descriptor of this process: a server left running must never hold a pipe of whoever
    /// started the tests (a CI runner waits for its pipes to close).
    static func spawn(_ argv: [String], output: String, newSession: Bool) throws -> ChildProcess {
        do {
            return try ChildProcess.start(argv[0], Array(argv.dropFirst()), output: .file(output), error: .output,
                                          newSession: newSession)
        } catch {
            throw SetupError("\(error)")
        }
    }

    /// Runs `argv` to completion, its output thrown away; whether it exited with status 0.
    static func runQuietly(_ argv: [String]) throws -> Bool {
        try spawn(argv, output: "/dev/null", newSession: false).wait().succeeded
    }

    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SetupError("cannot open a socket to find a free port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw SetupError("cannot bind 127.0.0.1 to find a free port") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct SetupError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// Turns a hung test run into a failure that says where it hung: if this process is still
/// running `limit` after the first test that used a database, every thread's stack is
/// printed (with gdb, when there is one) and the process exits with status 3, so a CI run
/// fails with the evidence instead of running into its time limit.
enum TestWatchdog {
    private static let started = Mutex(false)
    /// The tests holding a database now, by the place that asked for it.
    private static let users = Mutex<[Int: (place: String, since: ContinuousClock.Instant, step: String)]>([:])
    private static let nextUser = Atomic<Int>(0)
    /// The current task's entry, while it holds a database.
    @TaskLocal static var current: Int?

    /// Notes what the current task's test is doing with its database now.
    static func mark(_ step: String) {
        guard let current else { return }
        users.withLock { $0[current]?.step = step }
    }

    /// Notes that the test at `place` holds a database until `leave` is called with the answer.
    static func enter(_ place: String) -> Int {
        let number = nextUser.add(1, ordering: .relaxed).newValue
        users.withLock { $0[number] = (place, ContinuousClock.now, "starting") }
        return number
    }

    static func leave(_ number: Int) {
        _ = users.withLock { $0.removeValue(forKey: number) }
    }

    static func start(limit: Int = ProcessInfo.processInfo.environment["GATEHOUSE_TEST_TIME_LIMIT"].flatMap(Int.init) ?? 1200) {
        let first = started.withLock { started in
            defer { started = true }
            return !started
        }
        guard first else { return }
        let thread = Thread {
            sleep(UInt32(limit))
            print("gatehouse tests: still running after \(limit) seconds; the stacks of every thread follow")
            fflush(nil)
            let stacksPath = "/tmp/gatehouse-test-stacks-\(getpid()).txt"
            for gdb in ["/usr/bin/gdb", "/bin/gdb"] where FileManager.default.isExecutableFile(atPath: gdb) {
                _ = try? ChildProcess.start(gdb, ["-p", String(getpid()), "-batch", "-ex", "thread apply all bt"],
                                            output: .file(stacksPath), error: .output).wait()
                break
            }
            let stacks = (try? String(contentsOfFile: stacksPath, encoding: .utf8)) ?? ""
            unlink(stacksPath)
            print(stacks)
            print(ourFrames(stacks))
            fflush(nil)
            // Last, since a CI log may keep only its tail: what the server's sessions wait on, and
            // which tests still hold a database.
            TestPostgres.printActivity()
            let now = ContinuousClock.now
            let holding = users.withLock { $0.values.sorted { $0.since < $1.since } }
            print("gatehouse tests: \(holding.count) test(s) still hold a database:")
            for user in holding {
                print("  \(user.place), for \((now - user.since).components.seconds) s, \(user.step)")
            }
            fflush(nil)
            TestPostgres.stopNow()
            _exit(3)
        }
        thread.name = "gatehouse-test-watchdog"
        thread.start()
    }

    /// Each thread that is in this project's code, with those frames only: the short form of the
    /// stacks above.
    static func ourFrames(_ stacks: String) -> String {
        var summary = ["gatehouse tests: the threads in Gatehouse's own code:"]
        var header = ""
        var frames: [String] = []
        func flush() {
            if !frames.isEmpty { summary.append(header); summary += frames.prefix(6).map { "    " + $0 } }
            frames = []
        }
        for line in stacks.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Thread ") {
                flush()
                header = String(line.prefix(120))
            } else if line.contains("/Sources/Gatehouse") || line.contains("/Tests/") {
                let place = line.split(separator: " at ").last.map(String.init) ?? String(line.suffix(160))
                frames.append(place)
            }
        }
        flush()
        return summary.joined(separator: "\n")
    }
}
