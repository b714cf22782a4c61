extension BusinessCalendar {
    /// An instant as the owner would say it, from `reference`, in the business's time zone and
    /// locale: "today 3:30 PM" (or just "3:30 PM" when `sameDay` is empty), "tomorrow 10:30 AM",
    /// "yesterday 10:30 AM", "Monday 10:30 AM" within the coming week, else the day with its date.
    public func relative(_ instant: Instant, from reference: Instant, sameDay: String = "today ") -> String {
        let local = localTime(of: instant)
        let clock = locale.time(local.minuteOfDay)
        let days = local.date.dayNumber - localTime(of: reference).date.dayNumber
        switch days {
        case 0: return sameDay + clock
        case 1: return "tomorrow \(clock)"
        case -1: return "yesterday \(clock)"
        case 2..<7: return "\(locale.weekday(local.date.weekday)) \(clock)"
        default: return locale.dayAndTime(local.date, local.minuteOfDay)
        }
    }
}
