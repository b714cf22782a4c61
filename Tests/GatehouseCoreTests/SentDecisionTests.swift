import GatehouseCore
import Testing

@Suite("Sent folder decisions")
struct SentDecisionTests {
    @Test("the folder marked \\Sent is the Sent folder; without a mark, the usual names; a folder that cannot be opened is not")
    func findsSent() {
        let marked = SentFolder.find([ServerFolder(name: "INBOX", attributes: []),
                                      ServerFolder(name: "Gesendet", attributes: ["\\HasNoChildren", "\\Sent"]),
                                      ServerFolder(name: "Sent", attributes: [])])
        #expect(marked.name == "Gesendet" && marked.reasons.first?.contains("\\Sent") == true)
        let gmail = SentFolder.find([ServerFolder(name: "[Gmail]", attributes: ["\\Noselect"]),
                                     ServerFolder(name: "[Gmail]/Sent Mail", attributes: [])])
        #expect(gmail.name == "[Gmail]/Sent Mail")
        let none = SentFolder.find([ServerFolder(name: "INBOX", attributes: []),
                                    ServerFolder(name: "Sent", attributes: ["\\Noselect"])])
        #expect(none.name == nil && none.reasons.first?.contains("not seen") == true)
    }

    @Test("a sent message from the business answering a known message answers its conversation; the promise kept when in time")
    func ownerReply() {
        let known: [String: Conversation.ID] = ["q-1@example.org": "c1"]
        let decision = OwnerReply.decide(sender: "Office@Rivera.example", ownAddresses: ["office@rivera.example"],
                                         inReplyTo: ["q-1@example.org"], references: [], sentAt: 100,
                                         conversationOf: known, promisedAt: ["c1": 200])
        guard case .answers(let id, let at, let kept, let reasons) = decision else { Issue.record("\(decision)"); return }
        #expect(id == "c1" && at == 100 && kept == true && reasons.count == 2)
        let late = OwnerReply.decide(sender: "office@rivera.example", ownAddresses: ["office@rivera.example"],
                                     inReplyTo: [], references: ["other@x", "q-1@example.org"], sentAt: 300,
                                     conversationOf: known, promisedAt: ["c1": 200])
        guard case .answers(_, _, let lateKept, _) = late else { Issue.record("\(late)"); return }
        #expect(lateKept == false)
    }

    @Test("not from the business, answering nothing, or answering mail Gatehouse never had: ignored, with the reason")
    func ignored() {
        let own: Set<String> = ["office@rivera.example"]
        for decision in [
            OwnerReply.decide(sender: "friend@example.org", ownAddresses: own, inReplyTo: ["q-1"], references: [], sentAt: 1,
                              conversationOf: ["q-1": "c1"], promisedAt: [:]),
            OwnerReply.decide(sender: "office@rivera.example", ownAddresses: own, inReplyTo: [], references: [], sentAt: 1,
                              conversationOf: ["q-1": "c1"], promisedAt: [:]),
            OwnerReply.decide(sender: "office@rivera.example", ownAddresses: own, inReplyTo: ["q-2"], references: [], sentAt: 1,
                              conversationOf: ["q-1": "c1"], promisedAt: [:]),
        ] {
            guard case .ignored(let reasons) = decision else { Issue.record("\(decision)"); continue }
            #expect(!reasons.isEmpty)
        }
    }

    @Test("a reply that names no message Gatehouse has answers the conversation of the customer it was sent to with the same subject, the most recent within 7 days; older ones are not guessed at")
    func bySubject() {
        let own: Set<String> = ["office@rivera.example"]
        let day: Int64 = 86_400
        let candidates = [OwnerReply.SameSubject(conversationID: "old", createdAt: 0, lastMessageAt: 1 * day),
                          OwnerReply.SameSubject(conversationID: "recent", createdAt: 8 * day, lastMessageAt: 9 * day)]
        let decision = OwnerReply.decide(sender: "office@rivera.example", ownAddresses: own, inReplyTo: [], references: [],
                                         sentAt: 10 * day, conversationOf: [:], promisedAt: ["recent": 11 * day], sameSubject: candidates)
        guard case .answers(let id, _, let kept, let reasons) = decision else { Issue.record("\(decision)"); return }
        #expect(id == "recent" && kept == true && reasons.first?.contains("same subject") == true)
        let tooLate = OwnerReply.decide(sender: "office@rivera.example", ownAddresses: own, inReplyTo: [], references: [],
                                        sentAt: 30 * day, conversationOf: [:], promisedAt: [:], sameSubject: candidates)
        guard case .ignored(let why) = tooLate else { Issue.record("\(tooLate)"); return }
        #expect(why.first?.contains("7 days") == true)
    }
}
