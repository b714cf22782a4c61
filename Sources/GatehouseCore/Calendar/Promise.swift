/// What Gatehouse tells a customer: "you'll hear from me by …", with the
/// reasons in plain words so the owner can see why.
public struct Promise: Sendable, Equatable {
    /// The latest instant the customer will hear back by.
    public var due: Instant
    /// The plan's own deadline for a first response.
    public var deadline: Instant
    /// The response window the reply is planned for, when there is one.
    public var window: ResponseWindow?
    /// Why `due` is what it is, one sentence each.
    public var reasons: [String]
}

extension BusinessCalendar {
    /// The latest instant a plan allows for a first response to a message received at `received`.
    ///
    /// "N business hours" (or minutes) is open time added with `adding(_:to:)`.
    /// "N business days" means by the close of the Nth *full* business day after the
    /// message: a day counts when all of its open time lies after the message
    /// (with an 08:00 opening, a message on Monday at 09:00 with "1 business day" is due
    /// at Tuesday's close; one sent on Monday at 07:00, before opening, at Monday's close).
    public func firstResponseDeadline(received: Instant, promise: FirstResponse) -> Instant? {
        switch promise {
        case .businessTime(let span):
            return adding(span, to: received)
        case .businessDays(let count):
            let t = received.secondsSince1970
            var day = localTime(of: received).date.dayNumber - 1
            var counted = 0
            // Ten years of closed days means the business never opens again.
            for _ in 0..<3660 {
                day += 1
                let spans = openSpans(onDay: day)
                guard let first = spans.first?.start, let last = spans.map(\.end).max() else { continue }
                if first >= t {
                    counted += 1
                    if counted == count { return Instant(secondsSince1970: last) }
                }
            }
            return nil
        }
    }

    /// When a customer who writes at `received` on `plan` will hear back.
    ///
    /// With response windows: the end of the first window that starts at least the
    /// minimum reply delay (real time) after the message, unless that is later than
    /// the plan's deadline, in which case the last window that still ends by the
    /// deadline, or the deadline itself when no window fits. Without windows: the
    /// plan's deadline.
    public func promise(received: Instant, plan: Plan) -> Promise? {
        guard let deadline = firstResponseDeadline(received: received, promise: plan.firstResponse) else {
            return nil
        }
        let planReason = "the \(plan.name) plan promises a first response within \(plan.firstResponse), "
            + "which is \(spoken(deadline))"
        guard !windowStarts.isEmpty else {
            return Promise(due: deadline, deadline: deadline, window: nil,
                           reasons: [planReason, "replies are not held for response windows"])
        }
        let earliest = received + minimumReplyDelay
        if let window = nextResponseWindow(atOrAfter: earliest), window.end <= deadline {
            let delayReason = minimumReplyDelay.seconds > 0
                ? "replies wait at least \(minimumReplyDelay.spokenDescription) and go out in the next response window, "
                : "replies go out in the next response window, "
            return Promise(due: window.end, deadline: deadline, window: window,
                           reasons: [delayReason + "\(spoken(window.start))–\(clock(window.end))", planReason])
        }
        // The plan's promise outranks the reply delay: use the last window that still keeps it.
        var best: ResponseWindow?
        var cursor = received
        while let window = nextResponseWindow(atOrAfter: cursor), window.end <= deadline {
            best = window
            cursor = window.start + TimeSpan(seconds: 1)
        }
        if let best {
            return Promise(due: best.end, deadline: deadline, window: best,
                           reasons: [planReason, "so the reply goes out in the earlier response window, "
                                     + "\(spoken(best.start))–\(clock(best.end)), sooner than the usual reply delay"])
        }
        return Promise(due: deadline, deadline: deadline, window: nil,
                       reasons: [planReason, "no response window ends before then, so the reply is due by the deadline itself"])
    }

    /// "Tuesday, December 1 at 4:15 PM" in the policy's time zone and the business's locale.
    public func spoken(_ instant: Instant) -> String {
        let local = localTime(of: instant)
        return locale.dayAndTime(local.date, local.minuteOfDay)
    }

    /// "4:15 PM": the time of day alone, in the business's locale.
    public func clock(_ instant: Instant) -> String {
        locale.time(localTime(of: instant).minuteOfDay)
    }

    /// "Tuesday, December 1, 2026": the local date, in the business's locale.
    public func spokenDate(_ instant: Instant) -> String {
        locale.date(localTime(of: instant).date)
    }
}
