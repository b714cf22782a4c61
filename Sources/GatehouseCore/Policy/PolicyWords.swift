/// Small pieces of plain English shared by the policy summary and explanation.
enum PolicyWords {
    /// Runs of consecutive weekdays with the same hours: [(Mon…Thu, intervals), (Fri, …)].
    static func dayGroups(_ hours: WeeklyHours) -> [(first: Weekday, last: Weekday, intervals: [OpeningInterval])] {
        var groups: [(Weekday, Weekday, [OpeningInterval])] = []
        for day in Weekday.allCases {
            if let last = groups.last, last.2 == hours[day], last.1.next == day {
                groups[groups.count - 1].1 = day
            } else {
                groups.append((day, day, hours[day]))
            }
        }
        return groups.map { (first: $0.0, last: $0.1, intervals: $0.2) }
    }

    static func dayRange(_ first: Weekday, _ last: Weekday, short: Bool, locale: BusinessLocale? = nil) -> String {
        let name: (Weekday) -> String = { short ? String($0.name.prefix(3)) : locale?.weekday($0) ?? $0.name }
        if first == last { return name(first) }
        if first.next == last { return name(first) + (short ? ", " : " and ") + name(last) }
        return name(first) + (short ? "–" : " to ") + name(last)
    }

    /// `08:00–12:00, 13:00–17:30` or `closed`.
    static func intervals24(_ intervals: [OpeningInterval]) -> String {
        intervals.isEmpty ? "closed" : intervals.map {
            ClockTime.text($0.start) + "–" + ClockTime.text($0.end == 1440 ? 1440 : $0.end % 1440)
                + ($0.isOvernight ? " (next day)" : "")
        }.joined(separator: ", ")
    }

    /// `8:00 AM – 12:00 PM and 1:00 PM – 5:30 PM`, in the business's locale.
    static func intervalsSpoken(_ intervals: [OpeningInterval], locale: BusinessLocale) -> String {
        if intervals.isEmpty { return "closed" }
        let parts = intervals.map { interval -> String in
            if interval.start == 0 && interval.end == 1440 { return "open all day" }
            return locale.timeRange(interval.start, interval.end)
                + (interval.isOvernight ? " the next morning" : "")
        }
        return list(parts)
    }

    /// "a, b and c".
    static func list(_ items: [String], conjunction: String = "and") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
        }
    }

    /// "$120 an hour", "€4,800 a project", "a quote".
    static func money(_ price: Price, of business: Business) -> String {
        switch price {
        case .quote: return "priced by quote"
        case .amount(let cents, let unit):
            let amount = business.price(cents)
            guard let unit else { return amount }
            let article = ["hour"].contains(unit) ? "an" : "a"
            return "\(amount) \(article) \(unit)"
        }
    }

    static func closureDates(_ closure: Closure, locale: BusinessLocale) -> String {
        closure.first == closure.last ? locale.date(closure.first)
            : "\(locale.date(closure.first)) to \(locale.date(closure.last))"
    }
}
