import GatehouseCore
import GatehouseStore

extension PeriodicTask {
    /// Files, in every workspace, the messages that were stored but not filed: what a crash or a
    /// lost connection left half done is finished by a running desk within a period. Messages
    /// received in the last minute are left to the request that received them.
    /// One workspace that fails (a policy that no longer reads) does not hold up the others.
    public static func intake(settings: IntakeSettings, every period: TimeSpan = TimeSpan(seconds: 30)) -> PeriodicTask {
        PeriodicTask(name: "intake", every: period) { database, now in
            var failures: [String] = []
            for workspace in try await Workspaces(database: database).all() {
                do {
                    try await Intake(database: database, workspace: workspace, settings: settings).fileWaiting(now: now, olderThan: .minutes(1))
                } catch let error as StoreError where error.code == .unreachable {
                    throw error
                } catch {
                    failures.append("\(workspace.slug): \(error)")
                }
            }
            if !failures.isEmpty { throw IntakeTaskError(failures: failures) }
        }
    }
}

/// Workspaces whose waiting messages could not be filed this round, with why.
public struct IntakeTaskError: Error, CustomStringConvertible, Sendable {
    public var failures: [String]
    public var description: String { "intake could not file waiting messages in " + failures.joined(separator: "; ") }
}
