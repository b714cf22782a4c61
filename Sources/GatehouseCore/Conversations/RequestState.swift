/// What a customer's status page says about their request, in one sentence: closed, the promise
/// still ahead, answered, a promise that has passed (said plainly, with thanks), or simply with
/// the business. Pure.
public enum RequestState {
    /// - Parameters:
    ///   - spoken: writes a moment the business's way ("Tuesday, December 1 at 4:15 PM").
    ///   - zone: the city of the business's time zone ("New York").
    public static func sentence(isOpen: Bool, promise: Instant?, answered: Bool, now: Instant, business: String,
                                zone: String, spoken: (Instant) -> String) -> String {
        if !isOpen { return "This request is closed." }
        if let promise, promise >= now { return "You will hear back by \(spoken(promise)) (\(zone) time)." }
        if answered { return "\(business) has answered; if you write again, you will be told when to expect the next answer." }
        if let promise {
            return "You were promised an answer by \(spoken(promise)) (\(zone) time). It is on its way; thank you for your patience."
        }
        return "Your request is with \(business)."
    }
}
