import GatehouseCore
import SQLKit

/// The `charges` rows: money a customer owes beyond the plan's fee, written in the same
/// transaction as what caused it (an agreed job, an accepted change order).
enum ChargeLedger {
    struct Row: Codable {
        var id: String
        var workspace_id: Workspace.ID
        var customer_id: Customer.ID
        var job_id: Job.ID?
        var change_order_id: String?
        var kind, description: String
        var amount_cents: Int64
        var charged_at: Int64
    }

    static func insert(_ row: Row, in sql: any SQLDatabase) async throws {
        try await sql.insert(into: "charges").model(row).run()
    }
}
