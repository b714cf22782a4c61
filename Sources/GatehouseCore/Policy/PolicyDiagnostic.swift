/// One problem found in a policy file, pointing at the offending place.
public struct PolicyDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the offending node.
    public var line: Int
    /// 1-based column of the offending node (counted in Unicode scalars).
    public var column: Int
    /// What is wrong and what was expected, in plain words.
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: error: MESSAGE`, the form editors and CI understand.
    public func formatted(file: String) -> String {
        "\(file):\(line):\(column): error: \(message)"
    }

    public var description: String { "\(line):\(column): error: \(message)" }
}

/// A policy file that cannot be used, with every problem found in it.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    /// All problems, in the order of the file.
    public var diagnostics: [PolicyDiagnostic]

    public init(diagnostics: [PolicyDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One `FILE:LINE:COLUMN: error: MESSAGE` line per problem.
    public func formatted(file: String) -> String {
        diagnostics.map { $0.formatted(file: file) }.joined(separator: "\n")
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// "Did you mean …?" for a misspelt key or name.
enum Suggestion {
    /// The closest candidate, when it is close enough to be a plausible typo.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let lower = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(lower, candidate.lowercased())
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        let limit = max(1, min(3, (candidate.count + 1) / 3))
        return distance <= limit ? candidate : nil
    }

    /// `; did you mean 'x'?` or nothing.
    static func clause(for word: String, among candidates: [String]) -> String {
        closest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Edits (insert, delete, substitute, swap two neighbours) to turn `a` into `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
