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

/// Real time moved to start at another moment, for rehearsals and end-to-end tests: the desk
/// lives through a chosen Tuesday morning at the pace of real time (`GATEHOUSE_CLOCK_START`).
public struct ShiftedDeskClock: DeskClock {
    let offset: Int64

    /// A clock that reads `start` now, and moves on from there.
    public init(startingAt start: Instant, real: any DeskClock = SystemDeskClock()) {
        offset = start.secondsSince1970 - real.now().secondsSince1970
    }

    public func now() -> Instant {
        Instant(secondsSince1970: SystemDeskClock().now().secondsSince1970 + offset)
    }
}
