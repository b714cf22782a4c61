extension BusinessCalendar {
    /// An instant as the owner would say it, from `reference`, in the business's time zone:
    /// "today 15:30" (or just "15:30" when `sameDay` is empty), "tomorrow 10:30", "yesterday 10:30",
    /// "Monday 10:30" within the coming week, else the weekday with the date.
    public func relative(_ instant: Instant, from reference: Instant, sameDay: String = "today ") -> String {
        let local = localTime(of: instant)
        let clock = ClockTime.text(local.minuteOfDay)
        let days = local.date.dayNumber - localTime(of: reference).date.dayNumber
        switch days {
        case 0: return sameDay + clock
        case 1: return "tomorrow \(clock)"
        case -1: return "yesterday \(clock)"
        case 2..<7: return "\(local.date.weekday.name) \(clock)"
        default: return "\(local.date.weekday.name) \(local.date) \(clock)"
        }
    }
}
