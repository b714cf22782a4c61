#if canImport(Glibc)
import Glibc
#endif

/// The clock the desk reads; tests pass a fixed one and travel in time.
public protocol DeskClock: Sendable {
    func now() -> Instant
}

/// Real time.
public struct SystemDeskClock: DeskClock {
    public init() {}
    public func now() -> Instant {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Instant(secondsSince1970: Int64(time.tv_sec))
    }
}
