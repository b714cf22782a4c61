extension BusinessCalendar {
    /// The calendar of the hours the owner takes urgent matters in: the opening hours, every
    /// hour of every day, or a daily span (holidays do not stop urgent help).
    public var urgentCalendar: BusinessCalendar { urgentHoursCalendar ?? self }

    /// The urgent hours in words: "at any time", "7:00 AM–10:00 PM every day", "during opening hours".
    public var spokenUrgentHours: String {
        switch urgentHours {
        case .always: "at any time, day or night"
        case .openingHours: "during opening hours"
        case .daily(let span): locale.timeRange(span.start, span.end) + " every day"
        }
    }

    /// When a customer whose urgent matter the owner is alerted to will hear back.
    ///
    /// With `respondWithin` (the policy's `urgent.respond_within`): that much real time after the
    /// message when it arrives during the urgent hours; otherwise that much after the urgent hours
    /// start again. Without it: the plan's own first-response deadline, never held for a response
    /// window. Either way urgent replies are not held, so no window or reply delay applies.
    public func urgentPromise(received: Instant, respondWithin: TimeSpan?, plan: Plan) -> Promise? {
        guard let within = respondWithin else {
            guard let deadline = firstResponseDeadline(received: received, promise: plan.firstResponse) else { return nil }
            return Promise(due: deadline, deadline: deadline, window: nil, reasons: [
                "urgent: the \(plan.name) plan promises a first response within \(plan.firstResponse), which is "
                    + "\(spoken(deadline)); urgent replies are never held for a response window",
            ])
        }
        let hours = urgentCalendar
        if hours.isOpen(at: received) {
            let due = received + within
            return Promise(due: due, deadline: due, window: nil, reasons: [
                "urgent: the policy promises an answer within \(within.spokenDescription) \(spokenUrgentHours), "
                    + "which is \(spoken(due))",
            ])
        }
        guard let start = hours.nextOpening(atOrAfter: received) else { return nil }
        let due = start + within
        return Promise(due: due, deadline: due, window: nil, reasons: [
            "urgent: it arrived outside the urgent hours (\(spokenUrgentHours)), which start again \(spoken(start)), "
                + "so the answer is promised within \(within.spokenDescription) of then, by \(spoken(due))",
        ])
    }
}
