import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("gatehouse simulate")
struct SimulateCommandTests {
    @Test("two policies on the same week of traffic: the figures of each and the difference side by side")
    func compare() throws {
        let plumber = GatehouseProcess.example("plumber-chicago.yml")
        let yaml = try String(contentsOfFile: plumber, encoding: .utf8)
        let third = try temporaryFile(yaml.replacingOccurrences(of: "at: [10:30, 15:30]", with: "at: [10:30, 13:00, 15:30]"))
        defer { try? FileManager.default.removeItem(at: third.deletingLastPathComponent()) }
        let result = try GatehouseProcess.run(["simulate", "--policy", plumber, "--compare", third.path, "--days", "7",
                                               "--customers", "standard=30,care=10", "--messages-per-day", "6",
                                               "--start", "2026-11-02T00:00:00-06:00", "--seed", "5"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("Simulating 7 days from Monday, November 2 at 12:00 AM, seed 5: 30 on standard, 10 on care"))
        #expect(result.outputLines.filter { $0.hasPrefix("  Promises kept: ") && !$0.contains("→") }.count == 2)
        #expect(result.outputLines.contains { $0.hasPrefix("  Promised wait on care: median ") })
        #expect(result.output.contains("On the same traffic, \(plumber) → \(third.path):"))
        #expect(result.outputLines.contains { $0.hasPrefix("  Promises kept: ") && $0.contains("→") })
        // The same seed, the same figures.
        let again = try GatehouseProcess.run(["simulate", "--policy", plumber, "--days", "7", "--customers", "standard=30,care=10",
                                              "--messages-per-day", "6", "--start", "2026-11-02T00:00:00-06:00", "--seed", "5"])
        let kept = { (output: [String]) in output.first { $0.hasPrefix("  Promises kept: ") } }
        #expect(kept(again.outputLines) == kept(result.outputLines))
    }

    @Test("--replay runs the workspace's own last days again under the policy, and says what it replayed")
    func replay() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let location = DatabaseLocation.sqlite(path: folder.appendingPathComponent("desk.sqlite").path)
        // Twelve customers wrote over the last three days, by the real clock the command reads.
        let now = Instant(secondsSince1970: Int64(Date().timeIntervalSince1970))
        let database = try await Database.open(location, connectTimeout: .seconds(120))
        try await database.migrate(now: now - TimeSpan.hours(24 * 4))
        let workspace = try await Workspaces(database: database)
            .create(slug: "rivera", policyYAML: TestPolicies.plumber, actor: "test", now: now - TimeSpan.hours(24 * 4))
        let intake = try Intake(database: database, workspace: workspace)
        for number in 0..<12 {
            let raw = ["From: Customer \(number) <c\(number)@example.org>", "To: office@rivera.example",
                       "Subject: Question \(number)", "Message-ID: <q\(number)@example.org>", "", "Could you help?"]
            _ = try await intake.ingestEmails([Data(raw.joined(separator: "\r\n").utf8)],
                                              now: now - TimeSpan.hours(Int64(6 * number + 1)))
        }
        await database.close()
        let result = try GatehouseProcess.run(["simulate", "--policy", GatehouseProcess.example("plumber-chicago.yml"),
                                               "--replay", "3", "--database", location.url])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("Replaying rivera's last 3 days (from "), "\(result.output)")
        #expect(result.output.contains("12 messages from 12 customers; the owner writes 8 replies an hour."))
        #expect(result.outputLines.contains("  Messages: 12 (0 urgent)"), "\(result.output)")
        let refused = try GatehouseProcess.run(["simulate", "--policy", GatehouseProcess.example("plumber-chicago.yml"),
                                                "--replay", "3", "--start", "2026-11-02T00:00:00-06:00", "--database", location.url])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("--replay takes what happened, when it happened: leave out --start and --customers"))
    }

    @Test("bad input names the option and what is expected", arguments: [
        (["--customers", "gold=3"], "--customers: the policy has no plan 'gold' (its plans: standard, care)"),
        (["--customers", "standard"], "--customers: expected PLAN=COUNT pairs separated by commas, such as standard=40,care=10, not 'standard'"),
        (["--start", "Monday"], "--start: expected an ISO 8601 instant such as 2026-11-02T00:00:00-06:00, not 'Monday'"),
        (["--days", "0"], "--days: expected 1 to 366, not 0"),
        (["--urgent-share", "2"], "--urgent-share: expected a share from 0 to 1, not 2.0"),
    ])
    func badInput(arguments: [String], message: String) throws {
        let result = try GatehouseProcess.run(["simulate", "--policy", GatehouseProcess.example("plumber-chicago.yml")] + arguments)
        #expect(result.status != 0)
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(result.output.isEmpty || !result.output.contains("Promises kept"))
    }
}
