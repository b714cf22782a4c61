import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Password hashing with bcrypt, run on a thread pool so the event loop never
/// waits for it.
public enum Passwords {
    /// Passwords shorter than this are refused.
    public static let minimumLength = 10

    /// A problem with a chosen password, in plain words; nil when it is acceptable.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "the password must be at least \(minimumLength) characters long" }
        if password.count > 72 { return "the password must be at most 72 characters long (bcrypt ignores the rest)" }
        return nil
    }

    /// The bcrypt hash of `password`.
    public static func hash(_ password: String, cost: UInt8 = 12) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`. With no hash (an unknown account) the same
    /// work is done against a hash nothing matches, so the answer takes as long.
    public static func verify(_ password: String, hash: String?) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive {
            guard let hash else {
                _ = Bcrypt.verify(password, hash: unmatchable)
                return false
            }
            return Bcrypt.verify(password, hash: hash)
        }
    }

    /// A hash of a random secret that is thrown away.
    private static let unmatchable = Bcrypt.hash(UUID().uuidString + UUID().uuidString, cost: 12)
}
