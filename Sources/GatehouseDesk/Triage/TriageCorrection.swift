import GatehouseCore
import GatehouseStore

/// The owner corrects the desk's triage of a conversation: their judgement places it, the
/// reasons say so, and each change is kept with who made it and their note.
public struct TriageCorrection: Sendable {
    let database: Database
    let workspaceID: Workspace.ID
    /// The policy's rule for urgent matters that are not important, which places them.
    let urgentRule: UrgentWithoutAccess

    /// What a correction did.
    public enum Outcome: Sendable, Equatable {
        /// The conversation is placed where the owner said, and the changes are recorded.
        case corrected
        /// The owner's judgement is what the conversation already stood at: nothing was written.
        case unchanged
        /// The conversation is not this workspace's.
        case notFound
    }

    /// The longest note kept with a correction, in characters.
    public static let noteLength = 1000

    public init(database: Database, workspaceID: Workspace.ID, urgentRule: UrgentWithoutAccess = .nextOpening) {
        self.database = database
        self.workspaceID = workspaceID
        self.urgentRule = urgentRule
    }

    /// The triage of a conversation as a judgement the owner can change.
    public func judgement(of conversation: Conversation) -> OwnerJudgement {
        Self.judgement(of: conversation, urgentRule: urgentRule)
    }

    /// The triage of a conversation as a judgement, under the policy's rule for urgent matters.
    public static func judgement(of conversation: Conversation, urgentRule: UrgentWithoutAccess) -> OwnerJudgement {
        // A conversation the triage never judged is answered in turn, like the someday ones.
        OwnerJudgement.standing(urgent: conversation.urgent, quadrant: conversation.quadrant ?? .someday,
                                important: conversation.important, scope: conversation.scope ?? .unclear,
                                urgentRule: urgentRule)
    }

    /// Places `conversation` as the owner judged it (urgent, important, scope); a referral the
    /// triage made stands while the scope does.
    public func correct(_ conversation: Conversation, urgent: Bool, important: Bool, scope: ScopeFinding, note: String,
                        actor: String, now: Instant) async throws -> Outcome {
        let before = judgement(of: conversation)
        let after = OwnerJudgement(urgent: urgent, important: important, scope: scope, referred: before.referred,
                                   urgentRule: urgentRule)
        let changes = after.changes(from: before)
        guard !changes.isEmpty else { return .unchanged }
        let applied = try await Corrections(database: database, workspaceID: workspaceID)
            .apply(after, to: conversation.id, changes: changes, reasons: after.reasons(replacing: conversation.reasons, before: before),
                   note: String(note.prefix(Self.noteLength)), actor: actor, now: now)
        return applied ? .corrected : .notFound
    }
}
