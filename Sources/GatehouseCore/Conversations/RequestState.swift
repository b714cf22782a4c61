/// What a customer's status page says about their request, in one sentence: closed; answered
/// (and whether in time); for an urgent matter, that the owner was alerted or has seen it; the
/// promise still ahead; a promise that has passed (said plainly, with thanks); or simply with
/// the business. Pure.
public enum RequestState {
    /// Where the owner's alert about an urgent request stands.
    public enum Alert: Sendable, Equatable {
        /// The owner was alerted (or will be, when their urgent hours start).
        case sent
        /// The owner tapped "I've got it".
        case acknowledged
    }

    /// - Parameters:
    ///   - answeredAt: when the business's latest reply left, if it came after the customer's
    ///     latest message.
    ///   - spoken: writes a moment the business's way ("Tuesday, December 1 at 4:15 PM").
    ///   - zone: the city of the business's time zone ("New York").
    ///   - alert: for an urgent request the owner was alerted to, where the alert stands.
    public static func sentence(isOpen: Bool, promise: Instant?, answeredAt: Instant?, alert: Alert? = nil, now: Instant,
                                business: String, zone: String, spoken: (Instant) -> String) -> String {
        if !isOpen { return "This request is closed." }
        if let answeredAt {
            let kept = promise.map { answeredAt <= $0 } ?? false
            return "\(business) answered on \(spoken(answeredAt))\(kept ? ", as promised" : ""). "
                + "If you write again, you will be told when to expect the next answer."
        }
        switch alert {
        case .acknowledged?:
            return "\(business) has seen your message and is on it."
                + (promise.map { $0 >= now ? " You will hear back by \(spoken($0)) (\(zone) time)." : "" } ?? "")
        case .sent?:
            if let promise, promise >= now {
                return "\(business) has been alerted and will get back to you by \(spoken(promise)) (\(zone) time)."
            }
            if promise == nil { return "\(business) has been alerted." }
        case nil:
            break
        }
        if let promise, promise >= now { return "You will hear back by \(spoken(promise)) (\(zone) time)." }
        if let promise {
            return "You were promised an answer by \(spoken(promise)) (\(zone) time). It is on its way; thank you for your patience."
        }
        return "Your request is with \(business)."
    }
}
