/// Whether a message found in the owner's Sent folder is the owner's answer to a customer, and to which conversation.
public enum OwnerReply {
    public enum Decision: Sendable, Equatable {
        /// It answers this conversation, at `answeredAt` (its Date).
        case answers(conversationID: Conversation.ID, answeredAt: Int64, promiseKept: Bool?, reasons: [String])
        /// It is filed nowhere and answers nothing.
        case ignored(reasons: [String])
    }

    /// A conversation of a customer the sent message was addressed to, with the same subject.
    public struct SameSubject: Sendable, Equatable {
        public var conversationID: Conversation.ID
        public var createdAt: Int64
        public var lastMessageAt: Int64

        public init(conversationID: Conversation.ID, createdAt: Int64, lastMessageAt: Int64) {
            self.conversationID = conversationID
            self.createdAt = createdAt
            self.lastMessageAt = lastMessageAt
        }
    }

    /// A sent message from `sender`, written at `sentAt`, naming `inReplyTo` and `references`;
    /// `conversationOf` says which conversation each Message-ID Gatehouse knows belongs to, and
    /// `promisedAt` when each conversation was promised an answer. `sameSubject`: the conversations
    /// of the customers it was sent to whose subject is the same, for a reply that names no
    /// message Gatehouse has (some mail apps leave In-Reply-To out).
    public static func decide(sender: String?, ownAddresses: Set<String>, inReplyTo: [String], references: [String],
                              sentAt: Int64, conversationOf: [String: Conversation.ID], promisedAt: [Conversation.ID: Int64],
                              sameSubject: [SameSubject] = []) -> Decision {
        guard let sender = sender?.lowercased(), ownAddresses.contains(sender) else {
            return .ignored(reasons: ["it is in the Sent folder but not from one of the business's addresses, so it is not taken as the owner's reply"])
        }
        // The message it answers directly first, then the thread from the newest message back.
        let named = inReplyTo + references.reversed()
        var reasons: [String]
        let conversation: Conversation.ID
        if let id = named.first(where: { conversationOf[$0] != nil }), let found = conversationOf[id] {
            conversation = found
            reasons = ["it answers <\(id)>, a message of this conversation: the conversation counts as answered at the moment it was sent"]
        } else if let match = sameSubject
            .filter({ $0.createdAt <= sentAt && $0.lastMessageAt >= sentAt - Threading.subjectWindow.seconds })
            .max(by: { ($0.lastMessageAt, $0.conversationID.rawValue) < ($1.lastMessageAt, $1.conversationID.rawValue) }) {
            conversation = match.conversationID
            reasons = [(named.isEmpty ? "it names no message it answers" : "none of the messages it names is one Gatehouse has")
                + ", but it was sent to this conversation's customer with the same subject within 7 days of their last message: "
                + "the conversation counts as answered at the moment it was sent"]
        } else if named.isEmpty {
            return .ignored(reasons: ["it names no message it answers (no In-Reply-To or References) and no conversation of the customers "
                + "it was sent to has its subject in the last 7 days, so no conversation is marked answered"])
        } else {
            return .ignored(reasons: ["none of the messages it answers is one Gatehouse has, so it is a conversation Gatehouse is not part of"])
        }
        var kept: Bool?
        if let due = promisedAt[conversation] {
            kept = sentAt <= due
            reasons.append(kept == true ? "it was sent in time, so the promise was kept" : "it was sent after the promised time")
        }
        return .answers(conversationID: conversation, answeredAt: sentAt, promiseKept: kept, reasons: reasons)
    }
}
