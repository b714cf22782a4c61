import Foundation

/// The calendar invitation sent with a booking's confirmation (RFC 5545 with RFC 5546's methods):
/// `REQUEST` to book or move it (the same UID, a higher SEQUENCE each time), `CANCEL` to take it
/// away. The times are the business's own, with its time zone written out, so the customer's
/// calendar shows them in theirs.
public struct BookingInvitation: Sendable, Equatable {
    public enum Method: String, Sendable { case request = "REQUEST", cancel = "CANCEL" }

    /// Someone on the invitation: a name and an email address.
    public struct Person: Sendable, Equatable {
        public var name: String
        public var email: String

        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    public var method: Method
    /// The same for every version of one booking.
    public var uid: String
    /// 0 when booked, one more each time it is moved or cancelled.
    public var sequence: Int
    public var start: Instant
    public var end: Instant
    public var summary: String
    public var location: String
    /// The time box and how it will go, for the customer.
    public var description: String
    public var organizer: Person
    public var attendee: Person

    public init(method: Method, uid: String, sequence: Int, start: Instant, end: Instant, summary: String, location: String,
                description: String, organizer: Person, attendee: Person) {
        self.method = method
        self.uid = uid
        self.sequence = sequence
        self.start = start
        self.end = end
        self.summary = summary
        self.location = location
        self.description = description
        self.organizer = organizer
        self.attendee = attendee
    }

    /// The `text/calendar; method=…` body, written at `now`, in `timeZone`.
    public func document(timeZone: TimeZone, now: Instant) -> String {
        let zone = timeZone.identifier
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Gatehouse//Bookings//EN", "CALSCALE:GREGORIAN",
                     "METHOD:" + method.rawValue]
        lines += Self.timeZoneComponent(timeZone, around: start)
        lines += [
            "BEGIN:VEVENT",
            "UID:" + CalendarFeed.text(uid),
            "SEQUENCE:\(sequence)",
            "DTSTAMP:" + CalendarFeed.utc(now),
            "DTSTART;TZID=\(zone):" + Self.local(start, in: timeZone),
            "DTEND;TZID=\(zone):" + Self.local(end, in: timeZone),
            "SUMMARY:" + CalendarFeed.text(summary),
        ]
        if !location.isEmpty { lines.append("LOCATION:" + CalendarFeed.text(location)) }
        if !description.isEmpty { lines.append("DESCRIPTION:" + CalendarFeed.text(description)) }
        lines.append("ORGANIZER;CN=\(Self.parameter(organizer.name)):mailto:\(organizer.email)")
        lines.append("ATTENDEE;CN=\(Self.parameter(attendee.name));ROLE=REQ-PARTICIPANT;PARTSTAT="
                     + (method == .cancel ? "DECLINED" : "ACCEPTED") + ":mailto:\(attendee.email)")
        lines.append("STATUS:" + (method == .cancel ? "CANCELLED" : "CONFIRMED"))
        lines += ["TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
        return lines.map(CalendarFeed.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `20261123T133000`: the wall-clock time in the zone, for a TZID date-time.
    static func local(_ instant: Instant, in zone: TimeZone) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(instant.secondsSince1970))
        let shifted = Instant(secondsSince1970: instant.secondsSince1970 + Int64(zone.secondsFromGMT(for: date)))
        return String(CalendarFeed.utc(shifted).dropLast())
    }

    /// A parameter value: quoted, without the characters a quoted value may not hold.
    static func parameter(_ value: String) -> String {
        "\"" + value.filter { $0 != "\"" && !$0.isNewline && $0 != "\r" } + "\""
    }

    /// The VTIMEZONE for `zone` as it stands at `instant`: the observance in force then, from
    /// the change of clocks that began it (the year's other observance too, when the zone has one).
    static func timeZoneComponent(_ zone: TimeZone, around instant: Instant) -> [String] {
        let moment = Date(timeIntervalSince1970: TimeInterval(instant.secondsSince1970))
        var transitions: [Date] = []
        var cursor = moment.addingTimeInterval(-400 * 86_400)
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < moment.addingTimeInterval(400 * 86_400) {
            transitions.append(next)
            cursor = next
        }
        func observance(from change: Date?, at date: Date) -> [String] {
            let to = zone.secondsFromGMT(for: date)
            let from = change.map { zone.secondsFromGMT(for: $0.addingTimeInterval(-1)) } ?? to
            let name = zone.isDaylightSavingTime(for: date) ? "DAYLIGHT" : "STANDARD"
            let onset = change.map { Instant(secondsSince1970: Int64($0.timeIntervalSince1970) + Int64(from)) }
                ?? Instant(secondsSince1970: 0)
            return ["BEGIN:" + name, "DTSTART:" + String(CalendarFeed.utc(onset).dropLast()),
                    "TZOFFSETFROM:" + offset(from), "TZOFFSETTO:" + offset(to),
                    "TZNAME:" + (zone.abbreviation(for: date) ?? zone.identifier), "END:" + name]
        }
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + zone.identifier]
        let before = transitions.last { $0 <= moment }
        lines += observance(from: before, at: moment)
        if let after = transitions.first(where: { $0 > moment }) {
            lines += observance(from: after, at: after.addingTimeInterval(1))
        }
        lines.append("END:VTIMEZONE")
        return lines
    }

    /// `-0600`, `+0530`.
    static func offset(_ seconds: Int) -> String {
        let magnitude = abs(seconds)
        return (seconds < 0 ? "-" : "+") + String(format: "%02d%02d", magnitude / 3600, magnitude / 60 % 60)
    }
}
