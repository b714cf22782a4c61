// Loads the demo business and gives it 2,000 appointments (most of them in the past year, the
// rest spread over the next 60 days, where they shape the free times) for the booking page
// benchmark, then books one visit as a customer and prints the link to manage it:
//   gatehouse-booking-seed --database URL [--appointments 2000]
import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import SQLKit

func argument(_ name: String, default value: String? = nil) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return value }
    return CommandLine.arguments[index + 1]
}

struct AppointmentRow: Codable {
    var id, workspace_id: String
    var customer_id: String?
    var kind, title: String
    var starts_at, ends_at: Int64
    var place, agenda, collisions, status, created_by: String
    var created_at, updated_at: Int64
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let location = try DatabaseLocation.parse(argument("--database") ?? "sqlite:gatehouse-data/booking.sqlite")
let total = Int(argument("--appointments") ?? "2000")!
let database = try await Database.open(location)
let now = SystemDeskClock().now()
try await database.migrate(now: now)
let yaml = try String(contentsOf: root.appendingPathComponent("examples/plumber-chicago.yml"), encoding: .utf8)
let loaded = try await DemoBusiness.load(database: database, policyYAML: yaml, passwordHash: "not used by the benchmark",
                                         settings: IntakeSettings(), now: now)
let workspace = loaded.workspace
let calendar = try workspace.businessCalendar()
let customers = try await Customers(database: database, workspaceID: workspace.id).list(limit: 200).items

// Five in ten of the next 60 days' working hours stay free; the rest of the 2,000 are history.
let ahead = min(total, 300)
var rows: [AppointmentRow] = []
let today = calendar.localTime(of: now).date
for index in 0..<total {
    let future = index < ahead
    let day = future ? today.adding(days: Int64(1 + index % 60)) : today.adding(days: -Int64(1 + index % 330))
    // Mornings after the focus block, on the half hour: 10:30 … 12:00, and 14:00 for every fifth.
    let minute = index % 5 == 4 ? 14 * 60 : 10 * 60 + 30 + 30 * ((index / 60) % 4)
    guard let start = calendar.instant(of: day, minute: minute) else { continue }
    let customer = customers[index % customers.count]
    rows.append(AppointmentRow(id: NewID.make(), workspace_id: workspace.id.rawValue, customer_id: customer.id.rawValue,
                               kind: "call", title: "Call with \(customer.name)", starts_at: start.secondsSince1970,
                               ends_at: start.secondsSince1970 + 20 * 60, place: "By phone", agenda: "", collisions: "",
                               status: "booked", created_by: "seed", created_at: now.secondsSince1970,
                               updated_at: now.secondsSince1970))
}
let seeded = rows
try await database.write { sql in
    for start in stride(from: 0, to: seeded.count, by: 200) {
        try await sql.insert(into: "appointments").models(Array(seeded[start..<min(start + 200, seeded.count)])).run()
    }
}
let bookings = CustomerBookings(database: database, workspace: workspace, publicBaseURL: "", wakeOutbox: {})
let slot = try await bookings.offer(kindID: "visit", booker: .stranger, now: now).slots.dropFirst(8).first
guard let slot else { fatalError("no free visit to book") }
let booked = try await bookings.book(kindID: "visit", start: slot.start,
                                     details: .init(name: "Bench Mark", email: "bench@example.org", address: "1 Lake St, Chicago"),
                                     customer: nil, now: now)
print("slug=\(workspace.slug)")
print("manage=/w/\(workspace.slug)/booking/\(booked.manageToken)")
print("appointments=\(rows.count + 1)")
await database.close()
