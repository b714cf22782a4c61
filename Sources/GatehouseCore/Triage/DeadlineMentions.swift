/// Spots deadlines a customer mentions: "by Friday", "before the 12th",
/// "tomorrow", "deadline", "by end of day", "until next week", "March 12",
/// "2026-03-12". It finds mentions only; it never works out dates.
///
/// A mention is one of:
/// - the words "deadline", "tomorrow", "eod" or "cob" on their own;
/// - "by", "before", "until", "till" or "due" followed by a time word: a
///   weekday, "today", "tonight", "tomorrow", "noon", "the 12th", "the end
///   of the week", "end of day", "next week", "this Friday", a month and day,
///   an ordinal, a date (12/03, 2026-03-12) or a clock time (17:00, 5pm);
/// - a date on its own: 2026-03-12, 12/03/2026, "March 12", "12th of March".
///
/// A denied mention ("there's no deadline") does not count (see `Negation`).
public enum DeadlineMentions {
    /// The deadlines mentioned in `text`, as the customer wrote them, in order.
    public static func find(in text: TokenizedText) -> [String] {
        let tokens = text.tokens
        var found: [String] = []
        var index = 0
        while index < tokens.count {
            let end = mention(at: index, in: tokens)
            if let end {
                if text.negation(before: index) == nil { found.append(text.original(index...end)) }
                index = end + 1
            } else {
                index += 1
            }
        }
        return found
    }

    /// Where a deadline mention that starts at `index` ends, if one does.
    private static func mention(at index: Int, in tokens: [TokenizedText.Token]) -> Int? {
        let word = tokens[index].word
        if standalone.contains(word) { return index }
        if prepositions.contains(word), index + 1 < tokens.count, tokens[index + 1].clause == tokens[index].clause {
            return timeExpression(from: index + 1, in: tokens)
        }
        if isDate(word) { return index }
        if months.contains(word) || abbreviatedMonths.contains(word),
           index + 1 < tokens.count, isDayNumber(tokens[index + 1].word) {
            return index + 1 // "March 12"
        }
        if isDayNumber(word), let monthEnd = monthAfter(index, in: tokens) { return monthEnd } // "12 March", "12th of March"
        return nil
    }

    /// Where a time expression starting at `start` ends ("Friday", "the 12th", "end of day", "next week").
    private static func timeExpression(from start: Int, in tokens: [TokenizedText.Token]) -> Int? {
        func word(_ offset: Int) -> String? {
            let index = start + offset
            guard index < tokens.count, tokens[index].clause == tokens[start].clause else { return nil }
            return tokens[index].word
        }
        guard let first = word(0) else { return nil }
        var offset = 0
        if first == "the", let next = word(1), !["way", "time"].contains(next) { offset = 1 } // "by the 12th", not "by the way"
        guard let head = word(offset) else { return nil }
        if weekdays.contains(head) {
            if let part = word(offset + 1), partsOfDay.contains(part) { return start + offset + 1 }
            return start + offset
        }
        if dayWords.contains(head) || isDate(head) || isClockTime(head) || isOrdinal(head) { return start + offset }
        if months.contains(head) || abbreviatedMonths.contains(head) {
            if let day = word(offset + 1), isDayNumber(day) { return start + offset + 1 }
            return months.contains(head) && head != "may" ? start + offset : nil
        }
        if ["end", "close", "start"].contains(head), word(offset + 1) == "of" {
            var last = offset + 2
            if word(last) == "the" { last += 1 }
            if let noun = word(last), ["day", "week", "month", "year", "business", "play"].contains(noun) {
                return start + last
            }
        }
        if ["next", "this"].contains(head), let noun = word(offset + 1),
           weekdays.contains(noun) || ["week", "weekend", "month", "year", "morning", "afternoon", "evening"].contains(noun) {
            return start + offset + 1
        }
        if isDayNumber(head), let monthEnd = monthAfter(start + offset, in: tokens) { return monthEnd }
        if head.allSatisfy(\.isNumber), let unit = word(offset + 1), ["am", "pm", "o'clock"].contains(unit) {
            return start + offset + 1 // "by 5 pm"
        }
        return nil
    }

    /// Where "March" ends after a day number at `index` ("12 March", "12th of March").
    private static func monthAfter(_ index: Int, in tokens: [TokenizedText.Token]) -> Int? {
        var next = index + 1
        if next < tokens.count, tokens[next].word == "of" { next += 1 }
        guard next < tokens.count, tokens[next].clause == tokens[index].clause,
              months.contains(tokens[next].word) || abbreviatedMonths.contains(tokens[next].word) else { return nil }
        return next
    }

    static let standalone: Set<String> = ["deadline", "deadlines", "tomorrow", "eod", "cob"]
    static let prepositions: Set<String> = ["by", "before", "until", "till", "til", "due"]
    static let weekdays: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat"]
    static let partsOfDay: Set<String> = ["morning", "afternoon", "evening", "night", "noon", "lunchtime"]
    static let dayWords: Set<String> = ["today", "tonight", "tomorrow", "noon", "midday", "midnight", "lunchtime",
                                        "eod", "cob", "weekend"]
    static let months: Set<String> = ["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"]
    /// Abbreviations count only next to a day number: "mar" and "jun" alone are too ambiguous.
    static let abbreviatedMonths: Set<String> = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                                                 "oct", "nov", "dec"]

    /// "12th", "1st", "22nd", "3rd".
    static func isOrdinal(_ word: String) -> Bool {
        guard startsWithDigit(word), word.count >= 3, word.count <= 4 else { return false }
        let digits = word.dropLast(2)
        return digits.allSatisfy(\.isNumber) && ["st", "nd", "rd", "th"].contains(String(word.suffix(2)))
    }

    /// A day of the month: "12" or "12th".
    static func isDayNumber(_ word: String) -> Bool {
        guard startsWithDigit(word) else { return false }
        if isOrdinal(word) { return true }
        guard (1...2).contains(word.count), word.allSatisfy(\.isNumber), let day = Int(word) else { return false }
        return (1...31).contains(day)
    }

    /// "2026-03-12", "12/03", "12/03/2026", "12.03.2026" (three parts with dots, so "3.5" is no date).
    static func isDate(_ word: String) -> Bool {
        guard startsWithDigit(word) else { return false }
        for separator in ["/", "-", "."] as [Character] where word.contains(separator) {
            let parts = word.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return false }
            return separator == "." ? parts.count == 3 : (2...3).contains(parts.count)
        }
        return false
    }

    /// "17:00", "5pm", "9am", "5:30pm".
    static func isClockTime(_ word: String) -> Bool {
        guard startsWithDigit(word) else { return false }
        var body = Substring(word)
        if body.hasSuffix("am") || body.hasSuffix("pm") { body = body.dropLast(2) } else if !body.contains(":" as Character) { return false }
        guard !body.isEmpty else { return false }
        return body.split(separator: ":").allSatisfy { !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isNumber) }
    }

    /// Cheap first test for the number-shaped checks, which run on every word.
    private static func startsWithDigit(_ word: String) -> Bool {
        guard let first = word.utf8.first else { return false }
        return first >= 0x30 && first <= 0x39
    }
}
