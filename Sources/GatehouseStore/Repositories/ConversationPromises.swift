import Foundation
import GatehouseCore
import SQLKit

extension Conversations {
    /// Open conversations whose customer wrote last (no reply written since), promised an answer
    /// from `from` until before `before`, the earliest promise first: the promises falling due.
    /// With `urgent`, only those the policy calls urgent (true) or only the others (false).
    public func awaitingAnswer(promisedFrom from: Int64, before: Int64, urgent: Bool? = nil,
                               limit: Int = 50) async throws -> [ConversationListing] {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            let select = sql.select().columns(Conversation.columns.map { SQLColumn($0, table: "conversations") })
                .column(SQLColumn("name", table: "customers"), as: "customer_name")
                .column(SQLColumn("plan_id", table: "customers"))
                .from("conversations")
                .join("customers", on: SQLColumn("id", table: "customers"), .equal, SQLColumn("customer_id", table: "conversations"))
                .where(SQLColumn("workspace_id", table: "conversations"), .equal, SQLBind(workspaceID))
                .where(SQLColumn("merged_into", table: "conversations"), .is, SQLLiteral.null)
                .where(SQLColumn("status", table: "conversations"), .equal, SQLBind("open"))
                .where(SQLColumn("promised_at", table: "conversations"), .greaterThanOrEqual, SQLBind(from))
                .where(SQLColumn("promised_at", table: "conversations"), .lessThan, SQLBind(before))
                .where(Self.unanswered(workspaceID: workspaceID))
            if let urgent { select.where(SQLColumn("urgent", table: "conversations"), .equal, SQLBind(urgent ? 1 : 0)) }
            return try await select.orderBy(SQLColumn("promised_at", table: "conversations"))
                .limit(max(1, min(limit, 200)))
                .all()
                .map { row in
                    ConversationListing(conversation: try Conversation(row: row),
                                        customerName: try row.decode(column: "customer_name", as: String.self),
                                        planID: try row.decode(column: "plan_id", as: String.self))
                }
        }
    }

    /// How many open conversations wait for an answer that was promised: the backlog.
    public func awaitingAnswerCount() async throws -> Int {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            let row = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "waiting")
                .from("conversations")
                .where(SQLColumn("workspace_id", table: "conversations"), .equal, SQLBind(workspaceID))
                .where(SQLColumn("merged_into", table: "conversations"), .is, SQLLiteral.null)
                .where(SQLColumn("status", table: "conversations"), .equal, SQLBind("open"))
                .where(SQLColumn("promised_at", table: "conversations"), .isNot, SQLLiteral.null)
                .where(Self.unanswered(workspaceID: workspaceID))
                .first()
            return Int(try row?.decode(column: "waiting", as: Int64.self) ?? 0)
        }
    }

    /// How many messages customers sent in `[from, to)`.
    public func inboundCount(from: Instant, to: Instant) async throws -> Int {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            let row = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "messages").from("messages")
                .where("workspace_id", .equal, workspaceID).where("direction", .equal, "inbound")
                .where("received_at", .greaterThanOrEqual, from.secondsSince1970).where("received_at", .lessThan, to.secondsSince1970)
                .first()
            return Int(try row?.decode(column: "messages", as: Int64.self) ?? 0)
        }
    }

    /// "No reply (sent or waiting, not cancelled) was written since the customer's latest message",
    /// for the conversation of the surrounding query.
    static func unanswered(workspaceID: Workspace.ID) -> any SQLExpression {
        let customerWrote = SQLSubquery.select { $0
            .column(SQLFunction("coalesce", args: SQLFunction("max", args: SQLColumn("received_at", table: "messages")),
                                SQLLiteral.numeric("0")))
            .from("messages")
            .where(SQLColumn("conversation_id", table: "messages"), .equal, SQLColumn("id", table: "conversations"))
            .where(SQLColumn("direction", table: "messages"), .equal, SQLBind("inbound"))
        }
        let reply = SQLSubquery.select { $0
            .column(SQLLiteral.numeric("1"))
            .from("tasks")
            .where(SQLColumn("workspace_id", table: "tasks"), .equal, SQLBind(workspaceID))
            .where(SQLColumn("conversation_id", table: "tasks"), .equal, SQLColumn("id", table: "conversations"))
            .where(EscapedLike(SQLColumn("idempotency_key", table: "tasks"), "reply:%"))
            .where(SQLColumn("state", table: "tasks"), .notEqual, SQLBind("cancelled"))
            .where(SQLColumn("created_at", table: "tasks"), .greaterThanOrEqual, customerWrote)
        }
        return NotExists(reply)
    }

    /// Which of these conversations have been answered: a reply (sent or waiting, not cancelled)
    /// was written after the customer's latest message. An acknowledgement is not an answer.
    public func answered(_ ids: [Conversation.ID]) async throws -> Set<Conversation.ID> {
        let workspaceID = self.workspaceID
        return try await database.read { sql in try await Self.answered(ids, workspaceID: workspaceID, in: sql) }
    }

    static func answered(_ ids: [Conversation.ID], workspaceID: Workspace.ID, in sql: any SQLDatabase) async throws -> Set<Conversation.ID> {
        guard !ids.isEmpty else { return [] }
        struct Latest: Decodable {
            var conversation_id: Conversation.ID
            var latest: Int64?
        }
        let inbound = try await sql.select().column("conversation_id")
            .column(SQLFunction("max", args: SQLColumn("received_at")), as: "latest")
            .from("messages").where("workspace_id", .equal, workspaceID).where("conversation_id", .in, ids)
            .where("direction", .equal, "inbound").groupBy("conversation_id").all(decoding: Latest.self)
        let replies = try await sql.select().column("conversation_id")
            .column(SQLFunction("max", args: SQLColumn("created_at")), as: "latest")
            .from("tasks").where("workspace_id", .equal, workspaceID).where("conversation_id", .in, ids)
            .where(EscapedLike(SQLColumn("idempotency_key"), "reply:%"))
            .where("state", .notEqual, "cancelled").groupBy("conversation_id").all(decoding: Latest.self)
        let customerWrote = Dictionary(inbound.map { ($0.conversation_id, $0.latest ?? 0) }) { max($0, $1) }
        let replied = Dictionary(replies.map { ($0.conversation_id, $0.latest ?? 0) }) { max($0, $1) }
        return Set(ids.filter { (replied[$0] ?? -1) >= (customerWrote[$0] ?? 0) && replied[$0] != nil })
    }
}

/// `NOT EXISTS (subquery)`, the same on SQLite and PostgreSQL.
struct NotExists: SQLExpression {
    let subquery: any SQLExpression

    init(_ subquery: some SQLExpression) { self.subquery = subquery }

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("NOT EXISTS ")
        subquery.serialize(to: &serializer)
    }
}
