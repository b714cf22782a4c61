import GatehouseCore
import Testing

@Suite("The status page's sentence: where a customer's request stands")
struct RequestStateTests {
    let now = Instant(secondsSince1970: 1_796_000_000)

    func spoken(_ instant: Instant) -> String {
        switch instant {
        case now + .hours(2): "Tuesday, December 1 at 11:15 AM"
        case now - .hours(1): "Tuesday, December 1 at 8:15 AM"
        default: "Monday, November 30 at 4:15 PM"
        }
    }

    func sentence(isOpen: Bool = true, promise: Instant?, answeredAt: Instant? = nil,
                  alert: RequestState.Alert? = nil) -> String {
        RequestState.sentence(isOpen: isOpen, promise: promise, answeredAt: answeredAt, alert: alert, now: now,
                              business: "Novak Plumbing", zone: "New York", spoken: spoken)
    }

    @Test("an urgent request says the owner was alerted and by when, then that they have seen it; a reply says it was answered")
    func urgent() {
        #expect(sentence(promise: now + .hours(2), alert: .sent)
                == "Novak Plumbing has been alerted and will get back to you by Tuesday, December 1 at 11:15 AM (New York time).")
        #expect(sentence(promise: now + .hours(2), alert: .acknowledged)
                == "Novak Plumbing has seen your message and is on it. You will hear back by Tuesday, December 1 at 11:15 AM (New York time).")
        #expect(sentence(promise: now + .hours(2), answeredAt: now - .hours(1), alert: .acknowledged)
                == "Novak Plumbing answered on Tuesday, December 1 at 8:15 AM, as promised. If you write again, you will be told when to expect the next answer.")
    }

    @Test("a promise ahead is given with its time and zone; one that passed is said plainly, with thanks")
    func promises() {
        #expect(sentence(promise: now + .hours(2)) == "You will hear back by Tuesday, December 1 at 11:15 AM (New York time).")
        #expect(sentence(promise: now - .hours(20))
                == "You were promised an answer by Monday, November 30 at 4:15 PM (New York time). It is on its way; thank you for your patience.")
    }

    @Test("answered in time says so; answered late says when, without claiming the promise was kept")
    func answered() {
        #expect(sentence(promise: now + .hours(2), answeredAt: now - .hours(1))
                == "Novak Plumbing answered on Tuesday, December 1 at 8:15 AM, as promised. If you write again, you will be told when to expect the next answer.")
        #expect(sentence(promise: now - .hours(20), answeredAt: now - .hours(1))
                == "Novak Plumbing answered on Tuesday, December 1 at 8:15 AM. If you write again, you will be told when to expect the next answer.")
    }

    @Test("closed, or with no promise at all")
    func otherStates() {
        #expect(sentence(isOpen: false, promise: now + .hours(2)) == "This request is closed.")
        #expect(sentence(promise: nil) == "Your request is with Novak Plumbing.")
    }
}
