/// Someone about to book, as far as the desk knows them.
public struct Booker: Sendable, Equatable {
    /// Their plan, when the desk knows them (by the signed link from their emails); nil for a stranger.
    public var plan: Plan?
    /// Booking for a matter the policy judged urgent (it may use the reserve before its release).
    public var isUrgent: Bool

    public init(plan: Plan?, isUrgent: Bool = false) {
        self.plan = plan
        self.isUrgent = isUrgent
    }

    /// Someone the desk does not know yet.
    public static let stranger = Booker(plan: nil)

    public var isExistingCustomer: Bool { plan != nil }
    /// Whether the reserve is open to them before its release.
    public var mayUseReserve: Bool { isUrgent || plan?.urgentAccess == true }
}

/// An appointment already in the calendar, as the free slots see it.
public struct BookedTime: Sendable, Equatable {
    public var start: Instant
    public var end: Instant
    /// The bookable kind a customer booked it as (its buffers are kept free, it counts towards the
    /// kind's caps); nil for an appointment the owner entered.
    public var kindID: String?
    public var label: String

    public init(start: Instant, end: Instant, kindID: String? = nil, label: String) {
        self.start = start
        self.end = end
        self.kindID = kindID
        self.label = label
    }
}

/// A time a customer may book: the appointment itself, without its buffers.
public struct FreeSlot: Sendable, Equatable, Hashable {
    public var start: Instant
    public var end: Instant

    public init(start: Instant, end: Instant) {
        self.start = start
        self.end = end
    }
}

/// What one kind offers one customer, with why.
public struct SlotOffer: Sendable, Equatable {
    public var kind: BookableKind
    /// Every free start, earliest first.
    public var slots: [FreeSlot]
    /// Why this customer may not book this kind at all; nil when they may.
    public var refusal: String?
    /// Why days offer less than their open time: closed, full, the reserve held back, the notice.
    public var reasons: [String]
}

/// The free time of the owner's day offered for booking. Pure: the policy, the kind, the
/// customer, the moment and the appointments already booked in; the slots and their reasons out.
///
/// A day offers its open hours minus the focus blocks, the response windows, the appointments
/// with their buffers and the emergency buffer (never offered); the policy's further reserve is
/// taken from the day's latest free time and held back until its release on the day before,
/// except for urgent matters and plans with urgent access. Starts fall on the quarter hours of the
/// business's clock, at least the kind's notice (in open hours) after now, at most its days ahead,
/// within its daily and weekly caps and the day's meeting-time limit.
public enum FreeSlots {
    /// Starts are offered on the quarter hours of the business's clock.
    public static let step: Int64 = 15 * 60

    /// The slots of `kind` for `booker` at `now`, around `booked`; with `only`, those of that local date alone.
    public static func offer(kind: BookableKind, policy: Policy, calendar: BusinessCalendar, booker: Booker, now: Instant,
                             booked: [BookedTime], only: CivilDate? = nil) -> SlotOffer {
        if let refusal = refusal(kind: kind, booker: booker, policy: policy) {
            return SlotOffer(kind: kind, slots: [], refusal: refusal, reasons: [refusal])
        }
        guard let earliest = calendar.adding(kind.notice, to: now) else {
            return SlotOffer(kind: kind, slots: [], refusal: nil, reasons: ["the business has no open hours ahead"])
        }
        let rules = policy.booking
        let today = calendar.localTime(of: now).date
        let lastDay = today.adding(days: Int64(kind.daysAhead))
        var slots: [FreeSlot] = []
        var reasons: [String] = []
        if kind.notice.seconds > 0 {
            reasons.append("\(kind.name) is booked at least \(kind.notice.spokenDescription) of open hours ahead: "
                           + "from \(calendar.spoken(earliest))")
        }
        let blocks = Self.blocks(booked, rules: rules)
        var date = calendar.localTime(of: earliest).date
        while date <= lastDay {
            defer { date = date.adding(days: 1) }
            if let only, date != only { continue }
            let dayStart = calendar.start(of: date), dayEnd = calendar.start(of: date.adding(days: 1))
            let spoken = calendar.locale.date(date)
            let thatDay = blocks.filter { $0.start < dayEnd && dayStart < $0.end }
            let plan = DayPlan.make(policy: policy, calendar: calendar, date: date, appointments: thatDay)
            guard !plan.open.isEmpty else { continue }
            let sameKind = booked.filter { $0.kindID == kind.id }
            if let cap = kind.perDay, sameKind.filter({ $0.start >= dayStart && $0.start < dayEnd }).count >= cap {
                reasons.append("\(spoken): the \(cap) \(kind.name) a day are booked")
                continue
            }
            if let cap = kind.perWeek {
                let monday = date.adding(days: -Int64(date.weekday.rawValue))
                let weekStart = calendar.start(of: monday), weekEnd = calendar.start(of: monday.adding(days: 7))
                if sameKind.filter({ $0.start >= weekStart && $0.start < weekEnd }).count >= cap {
                    reasons.append("\(spoken): the \(cap) \(kind.name) a week are booked")
                    continue
                }
            }
            if let limit = policy.day.maxMeetingTime {
                let meetings = booked.filter { $0.start >= dayStart && $0.start < dayEnd }
                    .reduce(Int64(0)) { $0 + $1.end.secondsSince1970 - $1.start.secondsSince1970 }
                if meetings + kind.length.seconds > limit.seconds {
                    reasons.append("\(spoken): the day's \(limit.spokenDescription) of meetings would be exceeded")
                    continue
                }
            }
            var free = DayPlan.gaps(in: plan.open.map { ($0.start.secondsSince1970, $0.end.secondsSince1970) },
                                    minus: plan.blocks.map { ($0.start.secondsSince1970, $0.end.secondsSince1970) })
            if rules.reserve.seconds > 0, !booker.mayUseReserve,
               let release = calendar.instant(of: date.adding(days: -1), minute: rules.releaseAt), now < release {
                free = holdingBack(rules.reserve.seconds, fromTheEndOf: free)
                reasons.append("\(spoken): \(rules.reserve.spokenDescription) is kept for urgent matters until "
                               + "\(calendar.spoken(release))")
            }
            for (start, end) in free {
                var candidate = max(start + kind.bufferBefore.seconds, earliest.secondsSince1970)
                candidate = onTheQuarter(candidate, calendar: calendar)
                while candidate + kind.length.seconds + kind.bufferAfter.seconds <= end {
                    slots.append(FreeSlot(start: Instant(secondsSince1970: candidate),
                                          end: Instant(secondsSince1970: candidate + kind.length.seconds)))
                    candidate += step
                }
            }
        }
        return SlotOffer(kind: kind, slots: slots, refusal: nil, reasons: reasons)
    }

    /// Each booked appointment as it takes time from the day: with the buffers of its kind.
    static func blocks(_ booked: [BookedTime], rules: BookingRules) -> [DayBlock] {
        booked.map { appointment in
            let kind = appointment.kindID.flatMap { rules.kind(id: $0) }
            return DayBlock(kind: .appointment, start: appointment.start - (kind?.bufferBefore ?? .zero),
                            end: appointment.end + (kind?.bufferAfter ?? .zero), label: appointment.label)
        }
    }

    /// Why `booker` may not book `kind`, or nil.
    public static func refusal(kind: BookableKind, booker: Booker, policy: Policy) -> String? {
        switch kind.audience {
        case .everyone:
            return nil
        case .existingCustomers:
            return booker.isExistingCustomer ? nil : "\(kind.name) is for existing customers"
        case .plans(let ids):
            if let plan = booker.plan, ids.contains(plan.id) { return nil }
            let names = ids.compactMap { policy.plan(id: $0)?.name }
            return "\(kind.name) is part of the \(names.joined(separator: " and ")) plan\(names.count == 1 ? "" : "s")"
                + (booker.plan.map { ", not \($0.name)" } ?? "")
        }
    }

    /// `free` without its last `seconds`, taken from the latest stretch backwards.
    static func holdingBack(_ seconds: Int64, fromTheEndOf free: [(Int64, Int64)]) -> [(Int64, Int64)] {
        var left = seconds
        var kept = free
        while left > 0, let last = kept.last {
            let length = last.1 - last.0
            if length <= left {
                kept.removeLast()
                left -= length
            } else {
                kept[kept.count - 1] = (last.0, last.1 - left)
                left = 0
            }
        }
        return kept
    }

    /// The first quarter hour of the business's clock at or after `seconds`.
    static func onTheQuarter(_ seconds: Int64, calendar: BusinessCalendar) -> Int64 {
        let local = seconds + Int64(calendar.utcOffset(at: Instant(secondsSince1970: seconds)))
        let over = ((local % step) + step) % step
        return over == 0 ? seconds : seconds + step - over
    }
}
