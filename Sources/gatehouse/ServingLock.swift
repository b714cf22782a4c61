#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A lock beside an SQLite database that every running `gatehouse serve` holds shared for its
/// lifetime, so that `restore` can see a desk is using the database and refuse to swap it away.
/// The kernel lets go of it when the process ends, however it ends (SIGKILL too): it never goes stale.
enum ServingLock {
    static func file(for database: String) -> String { database + ".serving" }

    /// Holds the lock shared until the process ends (several desks may share one database).
    /// Nil when the lock file cannot be made (a read-only folder): then nothing is held.
    @discardableResult
    static func hold(for database: String) -> Int32? {
        let descriptor = open(file(for: database), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else { close(descriptor); return nil }
        return descriptor
    }

    /// Whether a running desk holds the lock (the file exists and cannot be locked exclusively).
    static func isHeld(for database: String) -> Bool {
        let descriptor = open(file(for: database), O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }
}
