import Foundation

/// What became of an arrival.
public enum Receipt: Sendable, Equatable {
    /// Stored durably under this message id, waiting to be filed.
    case stored(messageID: String)
    /// Already here (same Message-ID or the same bytes): nothing new was stored.
    case duplicate(of: String)
    /// Stored, but it cannot be read at all: kept in quarantine with the reason, for the owner to see.
    case quarantined(messageID: String, reason: String)
}
