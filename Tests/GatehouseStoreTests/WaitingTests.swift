import Synchronization
import Testing
@testable import GatehouseStore

/// Closing a pool must not hang on a pool that never says it stopped: the wait is bounded.
@Suite("Waiting at most so long")
struct WaitingTests {
    @Test("work that ends in time is reported finished")
    func finishesInTime() async {
        let done = Atomic<Bool>(false)
        let finished = await Waiting.finishes(within: .seconds(30)) {
            try? await Task.sleep(for: .milliseconds(20))
            done.store(true, ordering: .relaxed)
        }
        let workDone = done.load(ordering: .relaxed)
        #expect(finished && workDone)
    }

    @Test("work that never ends lets the caller go after the limit, reported unfinished")
    func neverEnds() async {
        // Returning at all is the point (the work never ends); how soon after the limit depends on
        // how busy the machine is, so no time is asserted.
        let finished = await Waiting.finishes(within: .milliseconds(200)) {
            // Ignores cancellation, as a stuck pool would.
            await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
        }
        #expect(!finished)
    }
}
