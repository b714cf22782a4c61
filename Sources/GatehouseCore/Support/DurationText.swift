/// Reading durations the way owners write them: `90m`, `4h`, `1h30m`,
/// `1h 30m`, `45 minutes`, `2 hours`, `30s`, and ISO 8601's `PT1H30M`.
public enum DurationText {
    /// The span written in `text`, or nil when it is not a duration.
    public static func parse(_ text: Substring) -> TimeSpan? {
        var copy = String(text)
        return copy.withUTF8 { parse($0) }
    }

    /// The span written in these UTF-8 bytes, or nil when it is not a duration.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> TimeSpan? {
        var index = 0
        var total: Int64 = 0
        var sawPart = false
        var iso = false
        if b.count >= 2, b[0] | 0x20 == 112, b[1] | 0x20 == 116 { // "PT"
            iso = true
            index = 2
        }
        while index < b.count {
            while index < b.count, b[index] == 32 { index += 1 }
            if index == b.count { break }
            var value: Int64 = 0
            var digitCount = 0
            while index < b.count, b[index] &- 48 < 10 {
                value = value * 10 + Int64(b[index] - 48)
                digitCount += 1
                index += 1
                if digitCount > 12 { return nil }
            }
            guard digitCount > 0 else { return nil }
            while index < b.count, b[index] == 32 { index += 1 }
            let unitStart = index
            while index < b.count, b[index] | 0x20 >= 97, b[index] | 0x20 <= 122 { index += 1 }
            let multiplier: Int64
            let unit = index - unitStart == 1 ? String(UnicodeScalar(b[unitStart] | 0x20)) : lowercased(b, unitStart, index)
            switch unit {
            case "h", "hr", "hrs", "hour", "hours": multiplier = 3600
            case "m", "min", "mins", "minute", "minutes": multiplier = 60
            case "s", "sec", "secs", "second", "seconds": multiplier = 1
            default: return nil
            }
            total += value * multiplier
            sawPart = true
        }
        _ = iso
        return sawPart ? TimeSpan(seconds: total) : nil
    }

    private static func lowercased(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: b[start..<end].map { $0 | 0x20 }, as: UTF8.self)
    }
}
