/// A policy file as the owner wrote it, edited line by line so that everything a change does not
/// touch — other sections, their order, comments and blank lines — stays exactly as it was.
/// Works on the block style the README and the examples use (`business:` then indented keys);
/// a section written on one line (`business: { … }`) is not edited here and says so.
struct PolicyText {
    var lines: [String]

    init(_ yaml: String) {
        lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    var text: String { lines.joined(separator: "\n") }

    /// Why an edit could not be made in place.
    struct Refusal: Error, Equatable {
        var section: String
    }

    static func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    /// A line that carries no content: blank, or only a comment.
    static func isQuiet(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " }
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    /// The lines of a top-level section: its header and its content, without the blank and
    /// comment lines that lead into the next section.
    func section(_ name: String) -> Range<Int>? {
        guard let header = lines.firstIndex(where: { Self.indent($0) == 0 && $0.hasPrefix(name + ":") }) else { return nil }
        var end = header + 1
        while end < lines.count, Self.isQuiet(lines[end]) || Self.indent(lines[end]) > 0 { end += 1 }
        while end > header + 1, Self.isQuiet(lines[end - 1]) { end -= 1 }
        return header..<end
    }

    /// Whether a section is written as a block (its content on the following lines).
    func isBlock(_ range: Range<Int>) -> Bool {
        let header = lines[range.lowerBound]
        let rest = header.drop { $0 != ":" }.dropFirst().drop { $0 == " " }
        return rest.isEmpty || rest.hasPrefix("#")
    }

    /// Puts `replacement` (header and content) in the section's place, or at the end of the file
    /// when there is none yet; an empty replacement removes the section.
    mutating func replaceSection(_ name: String, with replacement: [String]) {
        if let range = section(name) {
            var removing = range
            // A removed section takes its following blank line with it.
            if replacement.isEmpty, removing.upperBound < lines.count, lines[removing.upperBound].isEmpty {
                removing = removing.lowerBound..<(removing.upperBound + 1)
            }
            lines.replaceSubrange(removing, with: replacement)
        } else if !replacement.isEmpty {
            while let last = lines.last, last.isEmpty { lines.removeLast() }
            lines += (lines.isEmpty ? [] : [""]) + replacement + [""]
        }
    }

    /// Whether a block section has `key` among its own keys.
    func has(_ key: String, of name: String) -> Bool {
        guard let range = section(name), isBlock(range) else { return false }
        let content = (range.lowerBound + 1)..<range.upperBound
        guard let indent = content.first(where: { !Self.isQuiet(lines[$0]) }).map({ Self.indent(lines[$0]) }) else { return false }
        return content.contains { Self.indent(lines[$0]) == indent && lines[$0].dropFirst(indent).hasPrefix(key + ":") }
    }

    /// Sets `key` of a top-level mapping section to `value` (a YAML value as written), adding
    /// it at the end of the section when absent and removing it when `value` is nil.
    mutating func set(_ key: String, of name: String, to value: String?) throws(Refusal) {
        guard let range = section(name) else {
            if let value { replaceSection(name, with: [name + ":", "  \(key): \(value)"]) }
            return
        }
        guard isBlock(range) else { throw Refusal(section: name) }
        try set(key, in: (range.lowerBound + 1)..<range.upperBound, of: name, to: value, firstLinePrefix: nil)
    }

    /// Sets `key` of the item of a top-level sequence section whose `id` is `id`.
    mutating func set(_ key: String, ofItem id: String, in name: String, to value: String?) throws(Refusal) {
        guard let range = section(name), isBlock(range) else { throw Refusal(section: name) }
        var items: [Range<Int>] = []
        var start: Int?
        var dashIndent = -1
        for index in (range.lowerBound + 1)..<range.upperBound where !Self.isQuiet(lines[index]) {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("- "), dashIndent < 0 || Self.indent(line) == dashIndent {
                dashIndent = Self.indent(line)
                if let start { items.append(start..<index) }
                start = index
            }
        }
        if let start { items.append(start..<range.upperBound) }
        guard let item = items.first(where: { item in
            lines[item].contains { line in
                let content = line.drop { $0 == " " || $0 == "-" }
                return content == "id: \(id)" || content == "id: \"\(id)\"" || content.hasPrefix("id: \(id) #")
            }
        }) else { throw Refusal(section: name) }
        var end = item.upperBound
        while end > item.lowerBound + 1, Self.isQuiet(lines[end - 1]) { end -= 1 }
        try set(key, in: item.lowerBound..<end, of: name, to: value, firstLinePrefix: String(repeating: " ", count: dashIndent) + "- ")
    }

    /// Sets a key among a block mapping's lines. With `firstLinePrefix`, the first line is a
    /// sequence item's dash line whose content is at the mapping's indent.
    private mutating func set(_ key: String, in range: Range<Int>, of name: String, to value: String?,
                              firstLinePrefix: String?) throws(Refusal) {
        let lines = self.lines
        let childIndent = firstLinePrefix.map(\.count)
            ?? range.first(where: { !Self.isQuiet(lines[$0]) }).map { Self.indent(lines[$0]) } ?? 2
        func keyOf(_ index: Int) -> Substring? {
            let line = lines[index]  // the lines as they were: nothing changes before the key is found
            let content: Substring
            if let firstLinePrefix, index == range.lowerBound {
                guard line.hasPrefix(firstLinePrefix) else { return nil }
                content = line.dropFirst(firstLinePrefix.count)
            } else {
                guard Self.indent(line) == childIndent, !Self.isQuiet(line) else { return nil }
                content = line.dropFirst(childIndent)
            }
            guard let colon = content.firstIndex(of: ":") else { return nil }
            return content[..<colon]
        }
        let keyLine = range.first { keyOf($0) == Substring(key) }
        let written = value.map { "\(String(repeating: " ", count: childIndent))\(key): \($0)" }
        guard let keyLine else {
            guard let written else { return }
            var at = range.upperBound
            while at > range.lowerBound + 1, Self.isQuiet(lines[at - 1]) { at -= 1 }
            self.lines.insert(written, at: at)
            return
        }
        // The key's value runs on over more-indented lines (a block list or text).
        var end = keyLine + 1
        while end < range.upperBound, Self.isQuiet(lines[end]) || Self.indent(lines[end]) > childIndent { end += 1 }
        while end > keyLine + 1, Self.isQuiet(lines[end - 1]) { end -= 1 }
        if keyLine == range.lowerBound, let firstLinePrefix {
            guard let written else { throw Refusal(section: name) }
            self.lines.replaceSubrange(keyLine..<end, with: [firstLinePrefix + written.dropFirst(childIndent)])
        } else {
            self.lines.replaceSubrange(keyLine..<end, with: written.map { [$0] } ?? [])
        }
    }
}
