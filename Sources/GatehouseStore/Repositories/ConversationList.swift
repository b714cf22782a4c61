import Foundation
import GatehouseCore
import SQLKit



extension Conversations {
    /// Conversations matching `filter`, the earliest promise first (those without a promise last,
    /// newest first), `limit` at a time.
    public func inbox(_ filter: ConversationFilter, after: String? = nil, limit: Int = 25) async throws -> Page<ConversationListing> {
        let limit = max(1, min(limit, 200))
        let cursor = try after.map(PageCursor.decode)
        let workspaceID = self.workspaceID
        let rows = try await database.read { sql in
            let query = sql.select().columns(Conversation.columns.map { SQLColumn($0, table: "conversations") })
                .column(SQLColumn("name", table: "customers"), as: "customer_name")
                .column(SQLColumn("plan_id", table: "customers"))
                .from("conversations")
                .join("customers", on: SQLColumn("id", table: "customers"), .equal, SQLColumn("customer_id", table: "conversations"))
            Self.narrow(query, to: filter, workspaceID: workspaceID, in: sql)
            if let cursor, let key = Int64(cursor.key) {
                // Keyset paging on (promise or "never", -last message, id).
                query.where { group in
                    group.where(Self.promiseKey, .greaterThan, SQLBind(key))
                        .orWhere { inner in
                            inner.where(Self.promiseKey, .equal, SQLBind(key)).where(SQLColumn("id", table: "conversations"), .greaterThan, SQLBind(cursor.id))
                        }
                }
            }
            return try await query.orderBy(SQLOrderBy(expression: Self.promiseKey, direction: SQLDirection.ascending))
                .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "conversations"), direction: SQLDirection.ascending))
                .limit(limit + 1).all()
                .map { row in
                    ConversationListing(conversation: try Conversation(row: row),
                                        customerName: try row.decode(column: "customer_name", as: String.self),
                                        planID: try row.decode(column: "plan_id", as: String.self))
                }
        }
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit
            ? page.last.map { PageCursor(key: String($0.conversation.promisedAt?.secondsSince1970 ?? Self.never), id: $0.conversation.id.rawValue).encoded } : nil
        return Page(items: page, next: next)
    }

    /// How many conversations matching `filter` are in each quadrant (the filter's own quadrant ignored).
    public func quadrantCounts(_ filter: ConversationFilter) async throws -> [String: Int] {
        var unplaced = filter
        unplaced.quadrant = nil
        let filter = unplaced
        let workspaceID = self.workspaceID
        struct Row: Decodable {
            var quadrant: String?
            var count: Int
        }
        let rows = try await database.read { sql in
            let query = sql.select().column(SQLColumn("quadrant", table: "conversations"), as: "quadrant")
                .column(SQLFunction("count", args: SQLLiteral.all), as: "count")
                .from("conversations")
            // The customers only when their plan matters: the count is then read from the inbox index alone.
            if filter.plan?.isEmpty == false {
                query.join("customers", on: SQLColumn("id", table: "customers"), .equal, SQLColumn("customer_id", table: "conversations"))
            }
            Self.narrow(query, to: filter, workspaceID: workspaceID, in: sql)
            return try await query.groupBy(SQLColumn("quadrant", table: "conversations")).all(decoding: Row.self)
        }
        var counts: [String: Int] = [:]
        for row in rows { counts[row.quadrant ?? "someday", default: 0] += row.count }
        return counts
    }

    /// A promise time for sorting: conversations without one sort after every real time.
    static let never: Int64 = 9_000_000_000_000
    static var promiseKey: any SQLExpression {
        SQLFunction("coalesce", args: SQLColumn("promised_at", table: "conversations"), SQLLiteral.numeric(String(never)))
    }

    static func narrow(_ query: SQLSelectBuilder, to filter: ConversationFilter, workspaceID: Workspace.ID, in sql: any SQLDatabase) {
        query.where(SQLColumn("workspace_id", table: "conversations"), .equal, SQLBind(workspaceID))
            .where(SQLColumn("merged_into", table: "conversations"), .is, SQLLiteral.null)
        let exact: [(String, String?)] = [("quadrant", filter.quadrant), ("channel", filter.channel),
                                          ("customer_id", filter.customerID?.rawValue), ("status", filter.status), ("scope", filter.scope)]
        for (column, value) in exact {
            guard let value, !value.isEmpty else { continue }
            query.where(SQLColumn(column, table: "conversations"), .equal, SQLBind(value))
        }
        if let plan = filter.plan, !plan.isEmpty {
            query.where(SQLColumn("plan_id", table: "customers"), .equal, SQLBind(plan))
        }
        if let search = filter.search?.trimmingCharacters(in: .whitespacesAndNewlines), !search.isEmpty {
            let pattern = EscapedLike.containing(search)
            query.where { group in
                group.where(EscapedLike(SQLFunction("lower", args: SQLColumn("subject", table: "conversations")), pattern))
                    .orWhere(SQLColumn("id", table: "conversations"), .in, SQLGroupExpression(
                        sql.select().column("conversation_id").from("messages")
                            .where("workspace_id", .equal, workspaceID)
                            .where(EscapedLike(SQLFunction("lower", args: SQLColumn("text_body")), pattern)).query))
            }
        }
    }
}

extension Conversations {
    /// When the latest message of an urgent conversation arrived (seconds), or nil: what the
    /// owner's live pages watch for, one indexed aggregate.
    public func latestUrgentMessageAt() async throws -> Int64? {
        struct Row: Decodable { var latest: Int64? }
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().column(SQLFunction("MAX", args: SQLColumn("last_message_at")), as: "latest")
                .from("conversations").where("workspace_id", .equal, workspaceID).where("urgent", .equal, 1)
                .where("status", .equal, "open").first(decoding: Row.self)?.latest
        }
    }
}
