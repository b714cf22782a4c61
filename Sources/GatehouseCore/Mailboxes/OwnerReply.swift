/// Whether a message found in the owner's Sent folder is the owner's answer to a customer, and to which conversation.
public enum OwnerReply {
    public enum Decision: Sendable, Equatable {
        /// It answers this conversation, at `answeredAt` (its Date).
        case answers(conversationID: Conversation.ID, answeredAt: Int64, promiseKept: Bool?, reasons: [String])
        /// It is filed nowhere and answers nothing.
        case ignored(reasons: [String])
    }

    /// A sent message from `sender`, written at `sentAt`, naming `inReplyTo` and `references`;
    /// `conversationOf` says which conversation each Message-ID Gatehouse knows belongs to, and
    /// `promisedAt` when each conversation was promised an answer.
    public static func decide(sender: String?, ownAddresses: Set<String>, inReplyTo: [String], references: [String],
                              sentAt: Int64, conversationOf: [String: Conversation.ID], promisedAt: [Conversation.ID: Int64]) -> Decision {
        guard let sender = sender?.lowercased(), ownAddresses.contains(sender) else {
            return .ignored(reasons: ["it is in the Sent folder but not from one of the business's addresses, so it is not taken as the owner's reply"])
        }
        // The message it answers directly first, then the thread from the newest message back.
        let named = inReplyTo + references.reversed()
        guard !named.isEmpty else {
            return .ignored(reasons: ["it names no message it answers (no In-Reply-To or References), so no conversation is marked answered"])
        }
        guard let id = named.first(where: { conversationOf[$0] != nil }), let conversation = conversationOf[id] else {
            return .ignored(reasons: ["none of the messages it answers is one Gatehouse has, so it is a conversation Gatehouse is not part of"])
        }
        var reasons = ["it answers <\(id)>, a message of this conversation: the conversation counts as answered at the moment it was sent"]
        var kept: Bool?
        if let due = promisedAt[conversation] {
            kept = sentAt <= due
            reasons.append(kept == true ? "it was sent in time, so the promise was kept" : "it was sent after the promised time")
        }
        return .answers(conversationID: conversation, answeredAt: sentAt, promiseKept: kept, reasons: reasons)
    }
}
