import Foundation
import Yams

extension Policy {
    /// Reads and validates a policy file, reporting every problem at once.
    ///
    /// - Throws: `PolicyError` with one diagnostic per problem, each at the
    ///   line and column of the offending node.
    public static func read(yaml: String) throws(PolicyError) -> Policy {
        var reader = PolicyReader(source: yaml)
        let policy = reader.read()
        guard reader.diagnostics.isEmpty, let policy else {
            throw PolicyError(diagnostics: reader.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return policy
    }
}

/// A key of a YAML mapping with its value, both with their positions.
struct Entry {
    var key: String
    var keyNode: Node
    var value: Node
}

/// Turns the YAML tree of a policy file into a `Policy`, collecting a
/// diagnostic for every problem rather than stopping at the first.
struct PolicyReader {
    let source: String
    let sourceLines: [Substring]
    var diagnostics: [PolicyDiagnostic] = []

    init(source: String) {
        self.source = source
        self.sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    static let sections = ["business", "hours", "closures", "response_windows", "day", "channels", "urgent",
                           "services", "plans", "referrals", "templates", "booking"]

    mutating func read() -> Policy? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: source)
        } catch let error as YamlError {
            report(yamlError: error)
            return nil
        } catch {
            diagnostics.append(PolicyDiagnostic(line: 1, column: 1, message: "the file cannot be read as YAML: \(error)"))
            return nil
        }
        guard let root else {
            diagnostics.append(PolicyDiagnostic(line: 1, column: 1,
                message: "the policy is empty; it needs at least 'business' (name and timezone) and 'hours'"))
            return nil
        }
        guard let entries = mapping(root, "the policy") else { return nil }
        let sections = checkKeys(entries, allowed: Self.sections, in: "the policy")

        let business = sections["business"].flatMap { readBusiness($0.value) }
        if sections["business"] == nil { missing("business", in: root, example: "business: {name: …, timezone: …}") }
        let hours = sections["hours"].flatMap { readHours($0.value) }
        if sections["hours"] == nil { missing("hours", in: root, example: "hours: {mon-fri: 09:00-17:00}") }
        let closures = sections["closures"].map { readClosures($0.value) } ?? []
        let windows = sections["response_windows"].map { readResponseWindows($0.value, hours: hours) }
            ?? ResponseWindows(starts: [], length: .minutes(30), minimumReplyDelay: .zero)
        let day = readDay(sections["day"]?.value, hours: hours)
        let urgent = sections["urgent"].map { readUrgent($0.value) } ?? UrgentPolicy()
        let channels = readChannels(sections["channels"]?.value, urgent: urgent)
        if let business { checkUrgentRoute(urgent, channels: channels, business: business, node: sections["urgent"]?.value) }
        let currency = business?.currency
        let services = sections["services"].map { readServices($0.value, currency: currency) } ?? []
        let plans = readPlans(sections["plans"]?.value, services: services, day: day, currency: currency)
        let referrals = sections["referrals"].map { readReferrals($0.value) } ?? []
        checkUrgentRules(urgent, services: services, referrals: referrals, node: sections["urgent"]?.value)
        let templates = sections["templates"].map { readTemplates($0.value) } ?? [:]
        let booking = readBooking(sections["booking"]?.value, plans: plans, day: day)

        guard let business, let hours else { return nil }
        return Policy(business: business, hours: hours, closures: closures, responseWindows: windows, day: day,
                      channels: channels, urgent: urgent, services: services, plans: plans, referrals: referrals,
                      templates: templates, booking: booking)
    }

    // MARK: - Reporting

    mutating func error(_ node: Node?, _ message: String, columnOffset: Int = 0) {
        let mark = node?.mark
        diagnostics.append(PolicyDiagnostic(line: mark?.line ?? 1, column: (mark?.column ?? 1) + columnOffset,
                                            message: message))
    }

    mutating func error(line: Int, column: Int, _ message: String) {
        diagnostics.append(PolicyDiagnostic(line: line, column: column, message: message))
    }

    mutating func missing(_ key: String, in node: Node, example: String) {
        error(node, "missing required key '\(key)' in \(describe(node)); for example \(example)")
    }

    private func describe(_ node: Node) -> String {
        node.mark.map { $0.line == 1 && $0.column == 1 ? "the policy" : "the mapping at line \($0.line)" } ?? "the policy"
    }

    mutating func report(yamlError: YamlError) {
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let contextText = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            error(line: mark.line, column: mark.column, "the file is not valid YAML: \(problem)\(contextText)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            for key in duplicates {
                let place = locate(key: key, from: context.mark.line)
                error(line: place.line, column: place.column,
                      "'\(key)' is given twice in the same mapping; each key may appear once")
            }
        case .reader(let problem, let offset, _, _):
            let place = offset.map { lineAndColumn(utf8Offset: $0) } ?? (1, 1)
            error(line: place.0, column: place.1, "the file cannot be read: \(problem)")
        default:
            error(line: 1, column: 1, "the file cannot be read as YAML: \(yamlError)")
        }
    }

    /// Where the second occurrence of a duplicated key stands, for a precise report.
    private func locate(key: String, from line: Int) -> (line: Int, column: Int) {
        var seen = 0
        for (index, text) in sourceLines.enumerated() where index + 1 >= line {
            let trimmed = text.drop(while: { $0 == " " || $0 == "-" })
            if trimmed.hasPrefix(key + ":") || trimmed.hasPrefix("\"\(key)\":") || trimmed.hasPrefix("'\(key)':") {
                seen += 1
                if seen == 2 { return (index + 1, text.count - trimmed.count + 1) }
            }
        }
        return (line, 1)
    }

    private func lineAndColumn(utf8Offset: Int) -> (Int, Int) {
        var line = 1
        var column = 1
        for byte in source.utf8.prefix(utf8Offset) {
            if byte == 10 { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    // MARK: - Node helpers

    /// The entries of a mapping, or a diagnostic when the node is something else.
    mutating func mapping(_ node: Node, _ what: String) -> [Entry]? {
        guard case .mapping(let map) = node else {
            error(node, "\(what) must be a mapping of keys to values, but \(kind(of: node)) was given")
            return nil
        }
        var entries: [Entry] = []
        for (key, value) in map {
            guard case .scalar(let scalar) = key else {
                error(key, "keys in \(what) must be plain words, not \(kind(of: key))")
                continue
            }
            entries.append(Entry(key: scalar.string, keyNode: key, value: value))
        }
        return entries
    }

    /// Reports unknown keys (with a suggestion) and returns the known ones by name.
    mutating func checkKeys(_ entries: [Entry], allowed: [String], in what: String) -> [String: Entry] {
        var known: [String: Entry] = [:]
        for entry in entries {
            if allowed.contains(entry.key) {
                known[entry.key] = entry
            } else {
                error(entry.keyNode, "unknown key '\(entry.key)' in \(what)"
                      + Suggestion.clause(for: entry.key, among: allowed)
                      + (Suggestion.closest(to: entry.key, among: allowed) == nil
                         ? "; expected one of " + allowed.joined(separator: ", ") : ""))
            }
        }
        return known
    }

    /// The text of a scalar, or a diagnostic when the node is a list or mapping.
    mutating func scalar(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error(node, "\(what) must be a single value, but \(kind(of: node)) was given")
            return nil
        }
        return scalar.string
    }

    /// A non-empty text value.
    mutating func text(_ node: Node, _ what: String) -> String? {
        guard let value = scalar(node, what) else { return nil }
        let trimmed = value.trimmingSpaces
        guard !trimmed.isEmpty, !isNull(node) else {
            error(node, "\(what) is empty; write a value or remove the key")
            return nil
        }
        return trimmed
    }

    /// A list of texts, written as a YAML list or as one comma-separated text.
    mutating func textList(_ node: Node, _ what: String) -> [String]? {
        switch node {
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence { if let value = text(item, "each item of \(what)") { items.append(value) } }
            return items
        case .scalar(let scalar):
            if isNull(node) { return [] }
            return scalar.string.split(separator: ",").map(\.trimmingSpaces).filter { !$0.isEmpty }
        default:
            error(node, "\(what) must be a list, but \(kind(of: node)) was given")
            return nil
        }
    }

    mutating func duration(_ node: Node, _ what: String, allowZero: Bool = true) -> TimeSpan? {
        guard let raw = text(node, what) else { return nil }
        guard let span = DurationText.parse(Substring(raw)) else {
            error(node, "'\(raw)' is not a duration for \(what); expected hours and minutes like 45m, 2h or 1h30m")
            return nil
        }
        if !allowZero && span.seconds == 0 {
            error(node, "\(what) must be longer than zero")
            return nil
        }
        return span
    }

    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        guard let raw = text(node, what) else { return nil }
        guard let value = PolicyValues.bool(raw) else {
            error(node, "'\(raw)' is not yes or no for \(what); expected true or false")
            return nil
        }
        return value
    }

    mutating func unwrap<T>(_ result: Result<T, PolicyValues.Message>, at node: Node) -> T? {
        switch result {
        case .success(let value): return value
        case .failure(let message):
            error(node, message.text)
            return nil
        }
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func kind(of node: Node) -> String {
        switch node {
        case .scalar(let scalar): return isNull(node) ? "nothing" : "the value '\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// Where inside a one-line scalar a piece of its text begins, for exact columns.
    func columnOffset(of piece: Substring, in node: Node) -> Int {
        guard case .scalar(let scalar) = node else { return 0 }
        let base = piece.base
        let offset = base.unicodeScalars.distance(from: base.startIndex, to: piece.startIndex)
        switch scalar.style {
        case .plain, .any: return offset
        case .singleQuoted, .doubleQuoted: return offset + 1
        default: return 0
        }
    }
}

extension Plan {
    /// The plan every policy has when it names none: free, answered within one business day.
    static let standard = Plan(id: "standard", name: "Standard", fee: .amount(cents: 0, per: "month"),
                               firstResponse: .businessDays(1), monthlyAllowance: nil, urgentAccess: false,
                               meetingLength: .minutes(30), services: [], isDefault: true)
}
