import Foundation
import GatehouseCore
import Testing

/// The command-line contract of DESIGN.md, driven through the real executable.
@Suite("gatehouse command line")
struct CommandLineTests {
    static let plumber = GatehouseProcess.example("plumber-chicago.yml")

    @Test("policy check accepts every example and prints a summary", arguments: [
        "plumber-chicago.yml", "designer-berlin.yml", "it-support-sydney.yml",
    ])
    func checkExamples(name: String) throws {
        let result = try GatehouseProcess.run(["policy", "check", GatehouseProcess.example(name)])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("Policy OK: "))
        #expect(result.output.contains("Time zone"))
        #expect(result.errors.isEmpty)
        #expect(result.outputLines.count <= 24, "one screen")
    }

    @Test("policy check reports each problem as FILE:LINE:COLUMN: error: MESSAGE and exits 1")
    func checkErrors() throws {
        let file = try temporaryFile("""
            business:
              name: Broken
              timezone: Mars/Olympus
            hours:
              mon: 9am-5pm
            """)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try GatehouseProcess.run(["policy", "check", file.path])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.errorLines == [
            "\(file.path):3:13: error: unknown time zone 'Mars/Olympus'; expected an IANA name like America/Chicago",
            "\(file.path):5:8: error: hours.mon: '9am' in '9am-5pm' is not a time; expected 24-hour HH:MM such as 09:00 or 17:30",
        ])
    }

    @Test("serve refuses a trusted proxy that is not an address or an IPv4 range, naming it, before opening anything")
    func badTrustedProxy() throws {
        let result = try GatehouseProcess.run(["serve", "--trusted-proxy", "127.0.0.1", "--trusted-proxy", "proxy.example",
                                               "--database", "sqlite:/nonexistent/never-opened.sqlite"])
        #expect(result.status != 0)
        #expect(result.errors.contains("--trusted-proxy: 'proxy.example' is not an IP address or an IPv4 range; expected, for example, 127.0.0.1, 10.0.0.0/8 or ::1"),
                "\(result.errors)")
    }

    @Test("a missing policy file is a clear error, not a crash")
    func missingFile() throws {
        let result = try GatehouseProcess.run(["policy", "check", "/nonexistent/policy.yml"])
        #expect(result.status == 1)
        #expect(result.errors == "/nonexistent/policy.yml: error: cannot open the policy file: no such file\n")
    }

    @Test("policy explain writes the How we work text")
    func explain() throws {
        let result = try GatehouseProcess.run(["policy", "explain", Self.plumber])
        #expect(result.status == 0)
        #expect(result.output.contains("How Rivera Plumbing & Heating works"))
        #expect(result.output.contains("Monday to Thursday: 8:00 AM – 12:00 PM and 1:00 PM – 5:30 PM"))
        #expect(result.output.contains("please call +1 312 555 0142"))
        #expect(result.output.contains("Lakeside Roofing"))
    }

    @Test("calendar due answers each line in the policy's zone, across DST and closures")
    func due() throws {
        let result = try GatehouseProcess.run(["calendar", "due", "--policy", Self.plumber], input: """
            2026-03-06T14:30:00-06:00 1h
            2026-03-06T14:00:00-06:00 1h
            2026-03-06T20:30:00Z 90m
            2026-12-24T11:00:00-06:00 1h30m
            2026-03-09T08:00:00-05:00 0m

            """)
        #expect(result.status == 0)
        #expect(result.errors.isEmpty)
        #expect(result.outputLines == [
            "2026-03-09T08:30:00-05:00", // Friday closes 15:00; the weekend's DST change shifts the offset
            "2026-03-06T15:00:00-06:00", // exactly at the close, not the next morning
            "2026-03-09T09:00:00-05:00",
            "2026-12-28T08:30:00-06:00", // Christmas Eve closes at noon; Christmas closed
            "2026-03-09T08:00:00-05:00",
        ])
    }

    @Test("calendar between and open-at")
    func betweenAndOpenAt() throws {
        let between = try GatehouseProcess.run(["calendar", "between", "--policy", Self.plumber], input: """
            2026-03-06T14:00:00-06:00 2026-03-09T09:00:00-05:00
            2026-03-09T08:00:00-05:00 2026-03-09T08:00:30-05:00
            """)
        #expect(between.status == 0)
        #expect(between.outputLines == ["120", "0.5"])
        let openAt = try GatehouseProcess.run(["calendar", "open-at", "--policy", Self.plumber], input: """
            2026-03-09T12:30:00-05:00
            2026-03-09T13:00:00-05:00
            2026-12-25T10:00:00-06:00
            """)
        #expect(openAt.outputLines == ["closed", "open", "closed"])
    }

    @Test("bad lines are reported with their line number; the good ones are still answered; exit 1")
    func badLines() throws {
        let result = try GatehouseProcess.run(["calendar", "due", "--policy", Self.plumber], input: """
            2026-03-06T14:30:00-06:00 1h
            2026-03-06T14:30:00 1h
            2026-03-06T14:30:00-06:00 soon
            2026-03-06T14:30:00-06:00
            2026-03-09T09:00:00-05:00 30m
            """)
        #expect(result.status == 1)
        #expect(result.outputLines == ["2026-03-09T08:30:00-05:00", "2026-03-09T09:30:00-05:00"])
        #expect(result.errorLines == [
            "stdin:2: error: '2026-03-06T14:30:00' is not an ISO 8601 instant: it has no UTC offset (add Z or an offset like -06:00)",
            "stdin:3: error: 'soon' is not a duration; expected hours and minutes like 90m, 4h or 1h30m",
            "stdin:4: error: expected START DURATION, like 2026-03-06T16:50:00-06:00 90m, but found 1 field",
        ])
    }

    @Test("calendar due takes 100,000 lines in one run and agrees with the library")
    func manyLines() throws {
        let policy = try Policy.read(yaml: String(contentsOfFile: Self.plumber, encoding: .utf8))
        let calendar = BusinessCalendar(policy: policy)
        var input = ""
        var expected: [String] = []
        var state: UInt64 = 99
        for _ in 0..<100_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let start = Instant(secondsSince1970: 1_767_225_600 + Int64(state >> 36) % 63_072_000)
            let minutes = Int64(state >> 20) % 3000
            input += ISO8601.format(start, utcOffsetSeconds: 0) + " \(minutes)m\n"
            expected.append(calendar.iso8601(calendar.adding(.minutes(minutes), to: start)!))
        }
        let result = try GatehouseProcess.run(["calendar", "due", "--policy", Self.plumber], input: input)
        #expect(result.status == 0)
        #expect(result.outputLines.count == 100_000)
        #expect(result.outputLines == expected)
    }

    @Test("a policy with errors stops the calendar before it reads any input")
    func calendarWithBadPolicy() throws {
        let file = try temporaryFile("business: {name: X}\nhours: {}\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try GatehouseProcess.run(["calendar", "due", "--policy", file.path], input: "2026-03-06T14:30:00Z 1h\n")
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.errors.contains("\(file.path):1:11: error: missing required key 'timezone'"))
    }

    @Test("every command has --help", arguments: [
        ["--help"], ["policy", "--help"], ["policy", "check", "--help"], ["policy", "explain", "--help"],
        ["calendar", "--help"], ["calendar", "due", "--help"], ["calendar", "between", "--help"],
        ["calendar", "open-at", "--help"],
    ])
    func help(arguments: [String]) throws {
        let result = try GatehouseProcess.run(arguments)
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: gatehouse"))
    }
}

@Suite("gatehouse migrate")
struct MigrateCommandTests {
    @Test("migrate creates the SQLite schema once and reports an unreachable server with exit 75")
    func migrate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-migrate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = "sqlite:" + folder.appendingPathComponent("desk.sqlite").path
        let first = try GatehouseProcess.run(["migrate", "--database", url])
        #expect(first.status == 0)
        #expect(first.output.contains(": applied ") && first.output.contains(" migrations: 2026-11-22-001-accounts, "))
        let second = try GatehouseProcess.run(["migrate", "--database", url])
        #expect(second.output.hasSuffix("schema is up to date\n"))
        let bad = try GatehouseProcess.run(["migrate", "--database", "mysql://somewhere"])
        #expect(bad.status == 1)
        #expect(bad.errors.contains("--database: 'mysql://somewhere' is not a database URL"))
        // Nothing listens on port 1: the caller is told to try again later (EX_TEMPFAIL).
        let down = try GatehouseProcess.run(["migrate", "--database", "postgres://gatehouse@127.0.0.1:1/desk?sslmode=disable"])
        #expect(down.status == 75)
        #expect(down.errors.contains("cannot connect to postgres://gatehouse@127.0.0.1:1/desk"))
        // How long to wait is the operator's: GATEHOUSE_CONNECT_TIMEOUT seconds, checked.
        let shorter = try GatehouseProcess.run(["migrate", "--database", "postgres://gatehouse@127.0.0.1:1/desk?sslmode=disable"],
                                               environment: ["GATEHOUSE_CONNECT_TIMEOUT": "2"])
        #expect(shorter.status == 75 && shorter.errors.contains("did not answer within 2 seconds"), "\(shorter.errors)")
        let wrong = try GatehouseProcess.run(["migrate", "--database", url], environment: ["GATEHOUSE_CONNECT_TIMEOUT": "soon"])
        #expect(wrong.status == 1)
        #expect(wrong.errors.contains("GATEHOUSE_CONNECT_TIMEOUT: 'soon' is not a number of seconds from 1 to 3600"))
    }
}
