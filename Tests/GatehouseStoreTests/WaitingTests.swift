import GatehouseCore
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

/// The gate before PostgreSQL's pool lets go of requests the pool never answers.
@Suite("The pool's gate")
struct PoolGateTests {
    static let closed = StoreError(.unreachable, "closed")

    /// A request the pool never answers, ignoring cancellation as a stuck pool does.
    static func stuck() async throws -> Int {
        await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
        return 0
    }

    @Test("a request that finishes passes its answer through")
    func answers() async throws {
        let gate = PoolGate(closedError: Self.closed)
        #expect(try await gate.pass { 42 } == 42)
    }

    @Test("closing fails a request the pool never answers, after the grace, and refuses later ones")
    func closeFailsTheStuck() async throws {
        let gate = PoolGate(closedError: Self.closed)
        let waiting = Task { try await gate.pass { try await Self.stuck() } }
        try await Task.sleep(for: .milliseconds(50))
        await gate.close(grace: .milliseconds(100))
        await #expect(throws: StoreError.self) { try await waiting.value }
        await #expect(throws: StoreError.self) { try await gate.pass { 1 } }
    }

    @Test("a cancelled caller is let go at once, and closing then has nobody to wait for")
    func cancelledCallerGoes() async throws {
        let gate = PoolGate(closedError: Self.closed)
        let waiting = Task { try await gate.pass { try await Self.stuck() } }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        let started = ContinuousClock.now
        await gate.close(grace: .seconds(600))
        #expect(ContinuousClock.now - started < .seconds(300), "closing did not wait out the grace")
    }
}
