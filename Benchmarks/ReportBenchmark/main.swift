// The monthly report benchmark: one workspace with 1,000 customers and 200,000 time entries, all
// in the reported month (the worst case), with charges, referrals and promises beside them; then
// the report for that month (the store's grouped queries and Core's decisions, as the Reports page
// and the API make it) timed several times.
//   gatehouse-report-bench --database URL [--customers 1000] [--entries 200000] [--runs 15]
import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import SQLKit

func argument(_ name: String, default value: String) -> String {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return value }
    return CommandLine.arguments[index + 1]
}

struct CustomerRow: Codable {
    var id, workspace_id, name, kind, plan_id, notes: String
    var created_at, updated_at: Int64
}

struct EntryRow: Codable {
    var id, workspace_id, customer_id, user_id: String
    var started_at, ended_at: Int64
    var billable, urgent: Int
    var source, note: String
    var created_at: Int64
}

struct ChargeRow: Codable {
    var id, workspace_id, customer_id, kind, description: String
    var amount_cents, charged_at: Int64
}

struct ConversationRow: Codable {
    var id, workspace_id, customer_id, subject, channel, status: String
    var promised_at: Int64
    var created_at, updated_at, last_message_at: Int64
    var urgent: Int
    var quadrant, scope, reasons, status_token: String
}

struct TaskRow: Codable {
    var id, workspace_id, kind, payload, idempotency_key, state: String
    var run_at, attempts, created_at, updated_at: Int64
    var conversation_id: String
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let location = try DatabaseLocation.parse(argument("--database", default: "sqlite:gatehouse-data/report.sqlite"))
let customerCount = Int(argument("--customers", default: "1000"))!
let entryCount = Int(argument("--entries", default: "200000"))!
let runs = Int(argument("--runs", default: "15"))!
let database = try await Database.open(location)
let yaml = try String(contentsOf: root.appendingPathComponent("examples/plumber-chicago.yml"), encoding: .utf8)
let calendar = BusinessCalendar(policy: try Policy.read(yaml: yaml))
let month = ReportMonth(year: 2026, month: 11)
let (monthStart, monthEnd) = month.bounds(calendar)
let now = monthEnd + TimeSpan.hours(1)
try await database.migrate(now: now)
let workspace = try await Workspaces(database: database).create(slug: "bench-\(NewID.make().prefix(8).lowercased())",
                                                                policyYAML: yaml, actor: "bench", now: monthStart)
var random = SeededRandom(seed: 7)
let seeding = Date()
let customers = (0..<customerCount).map { index in
    CustomerRow(id: NewID.make(), workspace_id: workspace.id.rawValue, name: "Customer \(index)", kind: "customer",
                plan_id: index % 3 == 0 ? "care" : "standard", notes: "", created_at: monthStart.secondsSince1970 - 86_400,
                updated_at: monthStart.secondsSince1970 - 86_400)
}
try await database.write { sql in
    for chunk in stride(from: 0, to: customers.count, by: 500) {
        try await sql.insert(into: "customers").models(Array(customers[chunk..<min(chunk + 500, customers.count)])).run()
    }
}
// A few customers take much of the time, as in life: two entries in five go to three of them.
let span = monthEnd.secondsSince1970 - monthStart.secondsSince1970 - 3600
var written = 0
while written < entryCount {
    var rows: [EntryRow] = []
    for _ in 0..<min(2000, entryCount - written) {
        let customer = Int.random(in: 0..<5, using: &random) < 2 ? customers[Int.random(in: 0..<3, using: &random)]
            : customers.randomElement(using: &random)!
        let start = monthStart.secondsSince1970 + Int64.random(in: 0..<span, using: &random)
        rows.append(EntryRow(id: NewID.make(), workspace_id: workspace.id.rawValue, customer_id: customer.id, user_id: "owner",
                             started_at: start, ended_at: start + 60 * Int64.random(in: 5...45, using: &random),
                             billable: Int.random(in: 0..<5, using: &random) == 0 ? 0 : 1,
                             urgent: Int.random(in: 0..<20, using: &random) == 0 ? 1 : 0, source: "manual", note: "",
                             created_at: start))
    }
    try await database.write { [rows] sql in
        // 11 columns a row: 500 rows stay under SQLite's and PostgreSQL's limits on bound values.
        for chunk in stride(from: 0, to: rows.count, by: 500) {
            try await sql.insert(into: "time_entries").models(Array(rows[chunk..<min(chunk + 500, rows.count)])).run()
        }
    }
    written += rows.count
}
// Loaded in bulk, around the repository: the day totals are counted once afterwards.
try await DayTotals.recount(workspaceID: workspace.id, database: database)
var charges: [ChargeRow] = []
var conversations: [ConversationRow] = []
var tasks: [TaskRow] = []
for index in 0..<2000 {
    let customer = customers.randomElement(using: &random)!
    let at = monthStart.secondsSince1970 + Int64.random(in: 0..<span, using: &random)
    if index < 500 {
        charges.append(ChargeRow(id: NewID.make(), workspace_id: workspace.id.rawValue, customer_id: customer.id,
                                 kind: ["job", "change_order", "additional"][index % 3], description: "Work",
                                 amount_cents: Int64.random(in: 5_000...90_000, using: &random), charged_at: at))
    }
    let conversation = ConversationRow(id: NewID.make(), workspace_id: workspace.id.rawValue, customer_id: customer.id, subject: "Leak",
                                       channel: "email", status: "open", promised_at: at, created_at: at - 7200,
                                       updated_at: at, last_message_at: at, urgent: 0, quadrant: "schedule",
                                       scope: "in_scope", reasons: "[]", status_token: NewID.make())
    conversations.append(conversation)
    if index % 5 != 0 {
        tasks.append(TaskRow(id: NewID.make(), workspace_id: workspace.id.rawValue, kind: Outbox.kind, payload: "{}",
                             idempotency_key: "reply:\(NewID.make())", state: "done", run_at: at - 3600, attempts: 1,
                             created_at: at - 5000, updated_at: at - 3600 + (index % 7 == 0 ? 7200 : 0),
                             conversation_id: conversation.id))
    }
}
try await database.write { [charges, conversations, tasks] sql in
    for chunk in stride(from: 0, to: charges.count, by: 200) {
        try await sql.insert(into: "charges").models(Array(charges[chunk..<min(chunk + 200, charges.count)])).run()
    }
    for chunk in stride(from: 0, to: conversations.count, by: 200) {
        try await sql.insert(into: "conversations").models(Array(conversations[chunk..<min(chunk + 200, conversations.count)])).run()
    }
    for chunk in stride(from: 0, to: tasks.count, by: 200) {
        try await sql.insert(into: "tasks").models(Array(tasks[chunk..<min(chunk + 200, tasks.count)])).run()
    }
}
print("seeded \(customerCount) customers, \(entryCount) time entries, \(charges.count) charges, \(conversations.count) promises "
      + "in \(String(format: "%.1f", Date().timeIntervalSince(seeding))) s")

/// CPU time this process has used (user and system), in milliseconds: with SQLite the database
/// works inside the process, so this is the report's own cost even on a busy machine.
#if os(Linux)
let RUSAGE_SELF_VALUE = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
let RUSAGE_SELF_VALUE = RUSAGE_SELF
#endif

func processCPU() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF_VALUE, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
}

let reporting = try MonthlyReporting(database: database, workspace: workspace)
var times: [Double] = []
var cpu: [Double] = []
var last: MonthReport?
for run in 0...runs {
    let clock = ContinuousClock()
    let started = clock.now
    let cpuBefore = processCPU()
    last = try await reporting.report(month, now: now)
    let elapsed = clock.now - started
    if run > 0 { cpu.append(processCPU() - cpuBefore) }
    let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    if run > 0 { times.append(ms) } // the first run warms the connection and the caches
}
times.sort()
cpu.sort()
let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
print("report for \(month): \(last!.report.customers.count) customers, \(last!.report.totalTime.spokenDescription), "
      + "\(last!.report.flagged.count) flagged, \(last!.promises.reduce(0) { $0 + $1.total }) promises")
print(String(format: "runs=%d wall: median=%.1f ms best=%.1f ms worst=%.1f ms; this process's CPU: median=%.1f ms worst=%.1f ms",
             times.count, median, times.first!, times.last!, cpu[cpu.count / 2], cpu.last!))
// Where the time goes: the store's two reads on their own.
let reports = Reports(database: database, workspaceID: workspace.id)
var figureTimes: [Double] = [], promiseTimes: [Double] = []
for _ in 0..<runs {
    let clock = ContinuousClock()
    var started = clock.now
    _ = try await reports.figures(from: monthStart, to: monthEnd)
    var elapsed = clock.now - started
    figureTimes.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    started = clock.now
    _ = try await reports.promises(from: monthStart, to: monthEnd)
    elapsed = clock.now - started
    promiseTimes.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
}
figureTimes.sort()
promiseTimes.sort()
print(String(format: "of which: time and charges per customer median=%.1f ms; promises median=%.1f ms",
             figureTimes[runs / 2], promiseTimes[runs / 2]))
await database.close()
