import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// The process's metrics, exported at `/metrics` in Prometheus' text format.
/// The metrics system of a process can be set up only once, so every
/// application in the process (tests build many) shares this registry.
public final class DeskMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    private init() {
        registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    private static let instance = Mutex<DeskMetrics?>(nil)

    /// The shared metrics, set up on first use.
    public static var shared: DeskMetrics {
        instance.withLock { instance in
            if let existing = instance { return existing }
            let created = DeskMetrics()
            instance = created
            return created
        }
    }

    /// The metrics as Prometheus text.
    public func exposition() -> String { registry.emitToString() }
}
