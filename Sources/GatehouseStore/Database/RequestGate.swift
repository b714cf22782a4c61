import GatehouseCore
import Synchronization

/// Lets a driver close without stranding anyone: once closing has begun new requests are
/// refused, and those under way are given time to finish before the connections go.
/// (A request that meets a connection closed under it, or a pool that has stopped, fails
/// with a misleading error or waits forever.)
final class RequestGate: Sendable {
    private let state = Mutex<(closed: Bool, inFlight: Int)>((false, 0))
    private let closedError: StoreError

    init(closedError: StoreError) {
        self.closedError = closedError
    }

    /// Runs `body` as a request under way, or throws `closedError` once closing has begun.
    func pass<T>(_ body: () async throws -> T) async throws -> T {
        let open = state.withLock { state in
            if state.closed { return false }
            state.inFlight += 1
            return true
        }
        guard open else { throw closedError }
        defer { state.withLock { $0.inFlight -= 1 } }
        return try await body()
    }

    /// Refuses new requests and waits (at most `limit`) for those under way to finish.
    func close(waitingAtMost limit: Duration = .seconds(10)) async {
        state.withLock { $0.closed = true }
        let deadline = ContinuousClock.now + limit
        while state.withLock({ $0.inFlight }) > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
