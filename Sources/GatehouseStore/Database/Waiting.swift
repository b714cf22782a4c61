import Synchronization

/// Waiting for work that may never end, without being held by it.
enum Waiting {
    /// Whether `work` finished within `limit`. When it did not, the caller goes on and `work`
    /// is left running in a task of its own (a task group would wait for it on the way out,
    /// which is exactly what this is for avoiding).
    static func finishes(within limit: Duration, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        let race = Race()
        return await withCheckedContinuation { continuation in
            race.waiter.withLock { $0 = continuation }
            Task {
                await work()
                race.end(true)
            }
            let timer = Task {
                try? await Task.sleep(for: limit)
                race.end(false)
            }
            race.timer.withLock { $0 = timer }
        }
    }

    /// Whoever ends first answers the waiter; the other finds nobody waiting.
    private final class Race: Sendable {
        let waiter = Mutex<CheckedContinuation<Bool, Never>?>(nil)
        let timer = Mutex<Task<Void, Never>?>(nil)

        func end(_ finished: Bool) {
            waiter.withLock { $0.take() }?.resume(returning: finished)
            if finished { timer.withLock { $0 }?.cancel() }
        }
    }
}
