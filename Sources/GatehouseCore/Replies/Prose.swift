import Foundation

/// The shape of a message's text as a reader meets it: paragraphs separated by one blank
/// line, each paragraph one flowing line unless its lines are a list, a greeting or a
/// closing. Owners write templates in a YAML file, where hard-wrapping is natural; the
/// customer must never see those breaks ("I answer messages at⏎10:30 and 15:30").
public enum Prose {
    /// The text's paragraphs reflowed: a single line break inside a paragraph becomes a
    /// space, a blank line (or several) separates paragraphs. A break is kept before a list
    /// item ("- ", "• ", "1. "), between "Label: value" lines, around a line that is only a
    /// `{{placeholder}}`, and after a short line ending in a comma ("Hi Dana,", "Warm regards,").
    public static func reflow(_ text: String) -> String {
        paragraphs(text).map(reflowParagraph).joined(separator: "\n\n")
    }

    /// The paragraphs of `text`: runs of non-blank lines, trailing spaces removed.
    public static func paragraphs(_ text: String) -> [[String]] {
        var result: [[String]] = []
        var current: [String] = []
        for raw in lines(text) {
            let line = trimmedEnd(raw)
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if !current.isEmpty { result.append(current); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The rendered text made tidy: no trailing spaces, no run of blank lines, no blank
    /// lines at either end, no doubled spaces where an empty value was filled in.
    /// Values that hold their own lines (a customer's message, a list) keep them.
    public static func tidy(_ text: String) -> String {
        paragraphs(text).map { lines in
            lines.map { line in
                // Keep a line's indentation (a list item's second line); squeeze spaces after it.
                let indent = line.prefix(while: { $0 == " " })
                return String(indent) + squeezed(String(line.dropFirst(indent.count)))
            }.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    static func reflowParagraph(_ lines: [String]) -> String {
        var out = ""
        for (index, line) in lines.enumerated() {
            if index == 0 { out = line; continue }
            if keepsBreak(after: lines[index - 1], before: line, in: lines) {
                out += "\n" + line
            } else {
                out = trimmedEnd(out) + " " + String(line.drop(while: { $0 == " " || $0 == "\t" }))
            }
        }
        return out
    }

    static func keepsBreak(after previous: String, before line: String, in paragraph: [String]) -> Bool {
        if isListItem(line) || line.first == " " && isListItem(previous) { return true }
        if isPlaceholderOnly(previous) || isPlaceholderOnly(line) { return true }
        if isShortCommaLine(previous) { return true }
        let fields = paragraph.filter(isField).count
        return fields >= 2 && isField(line)
    }

    /// "- item", "* item", "• item", "1. item", "2) item".
    static func isListItem(_ line: String) -> Bool {
        let trimmed = line.drop(while: { $0 == " " })
        if ["- ", "* ", "• ", "– "].contains(where: { trimmed.hasPrefix($0) }) { return true }
        let digits = trimmed.prefix(while: \.isNumber)
        guard !digits.isEmpty, digits.count <= 2 else { return false }
        let rest = trimmed.dropFirst(digits.count)
        return rest.hasPrefix(". ") || rest.hasPrefix(") ")
    }

    /// "Cost: $480", "What's included: …": a short label, a colon, a value.
    static func isField(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":"), let first = line.first, first.isUppercase else { return false }
        let label = line[..<colon]
        let words = label.split(separator: " ").count
        return words >= 1 && words <= 4 && !label.contains("{{") && line[colon...].count > 1
    }

    static func isPlaceholderOnly(_ line: String) -> Bool {
        let trimmed = line.trimmingSpaces
        return trimmed.hasPrefix("{{") && trimmed.hasSuffix("}}") && trimmed.dropFirst(2).range(of: "{{") == nil
    }

    /// A greeting or a closing on its own line: "Hi {{customer.first_name}},", "Warm regards,".
    static func isShortCommaLine(_ line: String) -> Bool {
        let trimmed = line.trimmingSpaces
        return trimmed.hasSuffix(",") && trimmed.split(separator: " ").count <= 4
    }

    static func lines(_ text: String) -> [String] {
        // "\r\n" is one Character in Swift: both it and "\n" end a line.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
    }

    static func trimmedEnd(_ line: String) -> String {
        var line = Substring(line)
        while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
        return String(line)
    }

    static func squeezed(_ line: String) -> String {
        var out = ""
        var previousSpace = false
        for character in line {
            let space = character == " "
            if space, previousSpace { continue }
            out.append(character)
            previousSpace = space
        }
        return out
    }
}
