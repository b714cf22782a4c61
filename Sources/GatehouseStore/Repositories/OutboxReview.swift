import Foundation
import GatehouseCore
import SQLKit

/// The emails put aside when sending is switched on, until the owner has seen them: held, with
/// a note that says why, and released, rewritten or cancelled one by one as the owner decides.
extension Outbox {
    /// The note of an email held for the owner's review at switch-on. Every note of an email
    /// under review begins as this one does (see `LateMail` for the others).
    public static let reviewNote = OutboxEmail.reviewNote
    static let reviewPrefix = "waiting for your review:%"

    /// Holds every email waiting to leave, for the owner's review; how many.
    @discardableResult
    public func holdForReview(now: Instant) async throws -> Int {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            try await sql.update("tasks").set("state", to: "held").set("note", to: Self.reviewNote)
                .set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, Self.kind)
                .where("state", .equal, "queued")
                .returning("id").all().count
        }
    }

    /// The emails held for review, oldest first, with the text of each.
    public func underReview(limit: Int = 500) async throws -> [(email: OutboxEmail, text: String, written: Instant)] {
        let workspaceID = self.workspaceID
        let tasks = try await database.read { sql in
            try await sql.select().columns("*").from("tasks")
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, Self.kind)
                .where("state", .equal, "held").where("note", .like, Self.reviewPrefix)
                .orderBy("created_at").orderBy("id").limit(limit).all(decoding: QueuedTask.self)
        }
        let emails = try await describe(tasks)
        let conversations = Conversations(database: database, workspaceID: workspaceID)
        var found: [(email: OutboxEmail, text: String, written: Instant)] = []
        for email in emails {
            var text = ""
            if let payload = email.payload { text = try await conversations.message(payload.messageID)?.textBody ?? "" }
            found.append((email, text, Instant(secondsSince1970: email.task.createdAt)))
        }
        return found
    }

    /// A held acknowledgement written again with a fresh promise: its text and message
    /// replaced, the conversation's promise moved to the fresh one (the old one never reached the
    /// customer), and it goes now. False when it is no longer held.
    public func rewriteHeld(_ taskID: String, messageID: String, raw: Data, contentHash: String, text: String,
                            conversationID: Conversation.ID?, promise: Instant, note: String, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            let still = try await sql.update("tasks").set("state", to: "queued").set("note", to: note)
                .set("run_at", to: now.secondsSince1970).set("updated_at", to: now.secondsSince1970).set("attempts", to: 0)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, taskID).where("state", .equal, "held")
                .returning("id").all()
            guard !still.isEmpty else { return false }
            try await sql.update("messages").set("text_body", to: text).set("raw_size", to: Int64(raw.count))
                .set("content_hash", to: contentHash)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, messageID).run()
            try await sql.update("message_sources").set("raw", to: raw).where("message_id", .equal, messageID).run()
            if let conversationID {
                try await Promises.rewritten(conversationID: conversationID, due: promise.secondsSince1970, words: text,
                                             at: now.secondsSince1970, workspaceID: workspaceID, sql: sql)
                try await sql.update("conversations").set("updated_at", to: now.secondsSince1970)
                    .where("workspace_id", .equal, workspaceID).where("id", .equal, conversationID).run()
            }
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: "desk", action: "outbox.rewrite",
                                      subjectType: "task", subjectID: taskID, details: note, now: now)
            return true
        }
    }

    /// A held email's decision with the owner's reason kept as its note: it goes now, or not at all.
    public func settleHeld(_ taskID: String, send: Bool, note: String, now: Instant) async throws -> Bool {
        let workspaceID = self.workspaceID
        return try await database.write { sql in
            let update = sql.update("tasks").set("note", to: note).set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("kind", .equal, Self.kind)
                .where("id", .equal, taskID).where("state", .equal, "held")
            if send {
                // The owner's go-ahead: tried afresh, its earlier failures behind it.
                update.set("state", to: "queued").set("run_at", to: now.secondsSince1970).set("attempts", to: 0)
            } else {
                update.set("state", to: "cancelled")
            }
            return try await !update.returning("id").all().isEmpty
        }
    }

    /// A held email's note changed, for one that stays held (the owner is asked).
    public func noteHeld(_ taskID: String, note: String, now: Instant) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("tasks").set("note", to: note).set("updated_at", to: now.secondsSince1970)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, taskID).where("state", .equal, "held")
                .run()
        }
    }
}
