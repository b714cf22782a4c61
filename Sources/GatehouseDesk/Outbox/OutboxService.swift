import GatehouseCore
import ServiceLifecycle

/// Runs in every instance of the desk: delivers due email as soon as something is queued for
/// now (it is nudged), and every 15 seconds for response windows that have begun and retries.
public struct OutboxService: ServiceLifecycle.Service, Sendable {
    public let sender: OutboxSender
    let loop: DeliveryLoop

    public init(sender: OutboxSender, clock: any DeskClock, period: Duration = .seconds(15)) {
        self.sender = sender
        loop = DeliveryLoop(period: period) {
            do {
                try await sender.deliverDue(now: { clock.now() })
            } catch {
                sender.logger.warning("email delivery failed this round", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Asks for due email to be delivered now.
    public func nudge() { loop.nudge() }

    public func run() async throws { try await loop.run() }
}
