import GatehouseCore
import SQLKit

/// The `charges` rows: money a customer owes beyond the plan's fee, written in the same
/// transaction as what caused it (an agreed job, an accepted change order).
enum ChargeLedger {
    struct Row: Codable {
        var id, workspace_id, customer_id: String
        var job_id, change_order_id: String?
        var kind, description: String
        var amount_cents: Int64
        var charged_at: Int64
    }

    static func insert(_ row: Row, in sql: any SQLDatabase) async throws {
        try await sql.insert(into: "charges").model(row).run()
    }
}
