import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The room left on the disk of a file.
enum DiskSpace {
    /// Less than this left beside the database, and the desk says it cannot take work: a batch of
    /// mail and its write-ahead log need a few megabytes, and a disk with less is as good as full.
    static let needed: Int64 = 1 << 20

    /// Bytes an unprivileged process may still write in the folder holding `path`; nil when the
    /// system cannot say.
    static func available(beside path: String) -> Int64? {
        let folder = (path as NSString).deletingLastPathComponent
        var info = statvfs()
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
