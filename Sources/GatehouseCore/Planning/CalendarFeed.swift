import Foundation

/// One event of a calendar feed: an appointment as a calendar app shows it.
public struct CalendarEvent: Sendable, Equatable {
    /// Stable across feeds, so that a calendar app updates the event instead of adding another.
    public var uid: String
    public var start: Instant
    public var end: Instant
    public var summary: String
    public var location: String
    public var description: String
    public var cancelled: Bool
    /// When the event last changed.
    public var modified: Instant

    public init(uid: String, start: Instant, end: Instant, summary: String, location: String, description: String,
                cancelled: Bool, modified: Instant) {
        self.uid = uid
        self.start = start
        self.end = end
        self.summary = summary
        self.location = location
        self.description = description
        self.cancelled = cancelled
        self.modified = modified
    }
}

/// The owner's appointments as an RFC 5545 iCalendar document that any calendar app can subscribe
/// to: CRLF line ends, lines folded at 75 octets, TEXT values escaped, times in UTC.
public enum CalendarFeed {
    /// The `text/calendar` body for `events`, written at `now` (each event's DTSTAMP).
    public static func document(name: String, events: [CalendarEvent], now: Instant) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Gatehouse//Appointments//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + text(name),
        ]
        for event in events {
            lines += [
                "BEGIN:VEVENT",
                "UID:" + text(event.uid),
                "DTSTAMP:" + utc(now),
                "LAST-MODIFIED:" + utc(event.modified),
                "DTSTART:" + utc(event.start),
                "DTEND:" + utc(event.end),
                "SUMMARY:" + text(event.summary),
            ]
            if !event.location.isEmpty { lines.append("LOCATION:" + text(event.location)) }
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + text(event.description)) }
            lines.append("STATUS:" + (event.cancelled ? "CANCELLED" : "CONFIRMED"))
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// A DATE-TIME in UTC: `20261123T140000Z`.
    public static func utc(_ instant: Instant) -> String {
        let day = CivilDate(dayNumber: floorDiv(instant.secondsSince1970, 86_400))
        let second = Int(instant.secondsSince1970 - day.dayNumber * 86_400)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", day.year, day.month, day.day,
                      second / 3600, second / 60 % 60, second % 60)
    }

    /// A TEXT value escaped as RFC 5545 §3.3.11 asks: backslash, semicolon, comma and line breaks.
    public static func text(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r\n", "\n", "\r": out += "\\n"
            default:
                // Other control characters are not allowed in TEXT.
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
                   scalar.value < 0x20 || scalar.value == 0x7F { out += " " } else { out.append(character) }
            }
        }
        return out
    }

    /// A content line folded so that no line is longer than 75 octets, never inside a UTF-8
    /// character; each continuation starts with one space.
    public static func fold(_ line: String) -> String {
        var parts: [String] = []
        var current = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            let limit = parts.isEmpty ? 75 : 74
            if octets + size > limit {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.unicodeScalars.append(scalar)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
