/// Comma-separated values as RFC 4180 writes them, safe to open in a spreadsheet.
///
/// Every line ends in CRLF; a cell holding a comma, a double quote, CR or LF is quoted, with
/// its quotes doubled. A text cell that a spreadsheet would run as a formula (it starts with
/// `=`, `+`, `-`, `@`, a tab or CR) gets a single quote in front, so a customer who calls
/// themselves `=HYPERLINK(…)` stays a name. Numbers written by Gatehouse itself are `number`
/// cells and are never changed.
public struct CSV: Sendable {
    /// A cell: text (guarded against formulas) or a number Gatehouse wrote.
    public enum Cell: Sendable, Equatable, ExpressibleByStringLiteral {
        case text(String)
        case number(String)

        public init(stringLiteral value: String) { self = .text(value) }
    }

    /// The file so far.
    public private(set) var text = ""

    /// A file that starts with its header row.
    public init(header: [String]) {
        append(header.map(Cell.text))
    }

    /// Adds one row.
    public mutating func append(_ cells: [Cell]) {
        var first = true
        for cell in cells {
            if !first { text += "," }
            first = false
            text += Self.encode(cell)
        }
        text += "\r\n"
    }

    /// One cell as it appears in the file.
    public static func encode(_ cell: Cell) -> String {
        var value: String
        switch cell {
        case .number(let number): value = number
        case .text(let text):
            value = text
            if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { value = "'" + text }
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
