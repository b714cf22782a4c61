/// An article that answers a customer's words, and why it was chosen.
public struct HelpMatch: Sendable, Equatable {
    /// A word of the customer's that the article has.
    public struct MatchedWord: Sendable, Equatable {
        /// The word as the customer wrote it, in lower case.
        public var word: String
        /// Where the article has it.
        public var fields: [ArticleField]
        /// Whether the customer denied it and the article did not, or the other
        /// way round, so it counted half.
        public var countedHalf: Bool
    }

    /// The article.
    public var article: HelpArticle
    /// How well it answers: the sum of its words' and phrases' weights. It is
    /// compared with the owner's threshold (`HelpRelevance`), not shown as a percentage.
    public var score: Double
    /// The customer's words that made it match, strongest first.
    public var words: [MatchedWord]
    /// Pairs of the customer's words the article also has side by side ("slow drain").
    public var phrases: [String]

    /// Why it matched, in plain words: "matched 'drain' in the title and a
    /// question it answers; 'slowly' in the title; the phrase 'drains slowly'".
    public var reasons: [String] {
        var reasons = words.map { word -> String in
            let places = word.fields.map(\.name)
            let where_ = places.count > 1 ? places.dropLast().joined(separator: ", ") + " and " + places.last! : places[0]
            let half = word.countedHalf ? " (counted half: denied on one side only)" : ""
            return "'\(word.word)' is in \(where_)\(half)"
        }
        reasons += phrases.map { "the words '\($0)' stand together in the article too" }
        return reasons
    }
}
