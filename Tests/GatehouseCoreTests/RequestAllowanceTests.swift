import GatehouseCore
import Testing

/// A public feed's allowance per client: at most `limit` requests a window.
@Suite("Request allowance")
struct RequestAllowanceTests {
    @Test("the 31st request in a minute is refused with the wait until the window ends; the next window starts afresh")
    func window() {
        let allowance = RequestAllowance(limit: 30, window: .minutes(1))
        let start = Instant(secondsSince1970: 1_790_000_000)
        var count: RequestAllowance.Count?
        for second in 0..<30 {
            let decision = allowance.decide(count, now: start + TimeSpan(seconds: Int64(second)))
            #expect(decision.allowed)
            count = decision.count
        }
        let refused = allowance.decide(count, now: start + TimeSpan(seconds: 40))
        #expect(!refused.allowed)
        #expect(refused.retryAfter == TimeSpan(seconds: 20))
        #expect(refused.reason == "refused: 30 requests already in this 1m window")
        let later = allowance.decide(refused.count, now: start + .minutes(1))
        #expect(later.allowed && later.count.requests == 1)
    }
}
