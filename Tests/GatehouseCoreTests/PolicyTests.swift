import Foundation
import Testing
@testable import GatehouseCore

/// Reading policy files: what is accepted, and a precise error for every kind of mistake.
@Suite("Policy file")
struct PolicyTests {
    /// The problems found in a policy, as `LINE:COLUMN: error: MESSAGE` lines.
    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try Policy.read(yaml: yaml)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    static let head = """
        business:
          name: Test Co
          timezone: America/Chicago
        hours:
          mon-fri: 09:00-17:00

        """

    @Test("a policy with only business, hours and closures is valid and gets the documented defaults")
    func minimal() throws {
        let policy = try Policy.read(yaml: """
            business:
              name: Small Shop
              timezone: Europe/Berlin
            hours:
              mon, wed: 09:00-12:00
              fri-sat: 10:00-14:00, 15:00-18:00
            closures:
              2026-12-24: 09:00-11:00
              2026-12-25..2026-12-26: Christmas
              2027-01-01: closed
            """)
        #expect(policy.hours[.monday] == [OpeningInterval(start: 540, end: 720)])
        #expect(policy.hours[.tuesday].isEmpty)
        #expect(policy.hours[.wednesday] == policy.hours[.monday])
        #expect(policy.hours[.saturday].count == 2)
        #expect(policy.hours[.sunday].isEmpty)
        #expect(policy.closures.count == 3)
        #expect(policy.closures[0].kind == .specialHours([OpeningInterval(start: 540, end: 660)]))
        #expect(policy.closures[1].kind == .closed(reason: "Christmas"))
        #expect(policy.closures[2].kind == .closed(reason: nil))
        #expect(policy.responseWindows.starts.isEmpty)
        #expect(policy.day.emergencyBuffer == .minutes(60))
        #expect(policy.plans.map(\.id) == ["standard"])
        #expect(policy.defaultPlan.firstResponse == .businessDays(1))
        #expect(policy.channels[.email].status == .accepted)
        #expect(policy.channels[.sms].status == .notAccepted)
        #expect(policy.business.currency == "USD")
        #expect(policy.template(.acknowledgement).parts.contains(.placeholder("promise")))
    }

    @Test("overnight intervals, whole days and wrap-around day ranges")
    func hoursForms() throws {
        let policy = try Policy.read(yaml: """
            business: {name: Night Desk, timezone: Australia/Sydney}
            hours:
              fri-mon: 22:00-06:00
              tue: [08:00-12:00, 13:00-17:00]
              thu: 00:00-24:00
            """)
        #expect(policy.hours[.friday] == [OpeningInterval(start: 1320, end: 1800)])
        #expect(policy.hours[.sunday] == policy.hours[.friday])
        #expect(policy.hours[.monday] == policy.hours[.friday])
        #expect(policy.hours[.thursday] == [OpeningInterval(start: 0, end: 1440)])
        #expect(policy.hours[.tuesday].count == 2)
        #expect(policy.hours[.wednesday].isEmpty)
    }

    @Test("every example policy is valid")
    func examples() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yml") }
        #expect(files.count >= 3)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(throws: Never.self, "\(file)") { try Policy.read(yaml: text) }
        }
    }

    // MARK: - Every kind of error, at its line and column

    @Test("unknown keys are reported with a did-you-mean suggestion")
    func unknownKeys() {
        #expect(Self.problems(Self.head + "respons_windows:\n  at: [10:30]\n") == [
            "6:1: error: unknown key 'respons_windows' in the policy; did you mean 'response_windows'?",
        ])
        #expect(Self.problems("business:\n  name: X\n  timezone: UTC\n  emial: a@b.c\nhours: {}\n") == [
            "4:3: error: unknown key 'emial' in business; did you mean 'email'?",
        ])
    }

    @Test("missing required sections and keys")
    func missing() {
        #expect(Self.problems("business:\n  name: X\n") == [
            "1:1: error: missing required key 'hours' in the policy; for example hours: {mon-fri: 09:00-17:00}",
            "2:3: error: missing required key 'timezone' in the mapping at line 2; for example timezone: America/Chicago",
        ])
        #expect(Self.problems("") == [
            "1:1: error: the policy is empty; it needs at least 'business' (name and timezone) and 'hours'",
        ])
    }

    @Test("bad times point at the bad interval inside the line", arguments: [
        ("  sat: 25:00-26:00\n", "6:8: error: hours.sat: '25:00' in '25:00-26:00' is not a time: hours run from 00 to 23 (24:00 is the end of the day)"),
        ("  sat: 10:00-12:00, 9am-1pm\n", "6:21: error: hours.sat: '9am' in '9am-1pm' is not a time; expected 24-hour HH:MM such as 09:00 or 17:30"),
        ("  sat: 10:75-12:00\n", "6:8: error: hours.sat: '10:75' in '10:75-12:00' is not a time: minutes run from 00 to 59"),
        ("  sat: 10:00\n", "6:8: error: hours.sat: '10:00' is not an interval; expected start and end like 08:00-12:00"),
        ("  sat: \"24:00-02:00\"\n", "6:9: error: hours.sat: '24:00-02:00' starts at 24:00; 24:00 may only end an interval (write 00:00 to start at midnight)"),
    ])
    func badTimes(line: String, expected: String) {
        #expect(Self.problems(Self.head + line) == [expected])
    }

    @Test("overlapping intervals, a day given twice, and an overnight shift running into the next day")
    func overlaps() {
        let base = "business: {name: X, timezone: UTC}\nhours:\n"
        #expect(Self.problems(base + "  mon: 08:00-12:00, 11:00-14:00\n") == [
            "3:8: error: hours.mon: 08:00-12:00 overlaps 11:00-14:00; intervals of one day must not overlap",
        ])
        #expect(Self.problems(base + "  mon-fri: 09:00-17:00\n  wed: 10:00-12:00\n") == [
            "4:3: error: Wednesday is given twice in hours: by 'wed' here and by 'mon-fri' at line 3",
        ])
        #expect(Self.problems(base + "  mon: 22:00-08:00\n  tue: 07:00-12:00\n") == [
            "3:8: error: Monday's overnight hours 22:00-08:00 run into Tuesday's 07:00-12:00; end the overnight interval before the next day opens",
        ])
        #expect(Self.problems(base + "  someday: 09:00-10:00\n") == [
            "3:3: error: 'someday' is not a day in hours; expected mon, tue, wed, thu, fri, sat or sun",
        ])
    }

    @Test("an unknown time zone is named, with a suggestion")
    func timeZone() {
        #expect(Self.problems("business:\n  name: X\n  timezone: Europe/Berln\nhours: {}\n") == [
            "3:13: error: unknown time zone 'Europe/Berln'; expected an IANA name like America/Chicago; did you mean 'Europe/Berlin'?",
        ])
        #expect(Self.problems("business:\n  name: X\n  timezone: CST\nhours: {}\n").count == 1)
    }

    @Test("closures: impossible dates, backwards ranges, dates given twice, bad special hours")
    func closures() {
        #expect(Self.problems(Self.head + "closures:\n  2026-02-30: closed\n  2026-12-26..2026-12-24: Christmas\n") == [
            "7:3: error: '2026-02-30' is not a date or range of dates in closures; expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, with real dates",
            "8:3: error: the range '2026-12-26..2026-12-24' ends before it starts",
        ])
        #expect(Self.problems(Self.head + "closures:\n  2026-12-24..2026-12-26: Christmas\n  2026-12-25: closed\n") == [
            "8:3: error: closures: '2026-12-25' covers dates already given by '2026-12-24..2026-12-26' at line 7; each date may be given once",
        ])
        #expect(Self.problems(Self.head + "closures:\n  2026-12-24: 08:00-12:60\n") == [
            "7:15: error: closures.2026-12-24: '12:60' in '08:00-12:60' is not a time: minutes run from 00 to 59",
        ])
    }

    @Test("unparseable durations and prices")
    func durationsAndPrices() {
        #expect(Self.problems(Self.head + "response_windows:\n  at: [10:30]\n  length: a while\n") == [
            "8:11: error: 'a while' is not a duration for response_windows.length; expected hours and minutes like 45m, 2h or 1h30m",
        ])
        #expect(Self.problems(Self.head + "services:\n  - id: fix\n    price: cheap\n") == [
            "8:12: error: 'cheap' is not a price; expected an amount with an optional unit, like 120/hour, 450/job, 49/month or quote",
        ])
        #expect(Self.problems(Self.head + "services:\n  - id: fix\n    price: 120/fortnight\n") == [
            "8:12: error: 'fortnight' is not a price unit in '120/fortnight'; expected one of hour, day, week, month, year, job, visit, item, call, project, session, page",
        ])
        #expect(Self.problems(Self.head + "plans:\n  - id: care\n    first_response: soon\n") == [
            "8:21: error: 'soon' is not a first-response promise; expected a promise in business time, like '1 business day', '2 business days', '4 business hours' or '90m'",
        ])
    }

    @Test("a plan or template naming something that does not exist")
    func danglingNames() {
        #expect(Self.problems(Self.head + "services:\n  - id: repair\nplans:\n  - id: care\n    services: [repiar]\n") == [
            "10:15: error: plans.care.services names 'repiar', which is not a service in this policy; did you mean 'repair'?",
        ])
        #expect(Self.problems(Self.head + "templates:\n  acknowledgement: |\n    Hi {{customer.frist_name}},\n    see you by {{promise}}.\n") == [
            "8:8: error: templates.acknowledgement: unknown placeholder {{customer.frist_name}}; did you mean 'customer.first_name'?",
        ])
        #expect(Self.problems(Self.head + "templates:\n  acknowledgment: Hello\n") == [
            "7:3: error: unknown key 'acknowledgment' in templates; did you mean 'acknowledgement'?",
        ])
        #expect(Self.problems(Self.head + "urgent:\n  reach_by: pigeon\n") == [
            "7:13: error: 'pigeon' is not a channel for urgent.reach_by; expected one of email, web_form, phone, sms, chat",
        ])
        #expect(Self.problems(Self.head + "urgent:\n  reach_by: phone\n") == [
            "7:13: error: urgent.reach_by is phone, but business.phone is not set; add the number customers should use",
        ])
    }

    @Test("a response window outside opening hours, and overlapping windows")
    func windows() {
        #expect(Self.problems(Self.head + "response_windows:\n  at: [10:30, 19:00]\n") == [
            "7:15: error: the response window at 19:00 is outside opening hours on every day; a window must start while the business is open",
        ])
        #expect(Self.problems(Self.head + "response_windows:\n  at: 10:30, 10:45\n  length: 30m\n") == [
            "7:14: error: response windows at 10:30 and 10:45 overlap: each lasts 30m",
        ])
    }

    @Test("windows that run past midnight into the first window overlap too")
    func windowsAcrossMidnight() {
        #expect(Self.problems("business: {name: X, timezone: UTC}\nhours: {mon-sun: 00:00-24:00}\n"
                              + "response_windows:\n  at: [00:05, 23:50]\n") == [
            "4:15: error: response windows at 23:50 and 00:05 overlap across midnight: each lasts 30m",
        ])
    }

    @Test("a price in another currency than the business's is an error")
    func currencies() throws {
        #expect(Self.problems(Self.head + "services:\n  - id: fix\n    price: €120/hour\n") == [
            "8:12: error: '€120/hour' is written in another currency; this business's prices are in USD (set business.currency to change it)",
        ])
        let policy = try Policy.read(yaml: Self.head + "services:\n  - id: fix\n    price: $120.50 per hour\n")
        #expect(policy.services[0].price == .amount(cents: 12_050, per: "hour"))
    }

    @Test("empty sections mean the defaults; defaults never break the policy's own limits")
    func emptySectionsAndDefaults() throws {
        let policy = try Policy.read(yaml: """
            business: {name: Tiny, timezone: UTC}
            hours: {sat: 10:00-10:45}
            closures:
              2026-07-04: "4th of July: closed"
            response_windows:
            day:
              max_meeting_time: 20m
            urgent:
            plans:
              - id: basic
            """)
        #expect(policy.closures[0].kind == .closed(reason: "4th of July: closed"))
        #expect(policy.responseWindows.starts.isEmpty)
        #expect(policy.day.emergencyBuffer == .minutes(45))
        #expect(policy.plans[0].meetingLength == .minutes(20))
        #expect(policy.urgent.reachBy == nil)
    }

    @Test("an emergency buffer longer than the day")
    func buffer() {
        #expect(Self.problems(Self.head + "day:\n  emergency_buffer: 9h\n") == [
            "7:21: error: day.emergency_buffer of 9h is longer than the longest working day (Monday, 8h open)",
        ])
    }

    @Test("wrong shapes and invalid YAML are reported, not crashed on")
    func shapes() {
        #expect(Self.problems(Self.head + "services:\n  id: repair\n") == [
            "7:3: error: services must be a list (each item starting with '- '), but a mapping was given",
        ])
        #expect(Self.problems("business: [1, 2\nhours: {}\n").first?.contains("the file is not valid YAML") == true)
        #expect(Self.problems(Self.head + "hours:\n  mon: 09:00-10:00\n").first?.contains("'hours' is given twice") == true)
    }

    @Test("every problem in a file is reported at once, in file order")
    func allAtOnce() {
        let problems = Self.problems("""
            business:
              name: X
              timezone: Mars/Olympus
            hours:
              mon: 9-5
            day:
              emergency_buffer: lots
            plans:
              - id: care
                urgent_access: perhaps
            """)
        #expect(problems.count == 4)
        #expect(problems.map { $0.prefix(2) } == ["3:", "5:", "7:", "10"])
    }
}
