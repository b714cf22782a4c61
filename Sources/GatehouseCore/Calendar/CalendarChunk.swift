import Foundation

/// One stretch of real time (about 388 days) with its open time laid out as
/// sorted, disjoint UTC intervals and running totals, its response windows,
/// and the UTC offsets in force. Built once, then only read.
final class CalendarChunk: Sendable {
    /// 2^25 seconds: a little over a year, so a one-year duration spans at most three chunks.
    static let length: Int64 = 1 << 25
    /// Chunks past the year 9999 are never built.
    static let maximumKey: Int64 = 253_402_300_800 / length + 1

    let lower: Int64
    let upper: Int64
    let starts: [Int64]
    let ends: [Int64]
    /// Open time from `lower` to the end of each interval.
    let cumulative: [Int64]
    let total: Int64
    let windowStarts: [Int64]
    let zone: ZoneOffsets

    static func key(for t: Int64) -> Int64 { t >> 25 }

    init(key: Int64, calendar: BusinessCalendar) {
        lower = key * Self.length
        upper = lower + Self.length
        let margin: Int64 = 3 * 86_400
        zone = ZoneOffsets(timeZone: calendar.timeZone, from: lower - margin, to: upper + margin)

        // Every local day whose intervals (overnight ones included) can reach into the chunk.
        let firstDay = floorDiv(lower + Int64(zone.minimumOffset), 86_400) - 2
        let lastDay = floorDiv(upper + Int64(zone.maximumOffset), 86_400) + 1
        var spans: [(Int64, Int64)] = []
        var windowCandidates: [Int64] = []
        let (lower, upper) = (lower, upper)
        for day in firstDay...lastDay {
            let midnight = day * 86_400
            for interval in calendar.intervals(onDay: day) {
                zone.preimage(localStart: midnight + Int64(interval.start) * 60,
                              localEnd: midnight + Int64(interval.end) * 60) { start, end in
                    let clippedStart = max(start, lower)
                    let clippedEnd = min(end, upper)
                    if clippedStart < clippedEnd { spans.append((clippedStart, clippedEnd)) }
                }
            }
            for minute in calendar.windowStarts {
                // A repeated local time starts its window at the first occurrence.
                if let instant = zone.firstInstant(ofLocal: midnight + Int64(minute) * 60),
                   instant >= lower, instant < upper {
                    windowCandidates.append(instant)
                }
            }
        }
        spans.sort { $0.0 < $1.0 }
        var starts: [Int64] = []
        var ends: [Int64] = []
        for (start, end) in spans {
            if let last = ends.last, start <= last {
                ends[ends.count - 1] = max(last, end)
            } else {
                starts.append(start)
                ends.append(end)
            }
        }
        var running: Int64 = 0
        var cumulative: [Int64] = []
        cumulative.reserveCapacity(starts.count)
        for index in starts.indices {
            running += ends[index] - starts[index]
            cumulative.append(running)
        }
        self.starts = starts
        self.ends = ends
        self.cumulative = cumulative
        self.total = running
        // A window happens only on days it starts while the business is open.
        self.windowStarts = windowCandidates.sorted().filter { instant in
            let index = upperBound(starts, instant) - 1
            return index >= 0 && instant < ends[index]
        }
    }

    /// Index of the last interval starting at or before `t`, or -1.
    @inline(__always)
    func lastStart(atOrBefore t: Int64) -> Int {
        upperBound(starts, t) - 1
    }

    /// Open time in [lower, t).
    @inline(__always)
    func openTime(before t: Int64) -> Int64 {
        let index = lastStart(atOrBefore: t)
        guard index >= 0 else { return 0 }
        let before = index > 0 ? cumulative[index - 1] : 0
        return before + min(t, ends[index]) - starts[index]
    }

    /// Index of the first interval whose running total reaches `target` (target ≤ total).
    @inline(__always)
    func firstCumulative(atLeast target: Int64) -> Int {
        lowerBound(cumulative, target)
    }

    func firstWindow(atOrAfter t: Int64) -> Int {
        lowerBound(windowStarts, t)
    }

    func offset(at t: Int64) -> Int { zone.offset(at: t) }
}

/// The UTC offsets of a time zone over a stretch of real time, as the
/// instants where the offset changes. Found by sampling every six hours and
/// bisecting to the second, so any offset change (not only daylight saving)
/// is seen.
struct ZoneOffsets: Sendable {
    /// `offsets[0]` holds before `changes[0]`; `offsets[i + 1]` from `changes[i]`.
    let changes: [Int64]
    let offsets: [Int]
    let minimumOffset: Int
    let maximumOffset: Int

    init(timeZone: TimeZone, from lower: Int64, to upper: Int64) {
        func offset(_ t: Int64) -> Int { timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))) }
        let step: Int64 = 6 * 3600
        var changes: [Int64] = []
        var offsets: [Int] = [offset(lower)]
        var previous = lower
        var previousOffset = offsets[0]
        var t = lower
        while t < upper {
            t = min(t + step, upper)
            let current = offset(t)
            if current != previousOffset {
                // Bisect for the first second with the new offset.
                var low = previous
                var high = t
                while high - low > 1 {
                    let mid = low + (high - low) / 2
                    if offset(mid) == previousOffset { low = mid } else { high = mid }
                }
                changes.append(high)
                offsets.append(current)
                previousOffset = current
            }
            previous = t
        }
        self.changes = changes
        self.offsets = offsets
        self.minimumOffset = offsets.min()!
        self.maximumOffset = offsets.max()!
    }

    @inline(__always)
    func offset(at t: Int64) -> Int {
        var index = 0
        while index < changes.count, changes[index] <= t { index += 1 }
        return offsets[index]
    }

    /// Calls `body` with each real-time span whose local wall-clock time lies in
    /// [localStart, localEnd) (local times in seconds, as if the zone were UTC).
    /// A skipped local time has no span; a repeated one has two.
    func preimage(localStart: Int64, localEnd: Int64, _ body: (Int64, Int64) -> Void) {
        for index in offsets.indices {
            let segmentStart = index == 0 ? Int64.min / 4 : changes[index - 1]
            let segmentEnd = index == changes.count ? Int64.max / 4 : changes[index]
            let start = max(localStart - Int64(offsets[index]), segmentStart)
            let end = min(localEnd - Int64(offsets[index]), segmentEnd)
            if start < end { body(start, end) }
        }
    }

    /// The earliest instant whose local wall-clock time is `local`, or nil when it is skipped.
    func firstInstant(ofLocal local: Int64) -> Int64? {
        for index in offsets.indices {
            let segmentStart = index == 0 ? Int64.min / 4 : changes[index - 1]
            let segmentEnd = index == changes.count ? Int64.max / 4 : changes[index]
            let candidate = local - Int64(offsets[index])
            if candidate >= segmentStart, candidate < segmentEnd { return candidate }
        }
        return nil
    }
}

/// The index of the first element greater than `value` in a sorted array.
@inline(__always)
func upperBound(_ sorted: [Int64], _ value: Int64) -> Int {
    var low = 0
    var high = sorted.count
    while low < high {
        let mid = (low &+ high) >> 1
        if sorted[mid] <= value { low = mid &+ 1 } else { high = mid }
    }
    return low
}

/// The index of the first element not less than `value` in a sorted array.
@inline(__always)
func lowerBound(_ sorted: [Int64], _ value: Int64) -> Int {
    var low = 0
    var high = sorted.count
    while low < high {
        let mid = (low &+ high) >> 1
        if sorted[mid] < value { low = mid &+ 1 } else { high = mid }
    }
    return low
}
