import GatehouseCore
import Testing

@Suite("Mailbox decisions")
struct MailboxDecisionTests {
    @Test("a folder never read before is read from its first message, read or unread")
    func firstRead() {
        let catchUp = FolderCatchUp.decide(remembered: RememberedFolder(uidValidity: nil, highestStoredUID: 0),
                                           serverUIDValidity: 77, serverUIDNext: 1_001)
        #expect(catchUp.readAbove == 0 && catchUp.hasWork && !catchUp.startsOver && catchUp.uidValidity == 77)
        #expect(catchUp.reasons.first?.contains("whether marked read or not") == true)
    }

    @Test("after a month offline, everything above the high-water mark is read: no window of 'the last n'")
    func catchesUp() {
        let catchUp = FolderCatchUp.decide(remembered: RememberedFolder(uidValidity: 77, highestStoredUID: 40),
                                           serverUIDValidity: 77, serverUIDNext: 9_000)
        #expect(catchUp.readAbove == 40 && catchUp.hasWork && !catchUp.startsOver)
    }

    @Test("nothing new when the next UID is just above the mark")
    func nothingNew() {
        let catchUp = FolderCatchUp.decide(remembered: RememberedFolder(uidValidity: 77, highestStoredUID: 40),
                                           serverUIDValidity: 77, serverUIDNext: 41)
        #expect(!catchUp.hasWork)
        #expect(catchUp.reasons == ["nothing new: every message up to UID 40 is stored and the next will be 41"])
    }

    @Test("a renumbered folder is read again from the start, relying on duplicate recognition")
    func renumbered() {
        let catchUp = FolderCatchUp.decide(remembered: RememberedFolder(uidValidity: 77, highestStoredUID: 40),
                                           serverUIDValidity: 78, serverUIDNext: 3)
        #expect(catchUp.readAbove == 0 && catchUp.hasWork && catchUp.startsOver && catchUp.uidValidity == 78)
        #expect(catchUp.reasons.count == 2 && catchUp.reasons[0].contains("UIDVALIDITY 77 became 78"))
    }

    @Test("the high-water mark stops before the first message not yet settled")
    func highWaterMark() {
        #expect(HighWaterMark.advance(from: 10, chunk: [11, 12, 15, 16], settled: [11, 12, 15, 16]) == 16)
        #expect(HighWaterMark.advance(from: 10, chunk: [11, 12, 15, 16], settled: [11, 15, 16]) == 11)
        #expect(HighWaterMark.advance(from: 10, chunk: [11, 12], settled: []) == 10)
    }

    @Test("a message that fails three times is set aside with the reason; before that it is tried again")
    func attempts() {
        #expect(FetchAttempts.decide(failures: 1, reason: "gone") == .tryAgain(reason: "attempt 1 of 3 failed (gone); it is tried again on the next fetch"))
        #expect(FetchAttempts.decide(failures: 3, reason: "gone") == .quarantine(reason: "set aside after 3 failed attempts: gone"))
    }

    @Test("failures back off from a minute, doubling, to at most an hour; never switched off")
    func backoff() {
        #expect(MailboxBackoff.wait(afterFailures: 0).span == .zero)
        #expect(MailboxBackoff.wait(afterFailures: 1).span == .minutes(1))
        #expect(MailboxBackoff.wait(afterFailures: 2).span == .minutes(2))
        #expect(MailboxBackoff.wait(afterFailures: 7).span == .minutes(60))
        #expect(MailboxBackoff.wait(afterFailures: 50).span == .minutes(60))
        #expect(MailboxBackoff.wait(afterFailures: 3).reason.contains("never switched off"))
    }
}

@Suite("Mailbox fetch chunks")
struct FetchChunksTests {
    @Test("chunks hold at most n messages and at most so many bytes; a message larger than that goes alone")
    func chunks() {
        let small = (1...5).map { (uid: UInt32($0), size: 10) }
        #expect(FetchChunks.plan(small, maxCount: 2, maxBytes: 1_000) == [[1, 2], [3, 4], [5]])
        let mixed: [(uid: UInt32, size: Int)] = [(1, 400), (2, 400), (3, 5_000), (4, 100), (5, 900)]
        #expect(FetchChunks.plan(mixed, maxCount: 10, maxBytes: 1_000) == [[1, 2], [3], [4, 5]])
        #expect(FetchChunks.plan([], maxCount: 10, maxBytes: 1_000) == [])
    }
}

@Suite("Mailbox folder choice")
struct FolderChoiceTests {
    @Test("INBOX and label folders are read; Gmail's All Mail, Sent, Drafts, Trash and Junk are refused with the reason; a folder the server lacks is missing")
    func choice() {
        let server = [ServerFolder(name: "INBOX", attributes: ["\\HasNoChildren"]),
                      ServerFolder(name: "Customers", attributes: []),
                      ServerFolder(name: "[Gmail]", attributes: ["\\Noselect"]),
                      ServerFolder(name: "[Gmail]/All Mail", attributes: ["\\All", "\\HasNoChildren"]),
                      ServerFolder(name: "[Gmail]/Sent Mail", attributes: ["\\Sent"]),
                      ServerFolder(name: "[Gmail]/Spam", attributes: ["\\Junk"])]
        let good = FolderChoice.check(["inbox", "Customers"], on: server)
        #expect(good.isUsable)
        let bad = FolderChoice.check(["INBOX", "[Gmail]/All Mail", "[Gmail]/Sent Mail", "[Gmail]/Spam", "[Gmail]", "Invoices"], on: server)
        #expect(bad.missing == ["[Gmail]", "Invoices"])
        #expect(bad.refused.map(\.folder) == ["[Gmail]/All Mail", "[Gmail]/Sent Mail", "[Gmail]/Spam"])
        #expect(bad.refused.first?.reason.contains("your own sent mail included") == true)
    }
}
