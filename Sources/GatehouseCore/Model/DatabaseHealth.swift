/// How the database stands, as `/health` reports it.
public enum DatabaseHealth: Sendable, Equatable {
    case ok
    /// It does not answer (PostgreSQL down, the SQLite file gone).
    case unreachable
    /// The disk holding the SQLite database has less room than a batch of mail needs.
    case diskFull(bytesLeft: Int64)

    public var isHealthy: Bool { self == .ok }

    /// For `/health`: "ok", "unreachable" or "disk full".
    public var word: String {
        switch self {
        case .ok: "ok"
        case .unreachable: "unreachable"
        case .diskFull: "disk full"
        }
    }
}
