import GatehouseCore
import GatehouseStore

/// The owner changing the policy: the whole file from the editor, or the everyday settings from
/// the policy page's form (written into the file where they changed). A policy that does not
/// read is never saved.
extension WorkspaceDesk {
    /// What saving the everyday settings did.
    public enum SettingsSaved: Sendable, Equatable {
        /// Saved; the parts that changed, in the owner's words.
        case saved([String])
        /// Nothing differed from the policy: nothing was written.
        case unchanged
        /// Answers that cannot go into the policy, each named by its field.
        case refused([SetupProblem])
    }

    /// The policy's everyday settings, as the form shows them.
    public func everydaySettings() throws -> PolicyAnswers {
        PolicyForm.answers(from: try policy())
    }

    /// Writes the answers into the policy file where they differ from it, and saves it.
    public func saveEverydaySettings(_ answers: PolicyAnswers, actor: String) async throws -> SettingsSaved {
        switch PolicyForm.apply(answers, to: workspace.policyYAML) {
        case .failure(let problems):
            return .refused(problems.all)
        case .success(let edit) where edit.changed.isEmpty:
            return .unchanged
        case .success(let edit):
            _ = try await savePolicy(edit.yaml, actor: actor)
            return .saved(edit.changed)
        }
    }

    /// Saves a whole policy file.
    /// - Throws: a `StoreError` when it does not read as a policy.
    @discardableResult
    public func savePolicy(_ yaml: String, actor: String) async throws -> Workspace {
        try await Workspaces(database: database).updatePolicy(workspaceID: workspace.id, policyYAML: yaml, actor: actor, now: now)
    }
}
