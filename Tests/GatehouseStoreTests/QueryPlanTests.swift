import Foundation
@testable import GatehouseStore
import GatehouseCore
import GatehouseTestSupport
import SQLKit
import Testing

/// The statements run for every message or every waiting list must find their rows directly,
/// however large the desk grows. SQLite keeps no statistics, so what it walks is decided by the
/// indexes and by how a statement is written; these read SQLite's own plan for each.
@Suite("Query plans: SQLite looks rows up instead of walking the workspace")
struct QueryPlanTests {
    /// SQLite's plan for a statement, one step a line.
    static func plan(on database: Database, _ build: @escaping @Sendable (any SQLDatabase) -> any SQLExpression) async throws -> String {
        try await database.read { sql in
            let (text, _) = sql.serialize(build(sql))
            return try await sql.raw("EXPLAIN QUERY PLAN \(unsafeRaw: text)").all()
                .map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
        }
    }

    static let ids = (0..<12).map { "message-\($0)" }

    @Test("a batch of messages claimed by id is looked up by key, the workspace only checked")
    func claimByKey() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let checked = try await Self.plan(on: database) { sql in
                sql.update("messages").set("processed_at", to: 1).where(WorkspaceCheck("w1")).where("id", .in, Self.ids)
                    .where("processed_at", .is, SQLLiteral.null).query
            }
            #expect(checked.contains("sqlite_autoindex_messages_1"), "\(checked)")
            // Written the plain way, SQLite walks all of the workspace's messages: why the check exists.
            let plain = try await Self.plan(on: database) { sql in
                sql.update("messages").set("processed_at", to: 1).where("workspace_id", .equal, "w1").where("id", .in, Self.ids)
                    .where("processed_at", .is, SQLLiteral.null).query
            }
            #expect(plain.contains("messages_workspace_conversation (workspace_id=?)"), "\(plain)")
            let customers = try await Self.plan(on: database) { sql in
                sql.update("customers").set("last_acknowledged_at", to: 1).where(WorkspaceCheck("w1")).where("id", .in, Self.ids).query
            }
            #expect(customers.contains("sqlite_autoindex_customers_1"), "\(customers)")
        }
    }

    @Test("the backlog asks each open conversation once when its customer last wrote (one step, not every message)")
    func backlogUsesDirectionIndex() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let plan = try await Self.plan(on: database) { sql in
                sql.select().column(SQLFunction("count", args: SQLLiteral.all)).from("conversations")
                    .where(SQLColumn("workspace_id", table: "conversations"), .equal, SQLBind("w1"))
                    .where(SQLColumn("status", table: "conversations"), .equal, SQLBind("open"))
                    .where(Conversations.unanswered(workspaceID: "w1")).query
            }
            #expect(plan.contains("COVERING INDEX messages_conversation_direction (conversation_id=? AND direction=?)"), "\(plan)")
        }
    }

    @Test("lapsed promises are found among the open ones, not among every promise ever due")
    func lapsedPromisesUseOpenIndex() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let plan = try await Self.plan(on: database) { sql in
                sql.update("promises").set("outcome", to: "broken").where("workspace_id", .equal, "w1")
                    .where("outcome", .equal, "open").where("due_at", .lessThan, 5).where("conversation_id", .in, Self.ids).query
            }
            #expect(plan.contains("promises_open_due (workspace_id=? AND outcome=? AND due_at<?)"), "\(plan)")
        }
    }
}
