/// How many requests one client may make of a public feed in a window of
/// time: at most `limit` in each `window`, counted from the client's first
/// request of the window. A pure decision over what was counted so far; the
/// caller keeps the count and passes the time in.
public struct RequestAllowance: Sendable, Equatable {
    public var limit: Int
    public var window: TimeSpan

    public init(limit: Int, window: TimeSpan) {
        self.limit = limit
        self.window = window
    }

    /// One client's count: when its window started and how many requests it made in it.
    public struct Count: Sendable, Equatable {
        public var windowStart: Instant
        public var requests: Int

        public init(windowStart: Instant, requests: Int) {
            self.windowStart = windowStart
            self.requests = requests
        }
    }

    /// Whether a request may be answered, the count to keep, and why.
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        public var count: Count
        /// When the client may ask again (nil when allowed).
        public var retryAfter: TimeSpan?
        public var reason: String
    }

    /// The decision for a request at `now`, given the client's `count` so far (nil for a first request).
    public func decide(_ count: Count?, now: Instant) -> Decision {
        guard let count, now < count.windowStart + window, now >= count.windowStart else {
            return Decision(allowed: true, count: Count(windowStart: now, requests: 1), retryAfter: nil,
                            reason: "allowed: the first request of a new window")
        }
        guard count.requests < limit else {
            let wait = max(TimeSpan(seconds: 1), (count.windowStart + window) - now)
            return Decision(allowed: false, count: count, retryAfter: wait,
                            reason: "refused: \(limit) requests already in this \(window.description) window")
        }
        return Decision(allowed: true, count: Count(windowStart: count.windowStart, requests: count.requests + 1), retryAfter: nil,
                        reason: "allowed: request \(count.requests + 1) of \(limit) in this window")
    }
}
