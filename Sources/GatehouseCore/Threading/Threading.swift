/// How a message found its conversation.
public enum ThreadMatch: String, Sendable, Equatable {
    /// It answers (or is answered by) a message already in the conversation.
    case references
    /// Same customer, same subject, within a few days.
    case subject
    /// Another message from a customer still waiting for an answer: answered together.
    case folded
    /// Nothing matched: a new conversation.
    case new
}

/// A conversation the store offers as a home for a message: one the message's thread names,
/// or one of the customer's recent ones.
public struct ThreadCandidate: Sendable, Equatable {
    public var id: Conversation.ID
    public var createdAt: Instant
    /// When the customer or the owner last wrote in it.
    public var lastMessageAt: Instant
    /// The subject it is matched on (no "Re:", lower case); empty when it has none.
    public var subjectKey: String
    /// Whether the customer is still waiting for an answer in it.
    public var isOpen: Bool
    /// The answer it promises, if any.
    public var promisedAt: Instant?

    public init(id: Conversation.ID, createdAt: Instant, lastMessageAt: Instant, subjectKey: String, isOpen: Bool,
                promisedAt: Instant?) {
        self.id = id
        self.createdAt = createdAt
        self.lastMessageAt = lastMessageAt
        self.subjectKey = subjectKey
        self.isOpen = isOpen
        self.promisedAt = promisedAt
    }
}

/// Where a message goes: an existing conversation (with any others of its thread folded into
/// it) or a new one, and why.
public struct ThreadChoice: Sendable, Equatable {
    /// The conversation the message joins; nil for a new conversation.
    public var conversationID: Conversation.ID?
    /// Conversations of the same thread to merge into `conversationID` (oldest kept).
    public var merging: [Conversation.ID]
    public var match: ThreadMatch
    /// The answer already promised where the message goes: the earliest of the merged ones.
    public var promisedAt: Instant?
    /// Why, in plain words.
    public var reasons: [String]

    public init(conversationID: Conversation.ID?, merging: [Conversation.ID], match: ThreadMatch, promisedAt: Instant?, reasons: [String]) {
        self.conversationID = conversationID
        self.merging = merging
        self.match = match
        self.promisedAt = promisedAt
        self.reasons = reasons
    }
}

/// Which conversation a received message belongs to. The first rule that applies wins:
///
/// 1. it answers, or is answered by, a message of one or more conversations (References,
///    In-Reply-To) → the oldest of them, and the others are merged into it;
/// 2. a customer who is new this moment has nothing else to join → a new conversation;
/// 3. the same subject as one of the customer's conversations with a message in the last
///    7 days → that conversation (the newest such);
/// 4. the customer is still waiting for an answer in a conversation with a message within
///    3 days of this one → folded into it, to be answered together;
/// 5. otherwise → a new conversation.
public enum Threading {
    /// How far apart two messages with the same subject may be and still be one conversation.
    public static let subjectWindow = TimeSpan(seconds: 7 * 86_400)
    /// How far apart a waiting customer's messages may be and still be answered together.
    public static let foldWindow = TimeSpan(seconds: 3 * 86_400)

    /// Chooses the conversation for a message sent at `sentAt` with subject key `subjectKey`.
    /// `thread` are the conversations the message's own thread names; `recent` the customer's
    /// conversations (not merged away), in any order.
    public static func choose(sentAt: Instant, subjectKey: String, thread: [ThreadCandidate], recent: [ThreadCandidate],
                              customerIsNew: Bool) -> ThreadChoice {
        if let keep = thread.min(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) {
            let others = thread.filter { $0.id != keep.id }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            var reasons = ["it answers a message of this conversation (References or In-Reply-To)"]
            if !others.isEmpty {
                reasons.append("it also answers \(others.count == 1 ? "another conversation" : "\(others.count) other conversations"), "
                    + "merged into the oldest, so the thread is one again")
            }
            return ThreadChoice(conversationID: keep.id, merging: others.map(\.id), match: .references,
                                promisedAt: Promise.earliest(thread.map(\.promisedAt)), reasons: reasons)
        }
        guard !customerIsNew else {
            return ThreadChoice(conversationID: nil, merging: [], match: .new, promisedAt: nil,
                                reasons: ["a new conversation: the sender is a new customer"])
        }
        let newestFirst = recent.filter { $0.lastMessageAt >= sentAt - subjectWindow }
            .sorted { ($0.lastMessageAt, $0.id) > ($1.lastMessageAt, $1.id) }
        if !subjectKey.isEmpty,
           let same = newestFirst.first(where: { $0.subjectKey == subjectKey && $0.createdAt <= sentAt + subjectWindow }) {
            return ThreadChoice(conversationID: same.id, merging: [], match: .subject, promisedAt: same.promisedAt,
                                reasons: ["the same subject as the customer's conversation of the last 7 days"])
        }
        if let waiting = newestFirst.first(where: {
            $0.isOpen && abs(($0.lastMessageAt - sentAt).seconds) <= foldWindow.seconds
        }) {
            return ThreadChoice(conversationID: waiting.id, merging: [], match: .folded, promisedAt: waiting.promisedAt,
                                reasons: ["the customer is still waiting for an answer written within 3 days: "
                                    + "both are answered together"])
        }
        return ThreadChoice(conversationID: nil, merging: [], match: .new, promisedAt: nil,
                            reasons: ["a new conversation: no thread, subject or waiting conversation of the customer's matches"])
    }
}
