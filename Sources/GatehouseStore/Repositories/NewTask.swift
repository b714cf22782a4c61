import GatehouseCore
import SQLKit

/// A task about to be queued: what to do, for whom, and the key that makes it happen once.
struct NewTask: Sendable {
    var id: String = NewID.make()
    var workspaceID: Workspace.ID?
    var kind: String
    /// The task's input, as JSON text.
    var payload: String
    var key: IdempotencyKey
    var runAt: Int64
    /// Why it runs when it does, for the owner.
    var note: String? = nil
    /// The conversation an email belongs to.
    var conversationID: Conversation.ID? = nil
    /// Queued to run, or kept as done from the start (a record of work done elsewhere).
    var state: QueuedTask.State = .queued
}

/// The key that keeps a piece of work from being queued twice: one spelling for each kind of
/// work, made only here.
struct IdempotencyKey: Sendable, Hashable {
    let text: String

    /// An email the desk writes in answer to a received message (`acknowledgement`, `owner-alert`):
    /// one of each purpose per message.
    static func answer(purpose: String, to messageID: String) -> IdempotencyKey { .init(text: "\(purpose):\(messageID)") }
    /// The owner's reply stored as `messageID`.
    static func reply(_ messageID: String) -> IdempotencyKey { .init(text: "reply:\(messageID)") }
    /// A webhook's delivery of the event about a received message.
    static func webhook(_ hookID: String, about messageID: String) -> IdempotencyKey {
        .init(text: "webhook:\(hookID):\(messageID)")
    }
    /// A key the caller names (a notice to the owner, a periodic task's run).
    static func named(_ text: String) -> IdempotencyKey { .init(text: text) }
}

extension TaskQueue {
    /// The one writer of the `tasks` table: queues `tasks` in multi-row statements inside the
    /// caller's transaction. A task whose key was queued before is skipped, never queued again;
    /// returns the ids of the tasks that were queued.
    @discardableResult
    static func insert(_ tasks: [NewTask], at: Int64, in sql: any SQLDatabase) async throws -> Set<String> {
        var queued = Set<String>()
        for start in stride(from: 0, to: tasks.count, by: 200) {
            let insert = sql.insert(into: "tasks")
                .columns("id", "workspace_id", "kind", "payload", "idempotency_key", "state", "run_at", "attempts",
                         "created_at", "updated_at", "note", "conversation_id")
            for task in tasks[start..<min(start + 200, tasks.count)] {
                insert.values(SQLBind(task.id), SQLBind(task.workspaceID), SQLBind(task.kind), SQLBind(task.payload),
                              SQLBind(task.key.text), SQLBind(task.state.rawValue), SQLBind(task.runAt),
                              SQLBind(0), SQLBind(at), SQLBind(at), SQLBind(task.note), SQLBind(task.conversationID))
            }
            struct Row: Decodable { var id: String }
            queued.formUnion(try await insert.ignoringConflicts(with: "idempotency_key").returning("id")
                .all(decoding: Row.self).map(\.id))
        }
        return queued
    }
}
