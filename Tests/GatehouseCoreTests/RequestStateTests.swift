import GatehouseCore
import Testing

@Suite("The status page's sentence: where a customer's request stands")
struct RequestStateTests {
    let now = Instant(secondsSince1970: 1_796_000_000)

    func sentence(isOpen: Bool = true, promise: Instant?, answered: Bool = false) -> String {
        RequestState.sentence(isOpen: isOpen, promise: promise, answered: answered, now: now, business: "Novak Plumbing",
                              zone: "New York", spoken: { $0 == self.now + .hours(2) ? "today at 11:15 AM" : "yesterday at 4:15 PM" })
    }

    @Test("a promise ahead is given with its time and zone; one that passed is said plainly, with thanks")
    func promises() {
        #expect(sentence(promise: now + .hours(2)) == "You will hear back by today at 11:15 AM (New York time).")
        #expect(sentence(promise: now - .hours(20))
                == "You were promised an answer by yesterday at 4:15 PM (New York time). It is on its way; thank you for your patience.")
    }

    @Test("answered after the promise passed, closed, or with no promise at all")
    func otherStates() {
        #expect(sentence(promise: now - .hours(20), answered: true)
                == "Novak Plumbing has answered; if you write again, you will be told when to expect the next answer.")
        #expect(sentence(isOpen: false, promise: now + .hours(2)) == "This request is closed.")
        #expect(sentence(promise: nil) == "Your request is with Novak Plumbing.")
    }
}
