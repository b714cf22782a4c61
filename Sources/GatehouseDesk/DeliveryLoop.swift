import ServiceLifecycle

/// Runs a round of deliveries whenever it is nudged (work was just queued) and every `period`
/// (retries, and work another process queued); one round at a time, a nudge during a round
/// giving one more round after it. Stops on graceful shutdown.
public struct DeliveryLoop: ServiceLifecycle.Service, Sendable {
    let period: Duration
    let round: @Sendable () async -> Void
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    public init(period: Duration, round: @escaping @Sendable () async -> Void) {
        self.period = period
        self.round = round
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks for a round now.
    public func nudge() {
        wake.yield()
    }

    public func run() async throws {
        let wake = self.wake, period = self.period, round = self.round, wakeups = self.wakeups
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        wake.yield()
                        try? await Task.sleep(for: period)
                    }
                }
                group.addTask {
                    for await _ in wakeups {
                        await round()
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }
}
