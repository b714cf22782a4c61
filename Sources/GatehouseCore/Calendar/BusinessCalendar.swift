import Foundation
import Synchronization

/// Business time for one policy: when the business is open, and exact
/// arithmetic in open time ("4 business hours after Friday 16:50").
///
/// The meaning is the contract in DESIGN.md ("Business time: the meaning"):
/// an instant is open when its local wall-clock time falls inside an interval
/// of its local date (or the after-midnight part of an overnight interval of
/// the day before); skipped local times are closed and repeated local times
/// are open both times, so business time is real elapsed time.
///
/// Open time is precomputed, a year-sized stretch of real time at a time, as
/// sorted UTC intervals with running totals, so that every question is a
/// binary search rather than a walk through minutes or days.
public final class BusinessCalendar: Sendable {
    /// The zone every wall-clock time of the policy is read in.
    public let timeZone: TimeZone
    let weekly: [[OpeningInterval]]
    let closures: [Closure]
    let closureFirstDays: [Int64]
    let windowStarts: [Int]
    /// How long each response window lasts.
    public let windowLength: TimeSpan
    /// The least real time between a message and a non-urgent reply.
    public let minimumReplyDelay: TimeSpan
    /// How the business writes dates and times.
    public let locale: BusinessLocale
    let hasWeeklyOpenTime: Bool
    /// Past this instant no open time can exist when the weekly hours are all closed.
    let openTimeHorizon: Int64
    /// When the owner takes urgent matters, as written in the policy.
    public let urgentHours: UrgentHours
    /// The calendar of the urgent hours when they differ from the opening hours.
    let urgentHoursCalendar: BusinessCalendar?
    private let cache = Mutex<[Int64: CalendarChunk]>([:])

    /// The calendar of a policy: its time zone, hours, closures and response windows.
    public convenience init(policy: Policy) {
        self.init(timeZone: TimeZone(identifier: policy.business.timeZoneIdentifier)!, hours: policy.hours,
                  closures: policy.closures, responseWindows: policy.responseWindows,
                  locale: policy.business.locale, urgentHours: policy.urgent.hours)
    }

    /// A calendar from its parts (used by tests and by `init(policy:)`).
    public init(timeZone: TimeZone, hours: WeeklyHours, closures: [Closure],
                responseWindows: ResponseWindows = .none, locale: BusinessLocale = BusinessLocale("en-US"),
                urgentHours: UrgentHours = .always) {
        self.timeZone = timeZone
        self.urgentHours = urgentHours
        switch urgentHours {
        case .openingHours:
            urgentHoursCalendar = nil
        case .always, .daily:
            var everyDay = WeeklyHours()
            let span = if case .daily(let span) = urgentHours { span } else { OpeningInterval(start: 0, end: 1440) }
            for day in Weekday.allCases { everyDay[day] = [span] }
            // Its own hours are the urgent hours, so it needs no urgent calendar of its own.
            urgentHoursCalendar = BusinessCalendar(timeZone: timeZone, hours: everyDay, closures: [], locale: locale,
                                                   urgentHours: .openingHours)
        }
        self.locale = locale
        self.weekly = hours.days
        let sorted = closures.sorted { $0.first < $1.first }
        self.closures = sorted
        self.closureFirstDays = sorted.map(\.first.dayNumber)
        self.windowStarts = responseWindows.starts.sorted()
        self.windowLength = responseWindows.length
        self.minimumReplyDelay = responseWindows.minimumReplyDelay
        self.hasWeeklyOpenTime = hours.weeklyOpenTime.seconds > 0
        let lastSpecial = sorted.filter { !$0.intervals.isEmpty }.map(\.last.dayNumber).max() ?? Int64.min / 2
        self.openTimeHorizon = lastSpecial == Int64.min / 2 ? Int64.min / 2 : (lastSpecial + 3) * 86_400
    }

    // MARK: - Questions

    /// Whether the business is open at `instant`.
    public func isOpen(at instant: Instant) -> Bool {
        let t = instant.secondsSince1970
        let chunk = chunk(containing: t)
        let index = chunk.lastStart(atOrBefore: t)
        return index >= 0 && t < chunk.ends[index]
    }

    /// The earliest open instant at or after `instant`; nil if the business never opens again.
    public func nextOpening(atOrAfter instant: Instant) -> Instant? {
        var t = instant.secondsSince1970
        var key = CalendarChunk.key(for: t)
        while mayHaveOpenTime(chunkKey: key) {
            let chunk = chunk(key)
            let index = chunk.lastStart(atOrBefore: t)
            if index >= 0, t < chunk.ends[index] { return Instant(secondsSince1970: t) }
            if index + 1 < chunk.starts.count { return Instant(secondsSince1970: chunk.starts[index + 1]) }
            key += 1
            t = chunk.upper
        }
        return nil
    }

    /// The earliest instant T at which the open time in [start, T] equals `duration`
    /// (so one hour after 16:00 with a 17:00 close is 17:00, not the next morning).
    /// Nil when the business never has that much open time again, or `duration` is negative.
    public func adding(_ duration: TimeSpan, to start: Instant) -> Instant? {
        guard duration.seconds > 0 else { return duration.seconds == 0 ? start : nil }
        let s = start.secondsSince1970
        var key = CalendarChunk.key(for: s)
        var chunk = chunk(key)
        var target = chunk.openTime(before: s) + duration.seconds
        while target > chunk.total {
            target -= chunk.total
            key += 1
            guard mayHaveOpenTime(chunkKey: key) else { return nil }
            chunk = self.chunk(key)
        }
        let index = chunk.firstCumulative(atLeast: target)
        return Instant(secondsSince1970: chunk.ends[index] - (chunk.cumulative[index] - target))
    }

    /// The open time between two instants (negative when `end` is before `start`).
    public func openTime(from start: Instant, to end: Instant) -> TimeSpan {
        if end < start { return TimeSpan(seconds: -openTime(from: end, to: start).seconds) }
        let s = start.secondsSince1970
        let e = end.secondsSince1970
        let firstKey = CalendarChunk.key(for: s)
        let lastKey = CalendarChunk.key(for: e)
        let first = chunk(firstKey)
        if firstKey == lastKey { return TimeSpan(seconds: first.openTime(before: e) - first.openTime(before: s)) }
        var total = first.total - first.openTime(before: s)
        var key = firstKey + 1
        while key < lastKey {
            if mayHaveOpenTime(chunkKey: key) { total += chunk(key).total }
            key += 1
        }
        total += chunk(lastKey).openTime(before: e)
        return TimeSpan(seconds: total)
    }

    /// The first response window that starts at or after `instant`, if the policy has windows.
    public func nextResponseWindow(atOrAfter instant: Instant) -> ResponseWindow? {
        guard !windowStarts.isEmpty else { return nil }
        let t = instant.secondsSince1970
        var key = CalendarChunk.key(for: t)
        // Windows only happen while open; ten years without one means there are none.
        for _ in 0..<10 {
            guard mayHaveOpenTime(chunkKey: key) else { return nil }
            let chunk = chunk(key)
            let index = chunk.firstWindow(atOrAfter: t)
            if index < chunk.windowStarts.count {
                let start = Instant(secondsSince1970: chunk.windowStarts[index])
                return ResponseWindow(start: start, end: start + windowLength)
            }
            key += 1
        }
        return nil
    }

    /// The UTC offset, in seconds, of the policy's time zone at `instant`.
    public func utcOffset(at instant: Instant) -> Int {
        let t = instant.secondsSince1970
        return chunk(containing: t).offset(at: t)
    }

    /// The local wall-clock date and time of `instant` in the policy's time zone.
    public func localTime(of instant: Instant) -> LocalTime {
        let local = instant.secondsSince1970 + Int64(utcOffset(at: instant))
        let day = floorDiv(local, 86_400)
        return LocalTime(date: CivilDate(dayNumber: day), secondOfDay: Int(local - day * 86_400))
    }

    /// `instant` in ISO 8601 with the policy zone's offset: `2026-03-09T11:15:00-05:00`.
    public func iso8601(_ instant: Instant) -> String {
        ISO8601.format(instant, utcOffsetSeconds: utcOffset(at: instant))
    }

    // MARK: - Days

    /// The intervals that start on a local date: its closure's, else its weekday's.
    public func intervals(on date: CivilDate) -> [OpeningInterval] {
        intervals(onDay: date.dayNumber)
    }

    func intervals(onDay day: Int64) -> [OpeningInterval] {
        if let closure = closure(onDay: day) { return closure.intervals }
        return weekly[Weekday(dayNumber: day).rawValue]
    }

    /// The closure covering a local date, if any.
    public func closure(on date: CivilDate) -> Closure? { closure(onDay: date.dayNumber) }

    func closure(onDay day: Int64) -> Closure? {
        // Closures never overlap, so the one that starts last on or before the day is the only candidate.
        let index = upperBound(closureFirstDays, day) - 1
        guard index >= 0 else { return nil }
        let candidate = closures[index]
        return candidate.last.dayNumber >= day ? candidate : nil
    }

    /// The real-time spans of the intervals that start on a local day.
    func openSpans(onDay day: Int64) -> [(start: Int64, end: Int64)] {
        spans(of: intervals(onDay: day), onDay: day)
    }

    /// The real-time spans of wall-clock intervals on a local day (skipped local times left out).
    func spans(of intervals: [OpeningInterval], onDay day: Int64) -> [(start: Int64, end: Int64)] {
        guard !intervals.isEmpty else { return [] }
        let zone = ZoneOffsets(timeZone: timeZone, from: day * 86_400 - 2 * 86_400, to: day * 86_400 + 4 * 86_400)
        var spans: [(Int64, Int64)] = []
        for interval in intervals {
            zone.preimage(localStart: day * 86_400 + Int64(interval.start) * 60,
                          localEnd: day * 86_400 + Int64(interval.end) * 60) { spans.append(($0, $1)) }
        }
        return spans.sorted { $0.0 < $1.0 }
    }

    // MARK: - Chunks

    private func mayHaveOpenTime(chunkKey key: Int64) -> Bool {
        hasWeeklyOpenTime ? key < CalendarChunk.maximumKey : key * CalendarChunk.length <= openTimeHorizon
    }

    private func chunk(containing t: Int64) -> CalendarChunk { chunk(CalendarChunk.key(for: t)) }

    private func chunk(_ key: Int64) -> CalendarChunk {
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let built = CalendarChunk(key: key, calendar: self)
        cache.withLock { $0[key] = built }
        return built
    }
}

/// A response window on a particular day.
public struct ResponseWindow: Sendable, Equatable {
    public var start: Instant
    public var end: Instant
}

/// A local date and time of day, as shown to people.
public struct LocalTime: Sendable, Equatable {
    public var date: CivilDate
    public var secondOfDay: Int

    /// Minutes after local midnight.
    public var minuteOfDay: Int { secondOfDay / 60 }
}

@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    a >= 0 ? a / b : -((-a + b - 1) / b)
}
