/// The words of a text that search compares: the triage's words and stems
/// (`TokenizedText`, `Stemmer`), without the words that say nothing
/// (`HelpStopWords`), each marked when the writer denies it.
///
/// Negation is kept in mind, not thrown away. A customer often describes the
/// trouble by what does not work ("the sink won't drain", "I can't log in"),
/// so a denied word still counts; but it counts fully only where the article
/// denies it too ("No hot water?"), and half where it does not: "there's no
/// leak, but the toilet keeps running" is about the toilet, not the leak.
/// Hedges such as "I don't know why" or "not sure if" deny nothing.
public struct HelpWords: Sendable {
    /// One word search compares.
    public struct Word: Sendable, Equatable {
        /// The word as written, in lower case ("drains").
        public var word: String
        /// Its stem: what is compared ("drain").
        public var stem: String
        /// Whether the writer denies it ("won't *drain*").
        public var isDenied: Bool
        /// The clause it stands in: two words make a phrase only inside one clause.
        public var clause: Int
        /// Its position among the text's words (stop words counted), so that
        /// neighbours can be told from words far apart.
        public var position: Int

        /// The key the index files it under: the stem, with a mark when denied.
        var key: String { isDenied ? "¬" + stem : stem }
    }

    /// The words, in order.
    public let words: [Word]

    /// The search words of `text`.
    public init(_ text: String) {
        let tokens = TokenizedText(text).tokens
        var words: [Word] = []
        words.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() {
            guard !token.isNegation, !HelpStopWords.contains(token.word), token.word.count > 1 else { continue }
            words.append(Word(word: token.word, stem: Self.stem(token), isDenied: Self.isDenied(index, in: tokens),
                              clause: token.clause, position: index))
        }
        self.words = words
    }

    /// The triage's stem, with one more step that search needs and triage does
    /// not: an adverb meets its adjective ("drains slowly" finds "a slow drain",
    /// "completely blocked" finds "complete"). The stem is only a key, so a
    /// rare odd key ("supply" → "supp") costs nothing as long as both sides get it.
    static func stem(_ token: TokenizedText.Token) -> String {
        let word = token.word
        guard word.utf8.count >= 6, word.hasSuffix("ly"), !word.hasSuffix("lly") else { return token.stem }
        return Stemmer.stem(String(word.dropLast(2)))
    }

    /// Words that follow a negation without being denied by it: "don't *know*
    /// why", "not *sure* if".
    static let hedges: Set<String> = ["know", "sure", "understand", "think", "remember", "mind", "want", "need",
                                      "see", "care", "worry", "expect", "believe"]

    /// Whether the token at `index` is denied, by the triage's rule (a negation
    /// up to four words before, in the same scope), unless the negation is a hedge.
    private static func isDenied(_ index: Int, in tokens: [TokenizedText.Token]) -> Bool {
        guard index > 0 else { return false }
        let scope = tokens[index].negationScope
        var cursor = index - 1
        while cursor >= 0, index - cursor <= Negation.window, tokens[cursor].negationScope == scope {
            if tokens[cursor].isNegation {
                let next = cursor + 1
                return !(next < tokens.count && hedges.contains(tokens[next].word))
            }
            cursor -= 1
        }
        return false
    }

    /// Pairs of words that stand next to each other in one clause (stop words
    /// between them allowed, so "drains *really* slowly" still pairs "drains
    /// slowly"): the phrases that search rewards.
    var neighbours: [(Word, Word)] {
        guard words.count > 1 else { return [] }
        var pairs: [(Word, Word)] = []
        for index in 1..<words.count {
            let first = words[index - 1], second = words[index]
            if first.clause == second.clause, second.position - first.position <= 2, first.stem != second.stem {
                pairs.append((first, second))
            }
        }
        return pairs
    }

    /// The key a pair of neighbours is filed under: order does not matter, so
    /// "slow drain" and "drains slowly" are one phrase... when the stems agree.
    static func phraseKey(_ first: String, _ second: String) -> String {
        first < second ? first + " " + second : second + " " + first
    }
}
