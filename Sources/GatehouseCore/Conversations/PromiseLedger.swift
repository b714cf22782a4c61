/// Why the desk made a promise: the plan's first-response time, the urgent rule, or a closure
/// (the business is closed, so the answer comes when it opens again).
public enum PromiseRule: String, Sendable, Equatable, CaseIterable {
    case plan
    case urgent
    case closure
}

/// How a promise ended, or that it has not yet.
public enum PromiseOutcome: String, Sendable, Equatable, CaseIterable {
    /// The customer is still waiting for the answer it promises.
    case open
    /// An answer reached the customer by the promised time.
    case kept
    /// The promised time passed without an answer; `answeredAt` says when one came, if it did.
    case broken
    /// The conversation ended without an answer owed: merged into another, or closed (the
    /// customer said a help article solved it).
    case withdrawn
    /// An urgent follow-up brought the answer forward: a newer, earlier promise replaced it.
    case superseded
}

/// One promise of an answer, as the ledger keeps it: what the customer was told, when, why, and
/// how it ended.
public struct PromiseEntry: Sendable, Equatable {
    public var id: String
    public var conversationID: Conversation.ID
    /// The customer's message that caused it.
    public var messageID: String?
    public var madeAt: Instant
    /// The instant the customer was promised an answer by.
    public var due: Instant
    public var rule: PromiseRule
    /// The acknowledgement's words, when one was sent (a customer acknowledged a moment ago is
    /// not told again; the status page says it).
    public var words: String?
    public var outcome: PromiseOutcome
    /// When it ended (kept or broken by an answer, withdrawn, superseded); nil while open.
    public var endedAt: Instant?
    /// What ended it, in the owner's words ("the reply sent by Gatehouse", "merged into …").
    public var endedBy: String?

    public init(id: String, conversationID: Conversation.ID, messageID: String?, madeAt: Instant, due: Instant,
                rule: PromiseRule, words: String?, outcome: PromiseOutcome = .open, endedAt: Instant? = nil,
                endedBy: String? = nil) {
        self.id = id
        self.conversationID = conversationID
        self.messageID = messageID
        self.madeAt = madeAt
        self.due = due
        self.rule = rule
        self.words = words
        self.outcome = outcome
        self.endedAt = endedAt
        self.endedBy = endedBy
    }

    /// Whether it is broken at `now`: ended broken, or still open with its time passed.
    public func isBroken(at now: Instant) -> Bool {
        outcome == .broken || (outcome == .open && due < now)
    }

    /// Whether it counts in a tally of promises kept at `now`: kept, or broken. Withdrawn and
    /// superseded promises were never owed; an open one whose time has not come is undecided.
    public func isDecided(at now: Instant) -> Bool {
        outcome == .kept || isBroken(at: now)
    }

    /// "Kept: answered Tuesday 10:40", in the business's style.
    public func summary(at now: Instant, spoken: (Instant) -> String) -> String {
        switch outcome {
        case .open:
            return due < now ? "Broken: the answer was due \(spoken(due)) and has not been sent"
                             : "Open: the customer will hear back by \(spoken(due))"
        case .kept:
            return "Kept: answered \(endedAt.map(spoken) ?? "in time")"
        case .broken:
            if let endedAt, endedAt > due { return "Broken: due \(spoken(due)), answered \(spoken(endedAt))" }
            return "Broken: the answer was due \(spoken(due))" + (endedBy.map { "; \($0)" } ?? "")
        case .withdrawn:
            return "Withdrawn" + (endedBy.map { ": \($0)" } ?? "")
        case .superseded:
            return "Replaced by an earlier promise" + (endedBy.map { ": \($0)" } ?? "")
        }
    }
}

/// The rules of the promise ledger: when a customer's message makes a new promise, when an
/// answer keeps one, and what merging conversations does to theirs. Pure: the store applies
/// what these return.
public enum PromiseLedger {
    /// What a customer's message does to the conversation's promises.
    public enum Step: Sendable, Equatable {
        /// No promise stands and none is made (an automatic message, an adopted one, a plan
        /// without a promise).
        case none
        /// A promise is open: the customer is told the standing one again, never a later one.
        case restate(due: Instant)
        /// No promise was open (the first message, or the owner answered the last one): a new one.
        case open(due: Instant)
        /// An urgent follow-up brings the answer forward: the open promise is superseded by this one.
        case bringForward(from: Instant, to: Instant)
        /// The open promise's time had already passed when the customer wrote again: it stays
        /// broken (as of when it lapsed), and the customer is promised anew — never told a time
        /// already gone.
        case renew(lapsed: Instant, due: Instant)

        /// The promise the conversation holds afterwards.
        public var due: Instant? {
            switch self {
            case .none: return nil
            case .restate(let due), .open(let due): return due
            case .bringForward(_, let to): return to
            case .renew(_, let due): return due
            }
        }

        /// Why, in plain words; nil when nothing is promised.
        public var reason: String? {
            switch self {
            case .none:
                return nil
            case .restate:
                return "the answer promised earlier in this conversation stands: a customer writing again "
                    + "while waiting is not promised a later one"
            case .open:
                return "a new promise: nothing was owed in this conversation when the message came"
            case .bringForward:
                return "the answer is brought forward: this message's promise is earlier than the one standing"
            case .renew:
                return "the answer promised earlier in this conversation is overdue (counted as broken), "
                    + "so the customer is promised anew rather than told a time already past"
            }
        }
    }

    /// A customer's message arrives at `now` in a conversation whose open promise is `open`
    /// (nil when none is open: a new conversation, or one the owner has answered); the desk's
    /// judgement of the message promises `new`.
    public static func customerWrote(open: Instant?, new: Instant?, now: Instant) -> Step {
        switch (open, new) {
        case let (open?, new?) where open < now: return .renew(lapsed: open, due: new)
        case let (open?, new?) where new < open: return .bringForward(from: open, to: new)
        case let (open?, _): return .restate(due: open)
        case let (nil, new?): return .open(due: new)
        case (nil, nil): return .none
        }
    }

    /// An answer reached the customer at `answeredAt`: the open promise due at `due` is kept
    /// when it came in time, broken otherwise.
    public static func answered(due: Instant, at answeredAt: Instant) -> PromiseOutcome {
        answeredAt <= due ? .kept : .broken
    }

    /// Conversations are merged into one: of the open promises among them (`open`, by id and
    /// due time), the earliest stands for the merged conversation and the others are withdrawn —
    /// the customer was told the earliest, and one answer answers all.
    public static func merged(open: [(id: String, due: Instant)]) -> (keep: String?, withdraw: [String]) {
        guard let earliest = open.min(by: { ($0.due, $0.id) < ($1.due, $1.id) }) else { return (nil, []) }
        return (earliest.id, open.filter { $0.id != earliest.id }.map(\.id))
    }
}
