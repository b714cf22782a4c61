import GatehouseCore
import Synchronization

/// The door between the desk and PostgreSQL's connection pool, which the desk does not trust to
/// let go: a request waiting there for a connection is let go when its caller is cancelled, and
/// every request still waiting when the pool closes is failed — whether or not the pool ever
/// answers it. (A full test run hung with requests waiting on a pool that had no connection left
/// and never failed them.)
///
/// Once closing has begun, new requests are refused; those under way get `grace` to finish.
final class PoolGate: Sendable {
    private struct State {
        var closed = false
        var next = 0
        var underWay: [Int: @Sendable (any Error) -> Void] = [:]
    }

    private let state = Mutex(State())
    private let closedError: StoreError

    init(closedError: StoreError) {
        self.closedError = closedError
    }

    /// Runs `body` (in a task of its own) as a request under way, or throws `closedError` once
    /// closing has begun, `CancellationError` when the caller is cancelled, and `closedError` when
    /// the gate closes while it still waits.
    func pass<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.wait(continuation)
                let number: Int? = state.withLock { state in
                    guard !state.closed else { return nil }
                    state.next += 1
                    state.underWay[state.next] = { error in race.end(.failure(error)) }
                    return state.next
                }
                guard let number else {
                    race.end(.failure(closedError))
                    return
                }
                race.number.withLock { $0 = number }
                race.run(Task {
                    let result: Result<T, any Error>
                    do { result = .success(try await body()) } catch { result = .failure(error) }
                    self.state.withLock { _ = $0.underWay.removeValue(forKey: number) }
                    race.end(result)
                })
            }
        } onCancel: {
            race.end(.failure(CancellationError()))
            // Let go: closing need not wait for a request nobody waits for.
            if let number = race.number.withLock({ $0 }) {
                _ = state.withLock { $0.underWay.removeValue(forKey: number) }
            }
        }
    }

    /// Refuses new requests, waits (at most `grace`) for those under way, then fails those left.
    func close(grace: Duration = .seconds(10)) async {
        state.withLock { $0.closed = true }
        let deadline = ContinuousClock.now + grace
        while state.withLock({ !$0.underWay.isEmpty }), ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(5))
        }
        let left = state.withLock { state in
            defer { state.underWay = [:] }
            return Array(state.underWay.values)
        }
        for fail in left { fail(closedError) }
    }

    /// One request's outcome, told to its caller once: by its task, by the caller's cancellation,
    /// or by the gate closing, whichever comes first. A task left behind is cancelled.
    private final class Race<T: Sendable>: Sendable {
        private enum Phase {
            case starting
            case waiting(CheckedContinuation<T, any Error>)
            case ended(Result<T, any Error>)
            case told
        }

        private let phase = Mutex<Phase>(.starting)
        private let task = Mutex<Task<Void, Never>?>(nil)
        /// The request's number at the gate, once it has one.
        let number = Mutex<Int?>(nil)

        func wait(_ continuation: CheckedContinuation<T, any Error>) {
            let early: Result<T, any Error>? = phase.withLock { phase in
                if case .ended(let result) = phase {
                    phase = .told
                    return result
                }
                phase = .waiting(continuation)
                return nil
            }
            if let early { continuation.resume(with: early) }
        }

        func run(_ task: Task<Void, Never>) {
            let ended = phase.withLock { phase -> Bool in
                if case .waiting = phase { return false }
                return true
            }
            self.task.withLock { $0 = task }
            if ended { task.cancel() }
        }

        func end(_ result: Result<T, any Error>) {
            let continuation: CheckedContinuation<T, any Error>? = phase.withLock { phase in
                switch phase {
                case .starting:
                    phase = .ended(result)
                    return nil
                case .waiting(let continuation):
                    phase = .told
                    return continuation
                case .ended, .told:
                    return nil
                }
            }
            guard let continuation else { return }
            continuation.resume(with: result)
            if case .failure = result { task.withLock { $0 }?.cancel() }
        }
    }
}
