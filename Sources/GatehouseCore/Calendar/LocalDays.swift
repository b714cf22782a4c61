extension BusinessCalendar {
    /// The instant a local date begins in the policy's time zone (the first moment that exists
    /// that day, should midnight be skipped).
    public func start(of date: CivilDate) -> Instant {
        let spans = spans(of: [OpeningInterval(start: 0, end: 1440)], onDay: date.dayNumber)
        return Instant(secondsSince1970: spans.first?.start ?? date.dayNumber * 86_400)
    }

    /// The local month around `instant`: when it began and when the next one begins.
    public func month(of instant: Instant) -> (start: Instant, end: Instant) {
        let date = localTime(of: instant).date
        let first = CivilDate(year: date.year, month: date.month, day: 1)
        let next = date.month == 12 ? CivilDate(year: date.year + 1, month: 1, day: 1)
            : CivilDate(year: date.year, month: date.month + 1, day: 1)
        return (start(of: first), start(of: next))
    }
}

extension BusinessCalendar {
    /// The instant of a local wall-clock time (`minute` after midnight) on a local date; nil for a
    /// time the clocks skip (the spring-forward hour).
    public func instant(of date: CivilDate, minute: Int) -> Instant? {
        guard (0..<1440).contains(minute) else { return nil }
        let spans = spans(of: [OpeningInterval(start: minute, end: minute + 1)], onDay: date.dayNumber)
        return spans.first.map { Instant(secondsSince1970: $0.start) }
    }
}
