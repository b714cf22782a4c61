import Foundation
import GatehouseCore
import GatehouseTestSupport
import Testing

@Suite("The calendar invitation sent with a booking, read by a calendar library nobody here wrote")
struct BookingInvitationTests {
    /// Reads an invitation with Python's icalendar and prints what a calendar app would take from it.
    static let reader = """
        import sys, icalendar
        calendar = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
        print('method', calendar['METHOD'])
        zone = calendar.walk('VTIMEZONE')[0]
        print('zone', zone['TZID'], [c['TZOFFSETTO'].to_ical() for c in zone.subcomponents])
        event = calendar.walk('VEVENT')[0]
        print('uid', event['UID'])
        print('sequence', event['SEQUENCE'])
        print('start', event.decoded('DTSTART').isoformat(), event['DTSTART'].params['TZID'])
        print('end', event.decoded('DTEND').isoformat())
        print('organizer', event['ORGANIZER'], event['ORGANIZER'].params['CN'])
        print('attendee', event['ATTENDEE'], event['ATTENDEE'].params['CN'], event['ATTENDEE'].params['PARTSTAT'])
        print('summary', event['SUMMARY'])
        print('location', event['LOCATION'])
        print('description', event['DESCRIPTION'].replace('\\n', ' / '))
        print('status', event['STATUS'])
        """

    static func read(_ document: String, with python: String) throws -> [String: String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("invitation-\(UUID().uuidString).ics")
        try document.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try PythonTools.run(python, reader, [file.path])
        #expect(run.status == 0, "\(run.output)")
        var fields: [String: String] = [:]
        for line in run.output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }

    static func invitation(_ method: BookingInvitation.Method, sequence: Int, start: String, end: String) throws -> BookingInvitation {
        BookingInvitation(method: method, uid: "a1b2c3@rivera.example", sequence: sequence, start: try ISO8601.parse(start),
                          end: try ISO8601.parse(end), summary: "Site visit, Rivera Plumbing",
                          location: "12 Lake Street, Evanston; back door",
                          description: "We have 60 minutes; here is how it will go:\nfirst the boiler, then the radiators.",
                          organizer: .init(name: "Dana Rivera", email: "office@rivera.example"),
                          attendee: .init(name: "Maria \"Mari\" Lopez", email: "maria@example.org"))
    }

    @Test("booked, moved and cancelled: one UID, the sequence rising, the business's time zone written out, organizer and attendee by name and address, the time box in the description")
    func bookedMovedCancelled() throws {
        guard let python = try PythonTools.program("python") else { return }
        let chicago = try #require(TimeZone(identifier: "America/Chicago"))
        let now = try ISO8601.parse("2026-11-20T12:00:00-06:00")
        let booked = try Self.read(try Self.invitation(.request, sequence: 0, start: "2026-11-23T13:30:00-06:00",
                                                       end: "2026-11-23T14:30:00-06:00").document(timeZone: chicago, now: now),
                                   with: python)
        #expect(booked["method"] == "REQUEST")
        #expect(booked["uid"] == "a1b2c3@rivera.example" && booked["sequence"] == "0")
        #expect(booked["start"] == "2026-11-23T13:30:00-06:00 America/Chicago")
        #expect(booked["end"] == "2026-11-23T14:30:00-06:00")
        #expect(booked["zone"] == "America/Chicago ['-0600', '-0500']", "November's standard time, then March's daylight time")
        #expect(booked["organizer"] == "mailto:office@rivera.example Dana Rivera")
        #expect(booked["attendee"] == "mailto:maria@example.org Maria Mari Lopez ACCEPTED")
        #expect(booked["location"] == "12 Lake Street, Evanston; back door")
        #expect(booked["description"] == "We have 60 minutes; here is how it will go: / first the boiler, then the radiators.")
        #expect(booked["status"] == "CONFIRMED")

        // Moved into summer time: the same UID, the next sequence, the offset of that day.
        let moved = try Self.read(try Self.invitation(.request, sequence: 1, start: "2027-04-05T09:00:00-05:00",
                                                      end: "2027-04-05T10:00:00-05:00").document(timeZone: chicago, now: now),
                                  with: python)
        #expect(moved["uid"] == booked["uid"] && moved["sequence"] == "1")
        #expect(moved["start"] == "2027-04-05T09:00:00-05:00 America/Chicago")

        let cancelled = try Self.read(try Self.invitation(.cancel, sequence: 2, start: "2027-04-05T09:00:00-05:00",
                                                          end: "2027-04-05T10:00:00-05:00").document(timeZone: chicago, now: now),
                                      with: python)
        #expect(cancelled["method"] == "CANCEL" && cancelled["status"] == "CANCELLED" && cancelled["sequence"] == "2")
        #expect(cancelled["attendee"]?.hasSuffix("DECLINED") == true)
    }

    @Test("a zone without summer time has one observance; lines stay within 75 octets and end in CRLF")
    func plainZone() throws {
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        var invitation = try Self.invitation(.request, sequence: 0, start: "2026-11-23T10:00:00+09:00", end: "2026-11-23T11:00:00+09:00")
        invitation.description = String(repeating: "Wir besprechen die Heizung – ", count: 10)
        let document = invitation.document(timeZone: tokyo, now: try ISO8601.parse("2026-11-20T12:00:00+09:00"))
        #expect(document.contains("DTSTART;TZID=Asia/Tokyo:20261123T100000\r\n"))
        #expect(document.components(separatedBy: "BEGIN:STANDARD").count == 2 && !document.contains("BEGIN:DAYLIGHT"))
        #expect(document.hasSuffix("END:VCALENDAR\r\n"))
        #expect(document.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        guard let python = try PythonTools.program("python") else { return }
        let read = try Self.read(document, with: python)
        #expect(read["start"] == "2026-11-23T10:00:00+09:00 Asia/Tokyo")
        #expect(read["description"]?.hasPrefix("Wir besprechen die Heizung – Wir") == true)
    }
}
