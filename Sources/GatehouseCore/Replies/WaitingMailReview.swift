/// What to do with an email that waited while the desk could not send — sending not yet set up,
/// or back after a long failure — before anything of it leaves. Nothing is sent that has
/// become untrue: an acknowledgement whose promise has passed is written again with a fresh
/// promise (or dropped), a reply whose window is long gone asks the owner first, and an old
/// alert to the owner is dropped because the desk's pages already show it. Pure.
public enum WaitingMailReview {
    /// What the desk knows about one waiting email.
    public struct Facts: Sendable {
        public var purpose: MailPurpose
        /// When it was written, and when it was due to leave.
        public var written: Instant
        public var dueToLeave: Instant
        /// For an acknowledgement: its text, the promise it made, and the plan a fresh promise
        /// follows.
        public var text: String
        public var promised: Instant?
        public var plan: Plan?
        /// The owner has answered the conversation since.
        public var answered: Bool

        public init(purpose: MailPurpose, written: Instant, dueToLeave: Instant, text: String = "",
                    promised: Instant? = nil, plan: Plan? = nil, answered: Bool = false) {
            self.purpose = purpose
            self.written = written
            self.dueToLeave = dueToLeave
            self.text = text
            self.promised = promised
            self.plan = plan
            self.answered = answered
        }
    }

    /// The decision, with the reason the owner reads.
    public enum Decision: Sendable, Equatable {
        /// It is still true: send it as it is.
        case send(reason: String)
        /// Send this text instead, with its fresh promise.
        case rewrite(text: String, promise: Instant, reason: String)
        /// Do not send it.
        case drop(reason: String)
        /// Keep it until the owner decides.
        case ask(reason: String)

        public var reason: String {
            switch self {
            case .send(let reason), .drop(let reason), .ask(let reason), .rewrite(_, _, let reason): reason
            }
        }

        /// One word for the page: send, rewrite, drop, ask.
        public var name: String {
            switch self {
            case .send: "send"
            case .rewrite: "rewrite"
            case .drop: "drop"
            case .ask: "ask"
            }
        }
    }

    /// An alert to the owner older than this is not worth an email: the pages show it.
    public static let alertFreshFor = TimeSpan.hours(1)
    /// A reply that missed its moment by more than this asks the owner before it goes.
    public static let replyGrace = TimeSpan.hours(1)
    /// A booking email that waited longer than this asks the owner before it goes.
    public static let bookingFreshFor = TimeSpan.hours(12)

    public static func decide(_ facts: Facts, now: Instant, calendar: BusinessCalendar) -> Decision {
        switch facts.purpose {
        case .ownerAlert:
            if now - facts.written > alertFreshFor {
                return .drop(reason: "an alert to you from \(calendar.spoken(facts.written)); "
                             + "the desk's pages already show what it was about")
            }
            return .send(reason: "a recent alert to you")
        case .reply:
            if now - facts.dueToLeave > replyGrace {
                return .ask(reason: "your reply was due to leave \(calendar.spoken(facts.dueToLeave)) and has waited "
                            + "since; check it still fits before it goes")
            }
            return .send(reason: "your reply, due to leave \(calendar.spoken(facts.dueToLeave))")
        case .booking:
            // A booking's confirmation, change or reminder is only worth sending while it is news.
            if now - facts.dueToLeave > bookingFreshFor {
                return .ask(reason: "a booking email due to leave \(calendar.spoken(facts.dueToLeave)); check the booking "
                            + "still stands before it goes")
            }
            return .send(reason: "a booking email, due to leave \(calendar.spoken(facts.dueToLeave))")
        case .acknowledgement:
            if facts.answered {
                return .drop(reason: "you have answered this customer since, so the acknowledgement would only confuse")
            }
            guard let promised = facts.promised, promised <= now else {
                let kept = facts.promised.map { "its promise, by \(calendar.spoken($0)), still holds" }
                    ?? "it makes no promise of a time"
                return .send(reason: kept)
            }
            let old = calendar.spoken(promised)
            guard let plan = facts.plan, let fresh = calendar.promise(received: now, plan: plan),
                  facts.text.contains(old) else {
                return .drop(reason: "its promise, by \(old), has passed, and it cannot be written again with a new one")
            }
            let new = calendar.spoken(fresh.due)
            return .rewrite(text: facts.text.replacingOccurrences(of: old, with: new), promise: fresh.due,
                            reason: "its promise, by \(old), has passed; it is written again to promise by \(new)")
        }
    }
}
