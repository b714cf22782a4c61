// Loads the demo business and scales it to many conversations for the page benchmark, then
// opens a session for its owner and prints the cookie:
//   gatehouse-pages-seed --database URL [--conversations 10000]
// Each added conversation has a customer's message, a quadrant with its reason, a scope and a
// promise spread around now, as intake would have left them.
import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseWeb
import SQLKit

func argument(_ name: String, default value: String? = nil) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return value }
    return CommandLine.arguments[index + 1]
}

struct ConversationRow: Codable {
    var id, workspace_id, customer_id, subject, channel, status: String
    var promised_at: Int64
    var created_at, updated_at, last_message_at: Int64
    var urgent: Int
    var quadrant, scope, reasons, status_token: String
}

struct MessageRow: Codable {
    var id, workspace_id, conversation_id, direction, channel, header_message_id, content_hash: String
    var raw_size: Int64
    var sender, subject, text_body: String
    var received_at, processed_at: Int64
}

struct SourceRow: Codable {
    var message_id: String
    var raw: Data
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let location = try DatabaseLocation.parse(argument("--database") ?? "sqlite:gatehouse-data/pages.sqlite")
let total = Int(argument("--conversations") ?? "10000")!
let database = try await Database.open(location)
let now = SystemDeskClock().now()
try await database.migrate(now: now)
let yaml = try String(contentsOf: root.appendingPathComponent("examples/plumber-chicago.yml"), encoding: .utf8)
let loaded = try await DemoBusiness.load(database: database, policyYAML: yaml, passwordHash: "not used: the benchmark signs in by session",
                                         settings: IntakeSettings(), now: now)
let workspace = loaded.workspace
let customers = try await Customers(database: database, workspaceID: workspace.id).list(limit: 200).items
let existing = try await Conversations(database: database, workspaceID: workspace.id).list(limit: 200).items.count

var random = SeededRandom(seed: 11)
let subjects = ["Leaking tap in the kitchen", "No hot water since this morning", "Quote for a new water heater",
                "Radiator makes a noise", "Question about my invoice", "Blocked drain", "Annual boiler check"]
let bodies = ["The tap in the kitchen drips all day and night. Could you come and look at it next week?",
              "There has been no hot water since this morning. The boiler shows a red light.",
              "We would like a quote for replacing our old water heater, ideally before the winter.",
              "The radiator in the bedroom knocks loudly when the heating comes on.",
              "I think my last invoice was charged twice. Could you check, please?"]
let places: [(quadrant: String, reason: String, urgent: Int, scope: String)] = [
    ("do-now", "do now: urgent by the policy's signs and important (the Care plan)", 1, "in_scope"),
    ("schedule", "schedule: important (the Care plan) but not urgent by the policy's signs", 0, "in_scope"),
    ("delegate-or-refer", "delegate or refer: the work is for Lakeside Roofing, a partner the policy refers it to", 0, "out_of_scope"),
    ("someday", "someday: neither urgent by the policy's signs nor important; it is answered in turn", 0, "unclear"),
]
let started = Date()
var made = existing
let batch = 250
while made < total {
    var conversations: [ConversationRow] = []
    var messages: [MessageRow] = []
    var sources: [SourceRow] = []
    for _ in 0..<min(batch, total - made) {
        let customer = customers.randomElement(using: &random)!
        // Mostly someday and scheduled work, a few urgent: a realistic spread.
        let roll = Int.random(in: 0..<100, using: &random)
        let place = places[roll < 3 ? 0 : roll < 30 ? 1 : roll < 40 ? 2 : 3]
        let at = now.secondsSince1970 - Int64.random(in: 600..<(90 * 86_400), using: &random)
        let id = NewID.make(), messageID = NewID.make()
        let subject = subjects.randomElement(using: &random)!
        let body = bodies.randomElement(using: &random)!
        conversations.append(ConversationRow(
            id: id, workspace_id: workspace.id.rawValue, customer_id: customer.id.rawValue, subject: subject, channel: "email",
            status: Int.random(in: 0..<10, using: &random) < 7 ? "open" : "closed",
            promised_at: at + Int64.random(in: 3600..<(3 * 86_400), using: &random), created_at: at, updated_at: at,
            last_message_at: at, urgent: place.urgent, quadrant: place.quadrant, scope: place.scope, reasons: place.reason,
            status_token: StatusToken.make()))
        let raw = Data("From: \(customer.name) <\(customer.emails.first ?? "someone@example.net")>\r\nSubject: \(subject)\r\n\r\n\(body)\r\n".utf8)
        messages.append(MessageRow(
            id: messageID, workspace_id: workspace.id.rawValue, conversation_id: id, direction: "inbound", channel: "email",
            header_message_id: "\(messageID)@example.net", content_hash: messageID, raw_size: Int64(raw.count),
            sender: customer.emails.first ?? "someone@example.net", subject: subject, text_body: body, received_at: at,
            processed_at: at))
        sources.append(SourceRow(message_id: messageID, raw: raw))
    }
    let (rows, inbound, raws) = (conversations, messages, sources)
    try await database.write { sql in
        try await sql.insert(into: "conversations").models(rows).run()
        try await sql.insert(into: "messages").models(inbound).run()
        try await sql.insert(into: "message_sources").models(raws).run()
    }
    made += conversations.count
}
// With --articles N, the workspace's help grows to N published articles (the help search page
// benchmark, Benchmarks/help/run.sh), drawn from a vocabulary of trade words as in gatehouse-help-bench.
let articleCount = Int(argument("--articles") ?? "0")!
if articleCount > 0 {
    let trade = ["drain", "sink", "toilet", "faucet", "tap", "leak", "pipe", "valve", "heater", "boiler", "radiator", "pressure",
                 "shower", "bath", "tub", "disposal", "sewer", "vent", "thermostat", "pilot", "flush", "tank", "washer",
                 "cartridge", "seal", "hose", "meter", "filter", "softener", "pump", "sump", "gutter", "basement", "kitchen",
                 "bathroom", "laundry", "garage", "outdoor", "spigot", "frozen", "noise", "smell", "drip", "clog", "slow",
                 "cold", "hot", "warm", "water", "gas", "electric", "install", "replace", "repair", "clean", "check", "reset"]
    let filler = ["the", "a", "my", "is", "it", "and", "when", "after", "since", "every", "only", "then", "but", "again"]
    func words(_ count: Int) -> String {
        (0..<count).map { index in
            index % 3 == 2 ? filler.randomElement(using: &random)! : trade.randomElement(using: &random)!
        }.joined(separator: " ")
    }
    let help = HelpArticles(database: database, workspaceID: workspace.id)
    let have = try await help.all(for: .owner).count
    for number in have..<articleCount {
        _ = try await help.create(ArticleDraft(title: "\(words(4)) \(number)", category: "Category \(number % 12)",
                                               tags: [words(1), words(1), words(2)], questions: [words(7), words(8), words(6)],
                                               body: words(250), isPublished: true), actor: "bench", now: now)
    }
    FileHandle.standardError.write(Data("seeded \(articleCount) help articles\n".utf8))
}
print("slug=\(workspace.slug)")
let owner = try await Accounts(database: database).credentials(email: DemoBusiness.ownerEmail)!.user
let sessionID = TokenMaker.make().token
try await SignIns(database: database).create(SignInRecord(
    idHash: TokenMaker.hash(sessionID), userID: owner.id, workspaceID: workspace.id, csrfToken: "bench",
    createdAt: now.secondsSince1970, expiresAt: now.secondsSince1970 + 86_400, lastSeenAt: now.secondsSince1970,
    address: "127.0.0.1", userAgent: "gatehouse-pages-seed"))
let someConversation = try await Conversations(database: database, workspaceID: workspace.id).list(limit: 1).items.first!.id
FileHandle.standardError.write(Data(("seeded \(made) conversations in " + String(format: "%.1f s", Date().timeIntervalSince(started)) + "\n").utf8))
print("cookie=gatehouse_session=\(sessionID)")
print("conversation=\(someConversation)")
print("customer=\(customers[0].id)")
await database.close()
