/// How long a call or meeting started now can last: the usual length (the plan's meeting length,
/// or the booked length when it comes from an appointment) or the time left before the owner's
/// next appointment, whichever is shorter. Pure, with its reasons.
public struct TimeBox: Sendable, Equatable {
    /// The length of the box, in whole minutes (at least one).
    public var minutes: Int
    /// True when the next appointment, not the usual length, set the box.
    public var setByNextAppointment: Bool
    /// The next appointment's start in local time ("14:00"), when there is one today.
    public var nextAppointment: String?
    /// Why the box is this long, in plain words.
    public var reasons: [String]

    public init(minutes: Int, setByNextAppointment: Bool, nextAppointment: String?, reasons: [String]) {
        self.minutes = minutes
        self.setByNextAppointment = setByNextAppointment
        self.nextAppointment = nextAppointment
        self.reasons = reasons
    }

    public var length: TimeSpan { .minutes(Int64(minutes)) }

    /// The box for a session starting at `now`. `usual` is the default length and `usualWhy` says
    /// where it comes from ("the Care plan's calls are 30 minutes"); `day` is today's plan with the
    /// booked appointments (without the one this session comes from).
    public static func make(usual: TimeSpan, usualWhy: String, day: DayPlan, now: Instant,
                            calendar: BusinessCalendar) -> TimeBox {
        let usualMinutes = max(1, Int(usual.seconds / 60))
        var reasons = [usualWhy]
        guard let left = day.minutesBeforeNextAppointment(from: now),
              let next = day.blocks.first(where: { $0.kind == .appointment && $0.start > now }) else {
            reasons.append("no other appointment follows today")
            return TimeBox(minutes: usualMinutes, setByNextAppointment: false, nextAppointment: nil, reasons: reasons)
        }
        let at = calendar.clock(next.start)
        reasons.append("your next appointment, \(next.label), starts at \(at), \(left) minute\(left == 1 ? "" : "s") from now")
        if left < usualMinutes {
            reasons.append("so the box is \(max(1, left)) minute\(left == 1 ? "" : "s"), the time left before it")
            return TimeBox(minutes: max(1, left), setByNextAppointment: true, nextAppointment: at, reasons: reasons)
        }
        reasons.append("so the usual \(usualMinutes) minutes fit before it")
        return TimeBox(minutes: usualMinutes, setByNextAppointment: false, nextAppointment: at, reasons: reasons)
    }
}
