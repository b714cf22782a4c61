import Foundation
import GatehouseCore
import SQLKit

/// One change the owner made to the triage of a conversation.
public struct Correction: Sendable, Equatable {
    public var id: String
    public var conversationID: Conversation.ID
    /// `urgency`, `importance` or `scope`.
    public var field: String
    public var oldValue: String
    public var newValue: String
    public var note: String
    public var actor: String
    public var at: Int64
}

/// The owner's corrections of the triage, of one workspace: kept, never overwritten.
public struct Corrections: Sendable {
    let database: Database
    let workspaceID: Workspace.ID

    public init(database: Database, workspaceID: Workspace.ID) {
        self.database = database
        self.workspaceID = workspaceID
    }

    /// Records the owner's judgement of a conversation and places it where that judgement says.
    /// Returns false when the conversation is not this workspace's.
    public func apply(_ judgement: OwnerJudgement, to conversationID: Conversation.ID, changes: [(field: String, old: String, new: String)],
                      reasons: [String], note: String, actor: String, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            guard try await sql.select().column("id").from("conversations")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, conversationID).first() != nil
            else { return false }
            try await sql.update("conversations")
                .set("urgent", to: judgement.urgent ? 1 : 0).set("important", to: judgement.important ? 1 : 0)
                .set("scope", to: judgement.scope.rawValue).set("quadrant", to: judgement.placement.verdict.rawValue)
                .set("reasons", to: reasons.joined(separator: "\n")).set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, conversationID)
                .run()
            for change in changes {
                try await sql.insert(into: "corrections")
                    .columns("id", "workspace_id", "conversation_id", "field", "old_value", "new_value", "note", "actor", "at")
                    .values(SQLBind(NewID.make()), SQLBind(workspaceID), SQLBind(conversationID), SQLBind(change.field),
                            SQLBind(change.old), SQLBind(change.new), SQLBind(note), SQLBind(actor), SQLBind(now.secondsSince1970))
                    .run()
            }
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "conversation.correct",
                                      subjectType: "conversation", subjectID: conversationID,
                                      details: changes.map { "\($0.field): \($0.old) → \($0.new)" }.joined(separator: "; "),
                                      now: now)
            return true
        }
    }

    /// The corrections of a conversation, oldest first.
    public func list(conversationID: Conversation.ID) async throws -> [Correction] {
        let workspaceID = self.workspaceID
        struct Row: Decodable {
            var id: String
            var conversation_id: Conversation.ID
            var field, old_value, new_value, note, actor: String
            var at: Int64
        }
        return try await database.read { sql in
            try await sql.select().columns("id", "conversation_id", "field", "old_value", "new_value", "note", "actor", "at")
                .from("corrections").where("workspace_id", .equal, workspaceID).where("conversation_id", .equal, conversationID)
                .orderBy("at").orderBy("id").all(decoding: Row.self)
        }.map {
            Correction(id: $0.id, conversationID: $0.conversation_id, field: $0.field, oldValue: $0.old_value,
                       newValue: $0.new_value, note: $0.note, actor: $0.actor, at: $0.at)
        }
    }
}
