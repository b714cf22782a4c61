import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseMail
import GatehouseStore
import GatehouseTestSupport

// The outbox benchmark (issue 5): `gatehouse-outbox-bench DATABASE-URL [MESSAGES] [THROUGHPUT-MESSAGES]`.
//
// 1. SMTP throughput: THROUGHPUT-MESSAGES (default 2,000) messages handed to a local SMTP sink
//    (aiosmtpd, on 127.0.0.1) over one reused connection, one after another.
// 2. A window's start: MESSAGES (default 10,000) replies scheduled for the same instant in the
//    database, then delivered by the outbox — claimed, committed step by step and marked sent —
//    and counted at the sink.
let arguments = CommandLine.arguments
guard arguments.count >= 2, let location = try? DatabaseLocation.parse(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: gatehouse-outbox-bench sqlite:PATH|postgres://… [MESSAGES] [THROUGHPUT-MESSAGES]\n".utf8))
    exit(2)
}
let count = arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000
let throughputCount = arguments.count > 3 ? Int(arguments[3]) ?? 2_000 : 2_000

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func message(_ n: Int) -> Data {
    let filler = String(repeating: "The new washer is in and the tap is quiet again. ", count: 12)
    return Data(("From: Rivera Plumbing <office@rivera.example>\r\nTo: <c\(n)@example.org>\r\nSubject: Re: Job \(n)\r\n"
                 + "Message-ID: <bench-\(n)@rivera.example>\r\n\r\nHello,\r\n\r\n\(filler)\r\n").utf8)
}

/// Sends `count` messages one after another over one connection; how many were accepted.
nonisolated func sendOverOneConnection(_ count: Int, settings: SMTPServerSettings) async throws -> Int {
    try await SMTPClient.withConnection(settings) { connection in
        var accepted = 0
        for n in 0..<count {
            if case .accepted = try await connection.send(from: "office@rivera.example", to: ["c\(n)@example.org"], data: message(n)) {
                accepted += 1
            }
        }
        return accepted
    }
}

do {
    let server = try SMTPTestServer(.init(durable: false))
    defer { server.stop() }
    let settings = SMTPServerSettings(host: "127.0.0.1", port: server.port, security: .none)

    // 1. One connection, one message after another.
    let started = ContinuousClock.now
    let accepted = try await sendOverOneConnection(throughputCount, settings: settings)
    let elapsed = seconds(since: started)
    print(String(format: "smtp: %d of %d messages accepted over one connection in %.2f s: %.0f messages/s",
                 accepted, throughputCount, elapsed, Double(accepted) / elapsed))

    // 2. A window's start.
    let database = try await Database.open(location)
    let now = Instant(secondsSince1970: Int64(Date().timeIntervalSince1970))
    try await database.migrate(now: now)
    let workspace = try await Workspaces(database: database)
        .create(slug: "bench-\(NewID.make().prefix(6).lowercased())", policyYAML: TestPolicies.plumber, actor: "bench", now: now)
    let key = ServerKey.random()
    try await MailSettingsStore(database: database).put(
        try MailSending(method: .smtp(settings)).stored(key: key, at: now.secondsSince1970),
        workspaceID: workspace.id, actor: "bench", now: now)
    let seeding = ContinuousClock.now
    let window = now + .hours(1)
    try await OutboxSeed.seed(database, workspaceID: workspace.id, count: count, sendAt: window, now: now)
    print(String(format: "seeded %d replies for one window in %.1f s", count, seconds(since: seeding)))
    let before = try server.received().count
    let delivering = ContinuousClock.now
    let round = try await OutboxSender(database: database, key: key).deliverDue(now: { window })
    let took = seconds(since: delivering)
    let arrived = try server.received().count - before
    print(String(format: "window: %d replies sent (%d arrived at the sink) in %.1f s: %.0f messages/s; retrying %d, failed %d, uncertain %d",
                 round.sent, arrived, took, Double(round.sent) / took, round.retrying, round.failed, round.uncertain))
    await database.close()
} catch {
    FileHandle.standardError.write(Data("gatehouse-outbox-bench: \(error)\n".utf8))
    exit(1)
}
