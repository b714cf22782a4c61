/// Whether a booking fits the customer's plan: a plan with a monthly allowance of the owner's
/// time covers a booking only as far as the month's allowance goes (the time already used, and
/// their other bookings still to come that month, counted first). Past it, the customer is told
/// before confirming what the extra time costs — at the hourly price of the policy's first service
/// priced by the hour — and books only when they accept it. Pure.
public enum BookingAllowance {
    /// The part of a booking past the allowance, and what it costs.
    public struct Extra: Sendable, Equatable {
        /// The month the booking falls in, whose allowance it would pass.
        public var month: ReportMonth
        public var allowance: TimeSpan
        /// Used already, and booked still to come, that month.
        public var used: TimeSpan
        public var booked: TimeSpan
        /// The part of the booking past the allowance.
        public var time: TimeSpan
        /// The hourly price it is charged at, and what it comes to (nil when no service is priced by the hour).
        public var centsPerHour: Int64?
        public var cents: Int64?
        /// For the customer, before they confirm.
        public var words: String
        /// For the charge recorded when they accept.
        public var chargeDescription: String
    }

    /// The first hourly price in the policy's services, with its service's name.
    public static func hourlyPrice(_ policy: Policy) -> (service: String, cents: Int64)? {
        policy.services.lazy.compactMap { service -> (String, Int64)? in
            if case .amount(let cents, let unit) = service.price, unit?.lowercased() == "hour" { return (service.name, cents) }
            return nil
        }.first
    }

    /// The extra a booking of `kind` at `start` would bring for a customer on `plan` who has
    /// `used` of that month's allowance and has `booked` still to come; nil when it fits (or the
    /// plan has no allowance, or the desk does not know the customer).
    public static func extra(kind: BookableKind, start: Instant, plan: Plan?, used: TimeSpan, booked: TimeSpan,
                             policy: Policy, calendar: BusinessCalendar) -> Extra? {
        guard let plan, let allowance = plan.monthlyAllowance, allowance.seconds > 0 else { return nil }
        let before = used + booked
        let after = before + kind.length
        guard after > allowance else { return nil }
        let over = TimeSpan(seconds: min(kind.length.seconds, after.seconds - max(before.seconds, allowance.seconds)))
        let month = ReportMonth.containing(start, calendar: calendar)
        let hourly = hourlyPrice(policy)
        let cents = hourly.map { (over.seconds * $0.cents + 1_800) / 3_600 }
        let usedWords = (used.seconds == 0 ? "no time yet" : used.spokenDescription)
            + (booked.seconds > 0 ? " and have \(booked.spokenDescription) more booked" : "")
        let cost = hourly.map { "at \(policy.business.money($0.cents)) an hour: \(policy.business.money(cents ?? 0))" }
            ?? "at a price we agree"
        let words = "Your \(plan.name) plan includes \(allowance.spokenDescription) of our time each month. In "
            + "\(month.name) you have used \(usedWords), so \(over.spokenDescription) of this \(kind.name) would be extra, "
            + "\(cost)."
        let description = "Extra time accepted when booking: \(over.spokenDescription) of \(kind.name) on "
            + "\(calendar.spoken(start)), past the \(plan.name) plan's \(allowance.spokenDescription) for \(month.name)"
            + (hourly.map { ", at \(policy.business.money($0.cents)) an hour (\($0.service))" } ?? "")
        return Extra(month: month, allowance: allowance, used: used, booked: booked, time: over,
                     centsPerHour: hourly?.cents, cents: cents, words: words, chargeDescription: description)
    }
}
