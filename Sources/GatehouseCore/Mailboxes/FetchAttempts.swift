/// What to do with a message the server would not hand over, or that could not be stored.
public enum FetchAttempts: Sendable, Equatable {
    /// Try it again on the next fetch.
    case tryAgain(reason: String)
    /// Give up on it: it goes to the quarantine with the reason, and the folder moves on.
    case quarantine(reason: String)

    /// How many failed attempts set a message aside.
    public static let limit = 3

    /// The decision after `failures` failed attempts (this one counted) for `reason`.
    public static func decide(failures: Int, reason: String, limit: Int = FetchAttempts.limit) -> FetchAttempts {
        if failures >= limit {
            return .quarantine(reason: "set aside after \(failures) failed attempts: \(reason)")
        }
        return .tryAgain(reason: "attempt \(failures) of \(limit) failed (\(reason)); it is tried again on the next fetch")
    }
}
