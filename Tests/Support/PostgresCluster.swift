import Foundation
import GatehouseCore
import GatehouseStore
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster of one test's own, for a test that stops and starts the server under
/// the desk (the shared cluster of `TestDatabase` serves every other test at the same time).
/// Removed when `remove()` is called, or by a watcher when this process is gone.
public final class PostgresCluster: Sendable {
    public let port: Int
    private let binaries: String
    private let directory: String
    private let runAs: String?
    private var data: String { directory + "/data" }

    /// A new cluster, started; nil when this machine has no PostgreSQL (after saying so).
    public static func start() throws -> PostgresCluster? {
        guard let binaries = TestPostgres.findBinaries() else {
            print("PostgreSQL outage test skipped: no initdb found")
            return nil
        }
        let runAs: String? = geteuid() == 0 ? "postgres" : nil
        let directory = "/tmp/gatehouse-pg-own-\(getpid())-\(NewID.make().prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let runAs, let user = getpwnam(runAs) { chown(directory, user.pointee.pw_uid, user.pointee.pw_gid) }
        try TestPostgres.run(binaries + "/initdb", ["-D", directory + "/data", "-U", "gatehouse", "--auth=trust", "-E", "UTF8",
                                                    "--no-sync", "--no-instructions"], as: runAs)
        let cluster = PostgresCluster(port: try TestPostgres.freePort(), binaries: binaries, directory: directory, runAs: runAs)
        try TestPostgres.startWatcher(binaries: binaries, data: cluster.data, directory: directory, as: runAs)
        try cluster.startServer()
        return cluster
    }

    private init(port: Int, binaries: String, directory: String, runAs: String?) {
        self.port = port
        self.binaries = binaries
        self.directory = directory
        self.runAs = runAs
    }

    /// The database `name` on this cluster.
    public func location(database name: String = "postgres") -> DatabaseLocation {
        .postgres(PostgresLocation(host: "127.0.0.1", port: port, username: "gatehouse", password: nil, database: name, tls: .disable))
    }

    /// Starts the server (again), on the same port and data, and waits until it takes connections.
    public func startServer() throws {
        let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        try TestPostgres.run(binaries + "/pg_ctl", ["-D", data, "-o", options, "-l", directory + "/server.log", "-w", "-t", "60",
                                                    "start"], as: runAs)
    }

    /// Stops the server as an administrator would (`pg_ctl stop -m fast`: open sessions are ended).
    public func stopServer() throws {
        try TestPostgres.run(binaries + "/pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"], as: runAs)
    }

    /// Stops the server at once and removes the cluster.
    public func remove() {
        _ = try? TestPostgres.run(binaries + "/pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], as: runAs)
        try? FileManager.default.removeItem(atPath: directory)
    }
}
