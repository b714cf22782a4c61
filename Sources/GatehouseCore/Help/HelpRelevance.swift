/// The line below which an article is not worth a customer's time: a
/// suggestion that does not answer the question costs more trust than no
/// suggestion at all. The owner can move it (higher: fewer, surer suggestions).
public struct HelpRelevance: Sendable, Equatable {
    /// The lowest score (see `HelpMatch.score`) an article needs to be suggested.
    public var threshold: Double

    /// The threshold the desk starts with, chosen on the labelled messages in
    /// the tests (BENCHMARKS.md, "Help suggestions"): one plain word in common
    /// is not enough, a word in the title and another in a question is.
    public static let standard = HelpRelevance(threshold: 9.0)

    /// A threshold the owner chose.
    public init(threshold: Double) {
        self.threshold = threshold
    }

    /// Whether `match` is worth suggesting.
    public func accepts(_ match: HelpMatch) -> Bool {
        match.score >= threshold
    }
}
