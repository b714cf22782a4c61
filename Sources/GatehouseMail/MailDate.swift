import Foundation

/// Reads the Date header: RFC 5322 dates (`Tue, 5 Mar 2024 14:02:11 +0100`) and what
/// real software sends besides — no day name, no seconds, two-digit years, obsolete
/// and common zone names (`EST`, `GMT`, `UT`, `CET`), a zone in a comment, asctime
/// order (`Tue Mar  5 14:02:11 2024`) and ISO 8601 (`2024-03-05T14:02:11Z`).
enum MailDate {
    /// The instant the value names, or nil when it names none.
    static func parse(_ value: ArraySlice<UInt8>) -> Date? {
        var numbers: [Int] = []
        var numberDigits: [Int] = []
        var month: Int?
        var time: (hour: Int, minute: Int, second: Int)?
        var offset: Int?       // seconds east of UTC, from a numeric zone
        var namedOffset: Int?  // from a zone name, used when no numeric zone is given
        var bytes = value
        var iso = false
        // ISO 8601 "2024-03-05T14:02:11Z": read the date part as three numbers.
        if let first = bytes.first, first.isASCIIDigit, bytes.count >= 10, bytes[bytes.startIndex + 4] == UInt8(ascii: "-") {
            iso = true
            bytes = trimmed(bytes)
        }
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b.isASCIIDigit {
                var n = 0, digits = 0
                while i < end, bytes[i].isASCIIDigit, digits < 9 { n = n * 10 + Int(bytes[i] - 48); digits += 1; i += 1 }
                if i < end, bytes[i] == UInt8(ascii: ":"), time == nil {
                    // hh:mm[:ss], optionally with fractional seconds that are ignored.
                    var parts = [n]
                    while i < end, bytes[i] == UInt8(ascii: ":"), parts.count < 3 {
                        i += 1
                        var p = 0, pd = 0
                        while i < end, bytes[i].isASCIIDigit, pd < 4 { p = p * 10 + Int(bytes[i] - 48); pd += 1; i += 1 }
                        guard pd > 0 else { break }
                        parts.append(p)
                    }
                    if i < end, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",") {
                        i += 1
                        while i < end, bytes[i].isASCIIDigit { i += 1 }
                    }
                    guard parts.count >= 2 else { return nil }
                    time = (parts[0], parts[1], parts.count > 2 ? parts[2] : 0)
                } else {
                    numbers.append(n)
                    numberDigits.append(digits)
                }
            } else if (b == UInt8(ascii: "+") || b == UInt8(ascii: "-")), time != nil, i + 1 < end, bytes[i + 1].isASCIIDigit {
                // A numeric zone always follows the time; a '-' before it separates date parts.
                let sign = b == UInt8(ascii: "-") ? -1 : 1
                i += 1
                var n = 0, digits = 0
                while i < end, bytes[i].isASCIIDigit, digits < 4 { n = n * 10 + Int(bytes[i] - 48); digits += 1; i += 1 }
                if i < end, bytes[i] == UInt8(ascii: ":"), digits == 2 {
                    // "+01:00"
                    i += 1
                    var m = 0, md = 0
                    while i < end, bytes[i].isASCIIDigit, md < 2 { m = m * 10 + Int(bytes[i] - 48); md += 1; i += 1 }
                    n = n * 100 + m
                    digits = 4
                }
                let hours = digits <= 2 ? n : n / 100
                let minutes = digits <= 2 ? 0 : n % 100
                guard hours < 24, minutes < 60 else { return nil }
                if offset == nil { offset = sign * (hours * 3600 + minutes * 60) }
            } else if b.isASCIILetter {
                let start = i
                while i < end, bytes[i].isASCIILetter { i += 1 }
                let word = bytes[start..<i]
                if iso, word.count == 1, (word.first! | 0x20) == UInt8(ascii: "t") { continue }
                if iso, word.count == 1, (word.first! | 0x20) == UInt8(ascii: "z") { offset = offset ?? 0; continue }
                if month == nil, word.count >= 3, let m = monthNumber(word) {
                    month = m
                } else if let zone = zoneOffset(word), namedOffset == nil {
                    namedOffset = zone
                }
            } else {
                i += 1
            }
        }

        var day: Int?, year: Int?
        var yearDigits = 4
        if iso {
            guard numbers.count >= 3 else { return nil }
            year = numbers[0]; month = numbers[1]; day = numbers[2]
        } else {
            for (n, digits) in zip(numbers, numberDigits) {
                if day == nil, digits <= 2, n >= 1, n <= 31 {
                    day = n
                } else if year == nil {
                    year = n
                    yearDigits = digits
                }
            }
        }
        guard var year, let month, let day, (1...12).contains(month), (1...31).contains(day) else { return nil }
        // Obsolete two- and three-digit years (RFC 5322 section 4.3).
        if yearDigits <= 2 && year < 100 { year += year < 50 ? 2000 : 1900 } else if yearDigits == 3 { year += 1900 }
        guard year >= 1900, year <= 9999 else { return nil }
        let (hour, minute, second) = time ?? (0, 0, 0)
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - (offset ?? namedOffset ?? 0)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func monthNumber(_ word: ArraySlice<UInt8>) -> Int? {
        let i = word.startIndex
        let key = (UInt32(word[i] | 0x20) << 16) | (UInt32(word[i + 1] | 0x20) << 8) | UInt32(word[i + 2] | 0x20)
        switch key {
        case 0x6A616E: return 1   // jan
        case 0x666562: return 2   // feb
        case 0x6D6172: return 3   // mar
        case 0x617072: return 4   // apr
        case 0x6D6179: return 5   // may
        case 0x6A756E: return 6   // jun
        case 0x6A756C: return 7   // jul
        case 0x617567: return 8   // aug
        case 0x736570: return 9   // sep
        case 0x6F6374: return 10  // oct
        case 0x6E6F76: return 11  // nov
        case 0x646563: return 12  // dec
        default: return nil
        }
    }

    private static func zoneOffset(_ word: ArraySlice<UInt8>) -> Int? {
        let hours: Int
        switch lowercasedASCIIString(word) {
        case "ut", "utc", "gmt", "z", "wet", "uct": hours = 0
        case "est": hours = -5
        case "edt": hours = -4
        case "cst": hours = -6
        case "cdt": hours = -5
        case "mst": hours = -7
        case "mdt": hours = -6
        case "pst": hours = -8
        case "pdt": hours = -7
        case "akst": hours = -9
        case "akdt": hours = -8
        case "hst": hours = -10
        case "bst", "cet", "met", "west", "wat": hours = 1
        case "cest", "mest", "eet", "sast": hours = 2
        case "eest", "msk": hours = 3
        case "jst", "kst": hours = 9
        case "hkt", "sgt", "awst": hours = 8
        case "aest": hours = 10
        case "aedt": hours = 11
        case "nzst": hours = 12
        case "nzdt": hours = 13
        default: return nil
        }
        return hours * 3600
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
