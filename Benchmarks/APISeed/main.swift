// Fills a workspace with a realistic volume of customers and conversations
// for the API benchmark:
//   gatehouse-api-seed --database URL --workspace SLUG [--customers 20000] [--conversations 100000]
// The workspace is created (from the plumber example) if it does not exist.
import Foundation
import GatehouseCore
import GatehouseStore
import SQLKit

func argument(_ name: String, default value: String? = nil) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return value }
    return CommandLine.arguments[index + 1]
}

struct CustomerRow: Codable {
    var id, workspace_id, name, kind, plan_id, notes: String
    var created_at, updated_at: Int64
}

struct ContactRow: Codable {
    var id, workspace_id, customer_id, kind, value: String
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let location = try DatabaseLocation.parse(argument("--database") ?? "sqlite:gatehouse-data/bench.sqlite")
let slug = argument("--workspace") ?? "bench"
let customerCount = Int(argument("--customers") ?? "20000")!
let conversationCount = Int(argument("--conversations") ?? "100000")!
let database = try await Database.open(location)
let base = Instant(secondsSince1970: 1_767_225_600)
try await database.migrate(now: base)
let workspaces = Workspaces(database: database)
let workspace: Workspace
if let existing = try await workspaces.find(slug: slug) {
    workspace = existing
} else {
    let yaml = try String(contentsOf: root.appendingPathComponent("examples/plumber-chicago.yml"), encoding: .utf8)
    workspace = try await workspaces.create(slug: slug, policyYAML: yaml, actor: "seed", now: base)
}

var random = SeededRandom(seed: 7)
let firstNames = ["Ana", "Ben", "Chloe", "Dev", "Eva", "Femi", "Grace", "Hugo", "Iris", "Jon", "Kai", "Lena", "Mo", "Nia"]
let lastNames = ["Rivera", "Okafor", "Schmidt", "Nguyen", "Kowalski", "Haddad", "Larsen", "Moreau", "Tanaka", "Silva"]
let subjects = ["Leaking tap in the kitchen", "No hot water since this morning", "Quote for a new water heater",
                "Radiator makes a noise", "Question about my invoice", "Blocked drain", "Annual boiler check"]

let started = Date()
var customerIDs: [String] = []
let batch = 500
var index = 0
while index < customerCount {
    let rows = (index..<min(index + batch, customerCount)).map { number -> CustomerRow in
        let name = "\(firstNames.randomElement(using: &random)!) \(lastNames.randomElement(using: &random)!) \(number)"
        return CustomerRow(id: NewID.make(), workspace_id: workspace.id.rawValue, name: name, kind: "customer",
                           plan_id: number % 5 == 0 ? "care" : "standard", notes: "",
                           created_at: base.secondsSince1970, updated_at: base.secondsSince1970)
    }
    let contacts = rows.enumerated().map { offset, row in
        ContactRow(id: NewID.make(), workspace_id: workspace.id.rawValue, customer_id: row.id, kind: "email",
                   value: "customer\(index + offset)@example.com")
    }
    try await database.write { sql in
        try await sql.insert(into: "customers").models(rows).run()
        try await sql.insert(into: "contact_points").models(contacts).run()
    }
    customerIDs += rows.map(\.id)
    index += batch
}
index = 0
while index < conversationCount {
    /// A conversation row as the seed writes it.
    struct ConversationRow: Encodable {
        var id, workspace_id, customer_id, subject, channel, status: String
        var promised_at, created_at, updated_at, last_message_at: Int64
    }
    let rows = (index..<min(index + batch, conversationCount)).map { number -> ConversationRow in
        let at = base.secondsSince1970 + Int64(number) * 97
        return ConversationRow(id: NewID.make(), workspace_id: workspace.id.rawValue,
                               customer_id: customerIDs[Int.random(in: 0..<customerIDs.count, using: &random)],
                               subject: subjects.randomElement(using: &random)!, channel: "email", status: "open",
                               promised_at: at + 7200, created_at: at, updated_at: at, last_message_at: at)
    }
    try await database.write { sql in try await sql.insert(into: "conversations").models(rows).run() }
    index += batch
}
// A freshly bulk-loaded PostgreSQL database gets its visibility map and statistics from
// autovacuum within a minute or so; done here, so that work does not land in the middle of
// the measurement (it once took the p99 from 25 to 208 ms). SQLite has nothing of the kind.
if database.backend == .postgres {
    try await database.read { sql in try await sql.raw("VACUUM ANALYZE").run() }
}
print("seeded \(customerCount) customers and \(conversationCount) conversations into \(slug) in "
      + String(format: "%.1f s", Date().timeIntervalSince(started)))
await database.close()
