// Benchmarks for business-time arithmetic, run with
//   swift run -c release gatehouse-bench [--cli PATH-TO-gatehouse]
// Results are written to standard output; BENCHMARKS.md records them.
import Foundation
import GatehouseCore

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let policyPath = root.appendingPathComponent("examples/plumber-chicago.yml").path
let policy = try Policy.read(yaml: String(contentsOfFile: policyPath, encoding: .utf8))
let calendar = BusinessCalendar(policy: policy)

// Starts spread over 2026-2027 (DST changes and closures included), durations up to a week of business time.
var random = SeededRandom(seed: 42)
let count = 2_000_000
let starts = (0..<count).map { _ in Instant(secondsSince1970: 1_767_225_600 + Int64.random(in: 0..<63_072_000, using: &random)) }
let durations = (0..<count).map { _ in TimeSpan(seconds: Int64.random(in: 0...(41 * 3600), using: &random)) }
let ends = (0..<count).map { starts[$0] + TimeSpan(seconds: Int64.random(in: 0...(7 * 86_400), using: &random)) }

// Warm the calendar's precomputed years so the timing is of the arithmetic itself.
_ = calendar.adding(.hours(2000), to: starts[0])
_ = calendar.adding(.hours(2000), to: Instant(secondsSince1970: 1_767_225_600))

print("Business-time benchmark (policy: examples/plumber-chicago.yml, America/Chicago, closures included)")
var checksum: Int64 = 0
let addTime = seconds {
    for index in 0..<count { checksum &+= calendar.adding(durations[index], to: starts[index])!.secondsSince1970 }
}
print(String(format: "add      %10.0f ops/s  (%d ops, durations up to one week of business time)", Double(count) / addTime, count))
let betweenTime = seconds {
    for index in 0..<count { checksum &+= calendar.openTime(from: starts[index], to: ends[index]).seconds }
}
print(String(format: "between  %10.0f ops/s  (%d ops, spans up to one week of real time)", Double(count) / betweenTime, count))
let openTime = seconds {
    for index in 0..<count where calendar.isOpen(at: starts[index]) { checksum &+= 1 }
}
print(String(format: "open-at  %10.0f ops/s", Double(count) / openTime))

// One-year durations: 52 weeks of this business's open time.
let year = TimeSpan(seconds: 41 * 3600 * 52)
let yearCount = 200_000
let yearTime = seconds {
    for index in 0..<yearCount { checksum &+= calendar.adding(year, to: starts[index])!.secondsSince1970 }
}
print(String(format: "add one business year  %.3f µs per call (%d calls)", yearTime / Double(yearCount) * 1e6, yearCount))

// The command line over 100,000 lines, if a built binary is named.
if let flag = CommandLine.arguments.firstIndex(of: "--cli"), flag + 1 < CommandLine.arguments.count {
    let binary = CommandLine.arguments[flag + 1]
    let inputPath = NSTemporaryDirectory() + "gatehouse-bench-due.txt"
    var lines = ""
    for index in 0..<100_000 {
        lines += ISO8601.format(starts[index], utcOffsetSeconds: -21_600) + " \(durations[index].seconds / 60)m\n"
    }
    try lines.write(toFile: inputPath, atomically: true, encoding: .utf8)
    var best = Double.infinity
    for _ in 0..<5 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["calendar", "due", "--policy", policyPath]
        process.standardInput = FileHandle(forReadingAtPath: inputPath)
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        var failure: Error?
        let elapsed = seconds {
            do {
                try process.run()
                process.waitUntilExit()
            } catch {
                failure = error
            }
        }
        if let failure { fatalError("cannot run \(binary): \(failure)") }
        guard process.terminationStatus == 0 else { fatalError("gatehouse calendar due failed") }
        best = min(best, elapsed)
    }
    print(String(format: "gatehouse calendar due, 100,000 lines: %.3f s wall (best of 5, whole process)", best))
}
// Free slots (issue 20): one kind, 60 days ahead, warm; with no appointments and with 2,000
// spread over the year around it (the booked minutes of the 68 days the offer reads).
let bookingPolicy = try Policy.read(yaml: String(contentsOfFile: policyPath, encoding: .utf8) + """

    booking:
      reserve: 1h
      kinds:
        - {id: call, name: 20-minute call, length: 20m, notice: 4h, days_ahead: 60}
        - {id: visit, name: Site visit, length: 60m, buffer_before: 15m, buffer_after: 15m, where: customer_address, days_ahead: 60}
    """)
let bookingCalendar = BusinessCalendar(policy: bookingPolicy)
let offerNow = Instant(secondsSince1970: 1_795_197_600)  // Friday 2026-11-20, noon in Chicago
let call = bookingPolicy.booking.kind(id: "call")!
let booked = (0..<2_000).map { index -> BookedTime in
    let start = offerNow + TimeSpan(seconds: Int64(index) * 15_768 - 15_768_000)  // every 4.4 hours over a year
    return BookedTime(start: start, end: start + .minutes(20), kindID: index % 2 == 0 ? "visit" : nil, label: "Booked \(index)")
}
for (label, appointments) in [("no appointments", [BookedTime]()), ("2,000 appointments", booked)] {
    var slots = 0
    _ = FreeSlots.offer(kind: call, policy: bookingPolicy, calendar: bookingCalendar, booker: .stranger, now: offerNow,
                        booked: appointments)
    let rounds = 200
    let elapsed = seconds {
        for _ in 0..<rounds {
            slots = FreeSlots.offer(kind: call, policy: bookingPolicy, calendar: bookingCalendar, booker: .stranger,
                                    now: offerNow, booked: appointments).slots.count
        }
    }
    checksum &+= Int64(slots)
    print("free slots, 60 days, \(label): " + String(format: "%.3f", elapsed / Double(rounds) * 1000)
          + " ms per offer (\(slots) slots, \(rounds) rounds)")
}
print("checksum \(checksum)")
