import Foundation

/// Whether a call, meeting or site visit may go on the day where the owner wants it: it must sit
/// in open hours and leave the focus blocks, the emergency buffer and the other appointments
/// alone, unless the owner overrides with a reason. Pure: the day's plan without the new
/// appointment, its times and the override in, the decision and its reasons out.
public struct AppointmentCheck: Sendable, Equatable {
    /// What the appointment runs into, in local time ("it overlaps the focus block 08:00–10:30").
    public var collisions: [String]
    /// The owner's reason for booking it anyway, when given.
    public var overrideReason: String?
    /// Why it is accepted or refused, in plain words.
    public var reasons: [String]

    public init(collisions: [String], overrideReason: String?, reasons: [String]) {
        self.collisions = collisions
        self.overrideReason = overrideReason
        self.reasons = reasons
    }

    /// True when the appointment may be booked: nothing collides, or the owner gave a reason.
    public var accepted: Bool { collisions.isEmpty || overrideReason != nil }

    /// The refusal for the owner, naming every collision: "it overlaps the focus block 08:00–10:30".
    public var refusal: String? {
        guard !accepted else { return nil }
        return collisions.joined(separator: "; ")
            + ". Choose another time, or give a reason to book it anyway."
    }

    /// Checks an appointment from `start` to `end` against `plan` (the day made from the policy and
    /// the appointments already booked, not this one). `overrideReason` is kept only when it has
    /// words in it.
    public static func check(start: Instant, end: Instant, title: String, plan: DayPlan, policy: Policy,
                             calendar: BusinessCalendar, overrideReason: String? = nil) -> AppointmentCheck {
        let clock = calendar.clock
        func overlaps(_ block: DayBlock) -> Bool { block.start < end && start < block.end }
        var collisions: [String] = []

        // Open hours: every part of the appointment must fall inside an opening of that day.
        let outside = DayPlan.gaps(in: [(start.secondsSince1970, end.secondsSince1970)],
                                   minus: plan.open.map { ($0.start.secondsSince1970, $0.end.secondsSince1970) })
        if plan.open.isEmpty {
            collisions.append("it falls on a closed day (\(calendar.locale.date(plan.date)))")
        } else if !outside.isEmpty {
            let hours = plan.open.map { "\(clock($0.start))–\(clock($0.end))" }.joined(separator: " and ")
            collisions.append("it falls outside the opening hours (\(hours))")
        }
        for block in plan.blocks where block.kind == .focus && overlaps(block) {
            collisions.append("it overlaps the focus block \(clock(block.start))–\(clock(block.end))")
        }
        for block in plan.blocks where block.kind == .appointment && overlaps(block) {
            collisions.append("it overlaps \(block.label) \(clock(block.start))–\(clock(block.end))")
        }
        // The buffer may move to another free stretch; it collides only when the day keeps less
        // of it with this appointment than without.
        if plan.bufferReserved.seconds > 0, !plan.open.isEmpty {
            let before = plan.blocks.first { $0.kind == .buffer }
            let others = plan.blocks.filter { $0.kind == .appointment }
            let after = DayPlan.make(policy: policy, calendar: calendar, date: plan.date,
                                     appointments: others + [DayBlock(kind: .appointment, start: start, end: end, label: title)])
                .blocks.first { $0.kind == .buffer }
            if (after?.length.seconds ?? 0) < (before?.length.seconds ?? 0), let before {
                collisions.append("it takes the emergency buffer \(clock(before.start))–\(clock(before.end)), "
                                  + "and no other free stretch today is long enough for it")
            }
        }
        let reason = overrideReason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let kept = (reason?.isEmpty ?? true) ? nil : reason
        var reasons: [String] = []
        if collisions.isEmpty {
            reasons.append("booked: \(clock(start))–\(clock(end)) is open time clear of focus blocks, the emergency buffer and other appointments")
        } else if let kept {
            reasons.append("booked anyway, because you said: \(kept)")
            reasons.append(contentsOf: collisions)
        } else {
            reasons.append("refused: " + collisions.joined(separator: "; "))
        }
        return AppointmentCheck(collisions: collisions, overrideReason: collisions.isEmpty ? nil : kept, reasons: reasons)
    }
}
