import GatehouseCore
import Testing

@Suite("Mailbox adoption decisions")
struct MailboxAdoptionDecisionTests {
    @Test("only new mail: reading starts at the server's next UID and nothing there is adopted")
    func newOnly() {
        let first = FirstRead.decide(.newOnly, serverUIDNext: 41)
        #expect(first.readAbove == 40 && first.adoptBelow == 0)
        #expect(first.reasons.first?.contains("left alone") == true)
    }

    @Test("an import of the last days: everything is read, and what was there at connection is adopted")
    func since() {
        let first = FirstRead.decide(.since(days: 30), serverUIDNext: 41)
        #expect(first.readAbove == 0 && first.adoptBelow == 41)
        let unknownNext = FirstRead.decide(.newOnly, serverUIDNext: nil)
        #expect(unknownNext.readAbove == 0 && unknownNext.adoptBelow == UInt32.max)
    }

    @Test("the owner's choice survives being stored: 0 is new mail only, nil everything as new")
    func stored() {
        #expect(ExistingMail(storedDays: 0) == .newOnly && ExistingMail.newOnly.storedDays == 0)
        #expect(ExistingMail(storedDays: 30) == .since(days: 30) && ExistingMail.since(days: 30).storedDays == 30)
        #expect(ExistingMail(storedDays: nil) == .everything && ExistingMail.everything.storedDays == nil)
    }

    @Test("old mail written before the chosen start is left alone; a message without a date is imported rather than lost")
    func cutoff() {
        guard case .leave = AdoptedMessage.decide(sentAt: 99, cutoff: 100) else { Issue.record("kept"); return }
        guard case .importQuietly = AdoptedMessage.decide(sentAt: 100, cutoff: 100) else { Issue.record("left"); return }
        guard case .importQuietly = AdoptedMessage.decide(sentAt: nil, cutoff: 100) else { Issue.record("left"); return }
    }
}
