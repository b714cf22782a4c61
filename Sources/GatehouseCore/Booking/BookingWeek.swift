/// How much of a week customers can still book, how much is booked, and how much is held in
/// reserve (the emergency buffer, never offered, and the policy's reserve until its release): the
/// owner's view of the booking page's week. Pure, from the same day plans the free slots use.
public struct BookingWeek: Sendable, Equatable {
    public struct Day: Sendable, Equatable {
        public var date: CivilDate
        /// Free time still offered from now on (on any kind's quarter hours, before caps and notice).
        public var bookable: TimeSpan
        /// Appointments that day.
        public var booked: TimeSpan
        /// The emergency buffer, and the reserve while it is held back.
        public var reserved: TimeSpan
        /// Whether the business is open that day at all.
        public var isOpen: Bool
    }

    public var days: [Day]
    public var bookable: TimeSpan { days.reduce(.zero) { $0 + $1.bookable } }
    public var booked: TimeSpan { days.reduce(.zero) { $0 + $1.booked } }
    public var reserved: TimeSpan { days.reduce(.zero) { $0 + $1.reserved } }

    /// "8 hours 15 minutes bookable, 2 hours 20 minutes booked, 10 hours held in reserve".
    public var words: String {
        "\(bookable.spokenDescription) bookable, \(booked.spokenDescription) booked, "
            + "\(reserved.spokenDescription) held in reserve"
    }

    /// The seven days from `monday`, as they stand at `now`, around `booked`.
    public static func of(monday: CivilDate, policy: Policy, calendar: BusinessCalendar, booked: [BookedTime],
                          now: Instant) -> BookingWeek {
        let rules = policy.booking
        let blocks = FreeSlots.blocks(booked, rules: rules)
        let days = (0..<7).map { offset -> Day in
            let date = monday.adding(days: Int64(offset))
            let dayStart = calendar.start(of: date), dayEnd = calendar.start(of: date.adding(days: 1))
            let plan = DayPlan.make(policy: policy, calendar: calendar, date: date,
                                    appointments: blocks.filter { $0.start < dayEnd && dayStart < $0.end })
            let bookedTime = booked.filter { $0.start >= dayStart && $0.start < dayEnd }
                .reduce(TimeSpan.zero) { $0 + ($1.end - $1.start) }
            guard !plan.open.isEmpty else { return Day(date: date, bookable: .zero, booked: bookedTime, reserved: .zero, isOpen: false) }
            let buffer = plan.blocks.filter { $0.kind == .buffer }.reduce(TimeSpan.zero) { $0 + ($1.end - $1.start) }
            var free = DayPlan.gaps(in: plan.open.map { ($0.start.secondsSince1970, $0.end.secondsSince1970) },
                                    minus: plan.blocks.map { ($0.start.secondsSince1970, $0.end.secondsSince1970) })
            var reserve = TimeSpan.zero
            if rules.reserve.seconds > 0,
               let release = calendar.instant(of: date.adding(days: -1), minute: rules.releaseAt), now < release {
                let before = free.reduce(Int64(0)) { $0 + $1.1 - $1.0 }
                free = FreeSlots.holdingBack(rules.reserve.seconds, fromTheEndOf: free)
                reserve = TimeSpan(seconds: before - free.reduce(Int64(0)) { $0 + $1.1 - $1.0 })
            }
            // From the next whole minute on; a day already over holds nothing back any more.
            let from = (now.secondsSince1970 + 59) / 60 * 60
            let ahead = free.map { (max($0.0, from), $0.1) }.filter { $0.0 < $0.1 }
            let bookable = TimeSpan(seconds: ahead.reduce(Int64(0)) { $0 + $1.1 - $1.0 })
            return Day(date: date, bookable: bookable, booked: bookedTime,
                       reserved: dayEnd <= now ? .zero : buffer + reserve, isOpen: true)
        }
        return BookingWeek(days: days)
    }
}
