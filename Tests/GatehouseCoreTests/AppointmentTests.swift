import GatehouseCore
import Testing

@Suite("Appointments on the day, time boxes, reply time and the calendar feed")
struct AppointmentTests {
    static let yaml = DayPlanTests.yaml + """

          - id: care
            meeting_length: 30m
        """

    static func setup(_ appointments: [DayBlock] = []) throws -> (Policy, BusinessCalendar, DayPlan) {
        let policy = try Policy.read(yaml: yaml)
        let calendar = BusinessCalendar(policy: policy)
        return (policy, calendar, DayPlan.make(policy: policy, calendar: calendar, date: CivilDate(year: 2026, month: 11, day: 23),
                                               appointments: appointments))
    }

    static func at(_ local: String) throws -> Instant { try ISO8601.parse("2026-11-23T\(local):00-06:00") }

    static func check(_ from: String, _ to: String, override: String? = nil, booked: [DayBlock] = []) throws -> AppointmentCheck {
        let (policy, calendar, plan) = try setup(booked)
        return AppointmentCheck.check(start: try at(from), end: try at(to), title: "Call with Maria", plan: plan, policy: policy,
                                      calendar: calendar, overrideReason: override)
    }

    @Test("a call booked over the focus block is refused unless the owner gives a reason")
    func focusBlock() throws {
        let refused = try Self.check("09:00", "09:30")
        #expect(!refused.accepted)
        #expect(refused.collisions == ["it overlaps the focus block 8:00 AM–10:30 AM"])
        #expect(refused.refusal == "it overlaps the focus block 8:00 AM–10:30 AM. Choose another time, or give a reason to book it anyway.")
        let kept = try Self.check("09:00", "09:30", override: "  Only time the inspector can come  ")
        #expect(kept.accepted)
        #expect(kept.overrideReason == "Only time the inspector can come")
        #expect(kept.reasons.first == "booked anyway, because you said: Only time the inspector can come")
        // A reason of blank space is no reason.
        #expect(!(try Self.check("09:00", "09:30", override: "   ")).accepted)
    }

    @Test("a call in free open time is booked without a reason, and the reason is not kept")
    func freeTime() throws {
        let fine = try Self.check("13:30", "14:00", override: "just because")
        #expect(fine.accepted && fine.collisions.isEmpty && fine.overrideReason == nil)
    }

    @Test("a visit over lunch, after closing or on top of another call is refused, each named in local time")
    func otherCollisions() throws {
        #expect(try Self.check("11:45", "12:30").collisions == ["it falls outside the opening hours (8:00 AM–12:00 PM and 1:00 PM–5:30 PM)"])
        let booked = [DayBlock(kind: .appointment, start: try Self.at("14:00"), end: try Self.at("14:30"), label: "Call with Sam")]
        #expect(try Self.check("14:15", "14:45", booked: booked).collisions == ["it overlaps Call with Sam 2:00 PM–2:30 PM"])
    }

    @Test("the emergency buffer may move, but a call that leaves no room for a whole hour of it is refused")
    func buffer() throws {
        // 16:30–17:30 is the buffer; 13:00–15:30 is free enough for it to move to.
        #expect(try Self.check("16:30", "17:00").accepted)
        // Filling the afternoon leaves no free hour anywhere.
        let busy = [DayBlock(kind: .appointment, start: try Self.at("13:00"), end: try Self.at("15:30"), label: "Site visit")]
        let refused = try Self.check("16:30", "17:00", booked: busy)
        #expect(refused.collisions == ["it takes the emergency buffer 4:30 PM–5:30 PM, and no other free stretch today is long enough for it"])
    }

    @Test("with a call at 14:00, a session started at 13:40 is boxed to 20 minutes and opens with 'I have 20 minutes…'")
    func timeBoxBeforeNextCall() throws {
        let booked = [DayBlock(kind: .appointment, start: try Self.at("14:00"), end: try Self.at("14:30"), label: "Call with Sam")]
        let (policy, calendar, plan) = try Self.setup(booked)
        let care = try #require(policy.plan(id: "care"))
        let box = TimeBox.make(usual: care.meetingLength, usualWhy: "the Care plan's calls are 30 minutes", day: plan,
                               now: try Self.at("13:40"), calendar: calendar)
        #expect(box.minutes == 20)
        #expect(box.setByNextAppointment)
        #expect(box.reasons == ["the Care plan's calls are 30 minutes",
                                "your next appointment, Call with Sam, starts at 2:00 PM, 20 minutes from now",
                                "so the box is 20 minutes, the time left before it"])
        let facts = PlaybookFacts(customerName: "Maria Lopez", customerEmail: nil, plan: care, subject: "", statusLink: "",
                                  promise: nil, reasons: [])
        let line = ReplyPlaybook.openingLine(policy: policy, facts: facts, box: box, now: try Self.at("13:40"))
        #expect(line.hasPrefix("I have 20 minutes before my next appointment"))
    }

    @Test("with no appointment ahead, a session gets the plan's 30 minutes")
    func timeBoxPlanLength() throws {
        let (policy, calendar, plan) = try Self.setup()
        let box = TimeBox.make(usual: .minutes(30), usualWhy: "usual", day: plan, now: try Self.at("13:40"), calendar: calendar)
        #expect(box.minutes == 30 && !box.setByNextAppointment && box.nextAppointment == nil)
        #expect(box.reasons.last == "no other appointment follows today")
        // No appointment follows, so the opening line does not speak of one.
        let facts = PlaybookFacts(customerName: "Maria Lopez", customerEmail: nil, plan: try #require(policy.plan(id: "care")),
                                  subject: "", statusLink: "", promise: nil, reasons: [])
        let line = ReplyPlaybook.openingLine(policy: policy, facts: facts, box: box, now: try Self.at("13:40"))
        #expect(line == "I have 30 minutes set aside for this, so let's make the most of them.")
    }

    @Test("reply time: from the composer to the send, at least a minute, at most an hour, trimmed clear of recorded time")
    func composing() throws {
        let sent = try Self.at("15:00")
        let t = sent.secondsSince1970
        #expect(ComposingTime.decide(shown: t - 600, sent: sent, busy: []) == .record(start: sent - .minutes(10), end: sent, adjustments: []))
        #expect(ComposingTime.decide(shown: t - 5 * 3600, sent: sent, busy: []) == .record(start: sent - .minutes(60), end: sent, adjustments: [.capped]))
        #expect(ComposingTime.decide(shown: t - 10, sent: sent, busy: []) == .record(start: sent - .minutes(1), end: sent, adjustments: [.lengthened]))
        #expect(ComposingTime.decide(shown: t - 1200, sent: sent, busy: [(t - 1800, t - 300)])
                == .record(start: sent - .minutes(5), end: sent, adjustments: [.trimmed]))
        #expect(ComposingTime.decide(shown: t - 1200, sent: sent, busy: [(t - 1800, t + 60)]) == .skip(.covered))
        #expect(ComposingTime.decide(shown: nil, sent: sent, busy: []) == .skip(.missing))
        #expect(ComposingTime.decide(shown: t + 60, sent: sent, busy: []) == .skip(.future))
    }

    /// The feed's content lines, unfolded (RFC 5545 §3.1): a CRLF followed by one space or tab continues the line.
    static func unfold(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n\t", with: "")
            .components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    /// The value of a TEXT property with its escapes undone.
    static func unescape(_ value: String) -> String {
        var out = ""
        var escaping = false
        for c in value {
            if escaping {
                out.append(c == "n" || c == "N" ? "\n" : c)
                escaping = false
            } else if c == "\\" { escaping = true } else { out.append(c) }
        }
        return out
    }

    @Test("the calendar feed is RFC 5545: CRLF lines of at most 75 octets, escaped text, UTC times, cancelled ones marked")
    func feed() throws {
        let agenda = "Leak under the sink; check the valve, the trap, and the hose\\pipe.\nBring the long wrench — and the spare washers for the old Grohe tap, ünd the camera."
        let events = [
            CalendarEvent(uid: "a1@gatehouse", start: try Self.at("14:00"), end: try Self.at("14:30"), summary: "Call with Maria, Lopez",
                          location: "+1 312 555 0142", description: agenda, cancelled: false, modified: try Self.at("08:00")),
            CalendarEvent(uid: "a2@gatehouse", start: try Self.at("16:00"), end: try Self.at("17:00"), summary: "Site visit",
                          location: "", description: "", cancelled: true, modified: try Self.at("09:00")),
        ]
        let text = CalendarFeed.document(name: "Rivera Plumbing", events: events, now: try Self.at("10:00"))
        // Physical lines: CRLF only, none longer than 75 octets.
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
        let lines = Self.unfold(text)
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        #expect(lines.contains("VERSION:2.0") && lines.contains { $0.hasPrefix("PRODID:") })
        // Parse the events back into properties.
        var parsed: [[String: String]] = []
        var current: [String: String]?
        for line in lines {
            if line == "BEGIN:VEVENT" { current = [:]; continue }
            if line == "END:VEVENT" { parsed.append(current ?? [:]); current = nil; continue }
            guard current != nil, let colon = line.firstIndex(of: ":") else { continue }
            current?[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        #expect(parsed.count == 2)
        let first = parsed[0]
        #expect(first["UID"] == "a1@gatehouse")
        #expect(first["DTSTAMP"] == "20261123T160000Z")
        #expect(first["DTSTART"] == "20261123T200000Z" && first["DTEND"] == "20261123T203000Z")
        #expect(first["SUMMARY"] == "Call with Maria\\, Lopez")
        #expect(first["LOCATION"] == "+1 312 555 0142")
        #expect(Self.unescape(first["DESCRIPTION"] ?? "") == agenda)
        #expect(first["DESCRIPTION"]?.contains("\\;") == true && first["DESCRIPTION"]?.contains("\\\\") == true)
        #expect(first["STATUS"] == "CONFIRMED")
        #expect(parsed[1]["STATUS"] == "CANCELLED" && parsed[1]["LOCATION"] == nil)
        // Folding never splits a UTF-8 character, and unfolding gives the line back.
        let long = "SUMMARY:" + String(repeating: "é", count: 80)
        let folded = CalendarFeed.fold(long)
        #expect(folded.components(separatedBy: "\r\n").map(\.utf8.count) == [74, 75, 21])
        #expect(Self.unfold(folded) == [long])
    }
}
