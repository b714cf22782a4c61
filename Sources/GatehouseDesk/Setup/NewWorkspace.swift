import GatehouseCore
import GatehouseStore

/// Another workspace for a signed-in user — a second business, or a new start — made the way
/// first-run setup makes the first: a policy of its own written from the answers, an example
/// lending only its shape; the user is its owner.
public struct NewWorkspace: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Done: Sendable {
        public var workspace: Workspace
        /// What the policy took from the example and what it left out.
        public var notes: [String]
    }

    /// - Throws: `SetupProblems` for answers that cannot make a policy, or a `StoreError` (a
    ///   short name already taken, or not a short name).
    public func create(slug: String, answers: PolicyAnswers, exampleYAML: String, ownerID: String, now: Instant) async throws -> Done {
        let own: OwnPolicy
        switch OwnPolicy.write(answers, shapedLike: exampleYAML) {
        case .success(let written): own = written
        case .failure(let problems): throw problems
        }
        let workspace = try await Workspaces(database: database)
            .create(slug: slug, policyYAML: own.yaml, owner: ownerID, actor: ownerID, now: now)
        return Done(workspace: workspace, notes: own.notes)
    }
}
