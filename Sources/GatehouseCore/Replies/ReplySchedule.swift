/// When a reply the owner has written goes out, and why then.
public struct ReplyTiming: Sendable, Equatable {
    /// The instant the outbox may hand it to the mail server.
    public var sendAt: Instant
    /// The reason in plain words: "next response window, Monday 10:30".
    public var reason: String

    public init(sendAt: Instant, reason: String) {
        self.sendAt = sendAt
        self.reason = reason
    }
}

/// "Responsive, but not too responsive": a reply waits for the start of the first response
/// window that keeps the policy's minimum delay after the customer's message, unless the matter
/// is urgent or the owner says "send now" — and never past the answer the customer was promised:
/// the promise outranks the delay, as it did when the promise was made.
public enum ReplySchedule {
    /// When a reply written at `written` goes out. `customerWrote` is when the customer's latest
    /// message arrived (nil when the owner writes first); `promise` the answer the conversation
    /// owes (the ledger's open promise), if any.
    public static func timing(written: Instant, customerWrote: Instant?, promise: Instant? = nil, urgent: Bool, sendNow: Bool,
                              calendar: BusinessCalendar) -> ReplyTiming {
        if sendNow { return ReplyTiming(sendAt: written, reason: "sent at once, as the owner asked") }
        if urgent { return ReplyTiming(sendAt: written, reason: "urgent: goes out at once") }
        let delayEnds = (customerWrote ?? written) + calendar.minimumReplyDelay
        let earliest = Swift.max(written, delayEnds)
        guard let window = calendar.nextResponseWindow(atOrAfter: earliest) else {
            if earliest == written {
                return ReplyTiming(sendAt: written, reason: "the policy has no response windows: goes out at once")
            }
            return ReplyTiming(sendAt: earliest, reason: "the policy has no response windows: goes out once the minimum reply "
                               + "delay of \(calendar.minimumReplyDelay.spokenDescription) has passed, \(when(earliest, from: written, calendar))")
        }
        if let promise, window.end > promise, written <= promise {
            // The delay would break the promise: the last chance that keeps it.
            let promised = "the customer was promised an answer by \(calendar.spoken(promise)), which outranks the minimum reply delay"
            if let sooner = calendar.nextResponseWindow(atOrAfter: written), sooner.end <= promise {
                return ReplyTiming(sendAt: sooner.start,
                                   reason: "response window \(when(sooner.start, from: written, calendar)): " + promised)
            }
            return ReplyTiming(sendAt: written, reason: "goes out at once: " + promised + ", and no response window is left before then")
        }
        var reason = "next response window, \(when(window.start, from: written, calendar))"
        if delayEnds > written, let sooner = calendar.nextResponseWindow(atOrAfter: written), sooner.start < window.start {
            reason += " (the \(calendar.clock(sooner.start)) window is sooner than the minimum "
                + "reply delay of \(calendar.minimumReplyDelay.spokenDescription) allows)"
        }
        return ReplyTiming(sendAt: window.start, reason: reason)
    }

    /// "15:30" on the same local day, "Monday 10:30" within a week, else with the date.
    static func when(_ instant: Instant, from reference: Instant, _ calendar: BusinessCalendar) -> String {
        calendar.relative(instant, from: reference, sameDay: "")
    }
}
