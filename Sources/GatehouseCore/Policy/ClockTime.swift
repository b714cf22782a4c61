/// Local wall-clock times of day as policies write them (`08:00`, `24:00`).
public enum ClockTime {
    /// Minutes after midnight for `HH:MM` (00:00 … 24:00), or nil.
    public static func minutes(_ text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
              let hour = digits(bytes, 0, 2), let minute = digits(bytes, 3, 2),
              minute < 60, hour < 24 || (hour == 24 && minute == 0)
        else { return nil }
        return hour * 60 + minute
    }

    /// `HH:MM` for minutes after midnight.
    public static func text(_ minutes: Int) -> String {
        pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2)
    }

    /// `9:30 am` style for people who do not read 24-hour times.
    public static func spoken(_ minutes: Int) -> String {
        let normalized = minutes % 1440
        let hour = normalized / 60
        let minute = normalized % 60
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        if normalized == 0 { return "midnight" }
        if normalized == 720 { return "noon" }
        return "\(twelve):\(pad(minute, 2)) \(hour < 12 ? "am" : "pm")"
    }
}
