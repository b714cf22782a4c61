import Testing
@testable import GatehouseCore

/// Which conversation a message joins. Times are days and hours after a Monday midnight (UTC).
@Suite("Which conversation a message joins")
struct ThreadingTests {
    static func at(day: Int64, hour: Int64 = 9) -> Instant { Instant(secondsSince1970: 1_772_409_600 + day * 86_400 + hour * 3_600) }

    static func conversation(_ id: Conversation.ID, subject: String = "", created: Instant, last: Instant? = nil, open: Bool = true,
                             promised: Instant? = nil) -> ThreadCandidate {
        ThreadCandidate(id: id, createdAt: created, lastMessageAt: last ?? created, subjectKey: subject, isOpen: open,
                        promisedAt: promised)
    }

    @Test("a reply to the owner's message joins its conversation, whatever its subject")
    func references() {
        let thread = [Self.conversation("c1", subject: "leaking tap", created: Self.at(day: 0))]
        let choice = Threading.choose(sentAt: Self.at(day: 20), subjectKey: "something else", thread: thread, recent: [],
                                      customerIsNew: false)
        #expect(choice.conversationID == "c1")
        #expect(choice.match == .references)
        #expect(choice.merging.isEmpty)
        #expect(choice.reasons == ["it answers a message of this conversation (References or In-Reply-To)"])
    }

    @Test("a message that answers two conversations joins the older one, the other is merged, and the earlier promise is kept")
    func mergesThreads() {
        let older = Self.conversation("old", created: Self.at(day: 0), promised: Self.at(day: 3))
        let newer = Self.conversation("new", created: Self.at(day: 1), promised: Self.at(day: 2))
        let choice = Threading.choose(sentAt: Self.at(day: 1, hour: 12), subjectKey: "", thread: [newer, older], recent: [],
                                      customerIsNew: false)
        #expect(choice.conversationID == "old")
        #expect(choice.merging == ["new"])
        #expect(choice.promisedAt == Self.at(day: 2))
        #expect(choice.reasons.count == 2)
    }

    @Test("a new customer's message starts a new conversation")
    func newCustomer() {
        let choice = Threading.choose(sentAt: Self.at(day: 0), subjectKey: "leaking tap", thread: [], recent: [],
                                      customerIsNew: true)
        #expect(choice.conversationID == nil)
        #expect(choice.match == .new)
        #expect(choice.reasons == ["a new conversation: the sender is a new customer"])
    }

    @Test("the same subject within 7 days joins that conversation, even when it was answered")
    func sameSubject() {
        let answered = Self.conversation("c1", subject: "leaking tap", created: Self.at(day: 0), open: false)
        let choice = Threading.choose(sentAt: Self.at(day: 6), subjectKey: "leaking tap", thread: [], recent: [answered],
                                      customerIsNew: false)
        #expect(choice.conversationID == "c1")
        #expect(choice.match == .subject)
    }

    @Test("the same subject 8 days after the conversation's last message starts a new one")
    func subjectTooOld() {
        let answered = Self.conversation("c1", subject: "leaking tap", created: Self.at(day: 0), open: false)
        let choice = Threading.choose(sentAt: Self.at(day: 8), subjectKey: "leaking tap", thread: [], recent: [answered],
                                      customerIsNew: false)
        #expect(choice.match == .new)
    }

    @Test("of two conversations with the same subject, the one written in last is joined")
    func newestSubject() {
        let first = Self.conversation("c1", subject: "invoice", created: Self.at(day: 0), last: Self.at(day: 1))
        let second = Self.conversation("c2", subject: "invoice", created: Self.at(day: 2), last: Self.at(day: 2))
        let choice = Threading.choose(sentAt: Self.at(day: 3), subjectKey: "invoice", thread: [], recent: [first, second],
                                      customerIsNew: false)
        #expect(choice.conversationID == "c2")
    }

    @Test("a customer still waiting for an answer written 2 days ago has a new subject folded in, to be answered together")
    func folded() {
        let waiting = Self.conversation("c1", subject: "leaking tap", created: Self.at(day: 0), promised: Self.at(day: 1))
        let choice = Threading.choose(sentAt: Self.at(day: 2), subjectKey: "and the radiator", thread: [], recent: [waiting],
                                      customerIsNew: false)
        #expect(choice.conversationID == "c1")
        #expect(choice.match == .folded)
        #expect(choice.promisedAt == Self.at(day: 1))
    }

    @Test("nothing is folded into a conversation already answered, nor one quiet for more than 3 days")
    func notFolded() {
        let answered = Self.conversation("c1", subject: "leaking tap", created: Self.at(day: 0), open: false)
        let quiet = Self.conversation("c2", subject: "boiler", created: Self.at(day: 0))
        let choice = Threading.choose(sentAt: Self.at(day: 3, hour: 10), subjectKey: "radiator", thread: [],
                                      recent: [answered, quiet], customerIsNew: false)
        #expect(choice.conversationID == nil)
        #expect(choice.match == .new)
    }

    @Test("a message with no subject is never matched on subject")
    func emptySubject() {
        let answered = Self.conversation("c1", subject: "", created: Self.at(day: 0), open: false)
        let choice = Threading.choose(sentAt: Self.at(day: 1), subjectKey: "", thread: [], recent: [answered],
                                      customerIsNew: false)
        #expect(choice.match == .new)
    }
}
