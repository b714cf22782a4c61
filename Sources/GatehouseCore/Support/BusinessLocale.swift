import Foundation
import Synchronization

/// How the business writes dates, times and money, everywhere a customer or the owner reads
/// them: "Tuesday, December 1 at 4:15 PM" and "$49/month" for `en-US`, "Tuesday 1 December at
/// 16:15" and "£49/month" for `en-GB`, "Dienstag, 1. Dezember um 16:15" for `de-DE`.
///
/// The names, the order of day and month, 12- or 24-hour clocks and where the currency sign
/// goes come from Foundation's locale data, read once per locale (and per currency) and then
/// applied by hand, so writing a date costs a few string appends rather than a formatter.
public struct BusinessLocale: Sendable, Equatable, CustomStringConvertible {
    /// The locale as the policy names it: `en-US`.
    public let identifier: String
    private let words: Words

    public var description: String { identifier }

    public static func == (lhs: BusinessLocale, rhs: BusinessLocale) -> Bool { lhs.identifier == rhs.identifier }

    /// The style of `identifier` (`en-US`, `en_GB`, `de-DE`); unknown names fall back to `en-US`.
    public init(_ identifier: String) {
        let name = BusinessLocale.canonical(identifier)
        let known = BusinessLocale.isKnown(name) ? name : "en-US"
        self.identifier = known
        self.words = BusinessLocale.words(for: known)
    }

    /// The style most businesses paying in `currency` would expect when the policy names no locale.
    public static func guess(currency: String) -> BusinessLocale {
        let byCurrency = ["USD": "en-US", "GBP": "en-GB", "AUD": "en-AU", "NZD": "en-NZ", "CAD": "en-CA",
                          "EUR": "en-IE", "CHF": "de-CH", "SEK": "sv-SE", "NOK": "nb-NO", "DKK": "da-DK",
                          "ZAR": "en-ZA", "INR": "en-IN", "SGD": "en-SG"]
        return BusinessLocale(byCurrency[currency.uppercased()] ?? "en-US")
    }

    /// `en-US` for `en_us`, `EN-us` or `en-US`.
    public static func canonical(_ identifier: String) -> String {
        let parts = identifier.replacingOccurrences(of: "_", with: "-").split(separator: "-")
        guard let language = parts.first else { return identifier }
        return ([language.lowercased()] + parts.dropFirst().map { $0.count == 2 ? $0.uppercased() : String($0) })
            .joined(separator: "-")
    }

    /// Whether Foundation has data for this locale (`en-US`, `de-DE`, `fr`).
    public static func isKnown(_ identifier: String) -> Bool {
        let name = canonical(identifier).replacingOccurrences(of: "-", with: "_")
        return known.contains(name)
    }

    private static let known: Set<String> = Set(Locale.availableIdentifiers)

    // MARK: Times

    /// A time of day, minutes after midnight: "4:15 PM", "16:15"; the end of a day (1440) is
    /// "12:00 AM" or "24:00".
    public func time(_ minutes: Int) -> String {
        let hour = (minutes / 60) % 24
        let minute = pad(minutes % 60, 2)
        guard words.twelveHour else {
            let shown = minutes == 1440 ? 24 : hour
            return (words.padHour ? pad(shown, 2) : String(shown)) + ":" + minute
        }
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        return "\(twelve):\(minute)" + (words.spaceBeforeDayPeriod ? " " : "") + (hour < 12 ? words.am : words.pm)
    }

    /// A whole hour as a mark on a timeline: "8 AM", "08:00".
    public func hourMark(_ minutes: Int) -> String {
        guard words.twelveHour, minutes % 60 == 0 else { return time(minutes) }
        let hour = (minutes / 60) % 24
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        return "\(twelve)" + (words.spaceBeforeDayPeriod ? " " : "") + (hour < 12 ? words.am : words.pm)
    }

    /// From one time to another: "8:00 AM – 12:00 PM", "08:00–12:00".
    public func timeRange(_ start: Int, _ end: Int) -> String {
        time(start) + (words.twelveHour ? " – " : "–") + time(end)
    }

    // MARK: Dates

    /// The weekday's name: "Tuesday", "Dienstag".
    public func weekday(_ day: Weekday) -> String { words.weekdays[day.rawValue] }

    /// Items as a sentence lists them: "10:30 AM and 3:30 PM", "9:00, 12:00 und 16:00".
    public func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        guard items.count > 1 else { return last }
        return items.dropLast().joined(separator: ", ") + words.and + last
    }

    /// A day without its year: "Tuesday, December 1", "Tuesday 1 December".
    public func day(_ date: CivilDate) -> String { write(words.dayPattern, date) }

    /// A day with its year: "Tuesday, December 1, 2026", "Tuesday, 1 December 2026".
    public func date(_ date: CivilDate) -> String { write(words.datePattern, date) }

    /// A short day: "Dec 1", "1 Dec".
    public func shortDay(_ date: CivilDate) -> String { write(words.shortPattern, date) }

    /// A month and its year: "December 2026", "Dezember 2026".
    public func month(year: Int, month: Int) -> String { write(words.monthPattern, CivilDate(year: year, month: month, day: 1)) }

    /// A day and a time: "Tuesday, December 1 at 4:15 PM", "Dienstag, 1. Dezember um 16:15".
    public func dayAndTime(_ date: CivilDate, _ minutes: Int) -> String {
        day(date) + words.at + time(minutes)
    }

    /// A weekday and a time, for the coming week: "Monday at 10:30 AM".
    public func weekdayAndTime(_ weekday: Weekday, _ minutes: Int) -> String {
        self.weekday(weekday) + words.at + time(minutes)
    }

    private func write(_ pattern: [Piece], _ date: CivilDate) -> String {
        var text = ""
        for piece in pattern {
            switch piece {
            case .literal(let words): text += words
            case .weekday: text += words.weekdays[date.weekday.rawValue]
            case .shortWeekday: text += words.shortWeekdays[date.weekday.rawValue]
            case .day: text += String(date.day)
            case .paddedDay: text += pad(date.day, 2)
            case .month: text += words.months[date.month - 1]
            case .shortMonth: text += words.shortMonths[date.month - 1]
            case .monthNumber(let width): text += width == 2 ? pad(date.month, 2) : String(date.month)
            case .year: text += String(date.year)
            }
        }
        return text
    }

    // MARK: Money

    /// An amount with its cents: "$1,234.50", "1.234,50 €", "£0.00".
    public func money(cents: Int64, currency: String) -> String {
        let format = BusinessLocale.currencyFormat(locale: identifier, currency: currency)
        return format.write(cents: cents, grouping: words.grouping, decimal: words.decimal, wholeOnly: false)
    }

    /// A price as a business quotes it: whole amounts without cents ("$49", "49 €"), others with
    /// them ("$49.50").
    public func price(cents: Int64, currency: String) -> String {
        let format = BusinessLocale.currencyFormat(locale: identifier, currency: currency)
        return format.write(cents: cents, grouping: words.grouping, decimal: words.decimal, wholeOnly: cents % 100 == 0)
    }

    // MARK: Locale data, read once

    private enum Piece: Sendable {
        case literal(String), weekday, shortWeekday, day, paddedDay, month, shortMonth, monthNumber(Int), year
    }

    private struct Words: Sendable {
        var weekdays: [String], shortWeekdays: [String], months: [String], shortMonths: [String]
        var dayPattern: [Piece], datePattern: [Piece], shortPattern: [Piece], monthPattern: [Piece]
        var twelveHour: Bool, padHour: Bool, spaceBeforeDayPeriod: Bool, am: String, pm: String
        var at: String, and: String, grouping: String, decimal: String
    }

    private struct CurrencyFormat: Sendable {
        var prefix: String, suffix: String

        func write(cents: Int64, grouping: String, decimal: String, wholeOnly: Bool) -> String {
            let magnitude = cents.magnitude
            var whole = String(magnitude / 100)
            var grouped = ""
            while whole.count > 3 {
                grouped = grouping + whole.suffix(3) + grouped
                whole = String(whole.dropLast(3))
            }
            let fraction = magnitude % 100
            let number = whole + grouped + (wholeOnly ? "" : decimal + (fraction < 10 ? "0" : "") + String(fraction))
            return (cents < 0 ? "-" : "") + prefix + number + suffix
        }
    }

    private static let cache = Mutex<[String: Words]>([:])
    private static let currencies = Mutex<[String: CurrencyFormat]>([:])

    private static func words(for identifier: String) -> Words {
        if let words = cache.withLock({ $0[identifier] }) { return words }
        let words = read(identifier)
        cache.withLock { $0[identifier] = words }
        return words
    }

    private static func currencyFormat(locale identifier: String, currency: String) -> CurrencyFormat {
        let key = identifier + "|" + currency.uppercased()
        if let format = currencies.withLock({ $0[key] }) { return format }
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: identifier.replacingOccurrences(of: "-", with: "_"))
        formatter.numberStyle = .currency
        formatter.currencyCode = currency.uppercased()
        // Non-breaking spaces read as spaces in mail clients and on pages; plain ones wrap less oddly.
        let plain: (String) -> String = { $0.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ") }
        var prefix = plain(formatter.positivePrefix)
        // A code written before the number ("USD") needs a space: "USD 49", not "USD49".
        if let last = prefix.last, last.isLetter { prefix += " " }
        let format = CurrencyFormat(prefix: prefix, suffix: plain(formatter.positiveSuffix))
        currencies.withLock { $0[key] = format }
        return format
    }

    private static func read(_ identifier: String) -> Words {
        let locale = Locale(identifier: identifier.replacingOccurrences(of: "-", with: "_"))
        let formatter = DateFormatter()
        formatter.locale = locale
        // Foundation lists Sunday first; the desk counts from Monday.
        let mondayFirst: ([String]) -> [String] = { Array($0.dropFirst()) + [$0[0]] }
        let pattern: (String) -> [Piece] = { template in
            pieces(DateFormatter.dateFormat(fromTemplate: template, options: 0, locale: locale) ?? "EEEE d MMMM")
        }
        let timePattern = DateFormatter.dateFormat(fromTemplate: "jmm", options: 0, locale: locale) ?? "HH:mm"
        let numbers = NumberFormatter()
        numbers.locale = locale
        numbers.numberStyle = .decimal
        let language = identifier.split(separator: "-").first.map(String.init) ?? "en"
        let connectors = ["en": "at", "de": "um", "fr": "à", "nl": "om", "es": "a las", "it": "alle", "pt": "às",
                          "sv": "kl.", "da": "kl.", "nb": "kl.", "pl": "o"]
        let conjunctions = ["en": "and", "de": "und", "fr": "et", "nl": "en", "es": "y", "it": "e", "pt": "e",
                            "sv": "och", "da": "og", "nb": "og", "pl": "i"]
        let pm = formatter.pmSymbol ?? "PM"
        let am = formatter.amSymbol ?? "AM"
        return Words(
            weekdays: mondayFirst(formatter.standaloneWeekdaySymbols ?? formatter.weekdaySymbols),
            shortWeekdays: mondayFirst(formatter.shortStandaloneWeekdaySymbols ?? formatter.shortWeekdaySymbols),
            months: formatter.monthSymbols, shortMonths: formatter.shortMonthSymbols,
            dayPattern: pattern("EEEEdMMMM"), datePattern: pattern("EEEEdMMMMy"),
            shortPattern: pattern("dMMM"), monthPattern: pattern("MMMMy"),
            twelveHour: timePattern.contains("h") || timePattern.contains("K"),
            padHour: timePattern.contains("HH"),
            spaceBeforeDayPeriod: timePattern.contains(" a") || timePattern.contains("\u{202F}a"),
            am: am, pm: pm,
            at: connectors[language].map { " \($0) " } ?? ", ",
            and: conjunctions[language].map { " \($0) " } ?? ", ",
            grouping: (numbers.groupingSeparator ?? ",").replacingOccurrences(of: "\u{00A0}", with: " ")
                .replacingOccurrences(of: "\u{202F}", with: " "),
            decimal: numbers.decimalSeparator ?? ".")
    }

    /// A date pattern ("EEEE, MMMM d, y") as pieces; quoted text and punctuation are kept as they are.
    private static func pieces(_ format: String) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        let characters = Array(format)
        var index = 0
        func flush() { if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" } }
        while index < characters.count {
            let character = characters[index]
            if character == "'" {
                var end = index + 1
                while end < characters.count, characters[end] != "'" { end += 1 }
                literal += end == index + 1 ? "'" : String(characters[(index + 1)..<end])
                index = end + 1
                continue
            }
            guard character.isLetter, character.isASCII else { literal += String(character); index += 1; continue }
            var run = 1
            while index + run < characters.count, characters[index + run] == character { run += 1 }
            index += run
            let piece: Piece?
            switch character {
            case "E", "c": piece = run >= 4 ? .weekday : .shortWeekday
            case "d": piece = run == 2 ? .paddedDay : .day
            case "M", "L": piece = run >= 4 ? .month : run == 3 ? .shortMonth : .monthNumber(run)
            case "y": piece = .year
            default: piece = nil
            }
            if let piece { flush(); pieces.append(piece) } else { literal += String(repeating: character, count: run) }
        }
        flush()
        return pieces
    }
}
