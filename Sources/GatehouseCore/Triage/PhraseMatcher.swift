/// Finds a fixed list of phrases (a policy's urgent signs, the words its
/// services cover, …) in texts, tolerant of inflection and of a little
/// rewording, and says which mentions are negated.
///
/// Built once per list and reused for every message: the phrases are stemmed
/// and indexed up front, so matching a text is one dictionary look-up per word
/// plus a check of the few phrases that start with that word.
///
/// The rule, for a phrase of words w1 … wn (compared on stems, see `Stemmer`):
/// - the words appear in order, in one clause (see `TokenizedText`), with at
///   most one other word in between in all ("burst water pipe" for "burst
///   pipe", "no hot water" for "no water", "email is down" for "email down");
///   the word in between may not be a negation word;
/// - a two-word phrase also matches in reverse order, adjacent or with one
///   word between ("pipes burst", "I smell gas" for "gas smell"), unless it
///   starts with a negation word: "heat no" says nothing about "no heat";
/// - a match is negated when a negation word stands just before it (see `Negation`).
public struct PhraseMatcher: Sendable {
    /// One phrase, as given and as stems.
    public struct Phrase: Sendable, Equatable {
        /// The phrase as the policy writes it.
        public var text: String
        /// Its words' stems, as indices into the matcher's vocabulary.
        var stems: [Int]
        /// Whether the phrase starts with a negation word, like "no heat".
        public var isNegationLed: Bool
    }

    /// The phrases, in the order given; a match names its phrase by index here.
    public let phrases: [Phrase]
    /// Every stem that occurs in a phrase, numbered.
    private let vocabulary: [String: Int]
    /// Phrase indices by the stem number of their first word.
    private let byFirstStem: [[Int]]
    /// Two-word phrases that may be reversed, by the stem number of their second word.
    private let bySecondStem: [[Int]]

    /// The most words allowed between a phrase's words, in all.
    public static let allowedGap = 1

    /// A matcher for `phrases`. Phrases with no words in them never match.
    public init(phrases: [String]) {
        var vocabulary: [String: Int] = [:]
        var built: [Phrase] = []
        for text in phrases {
            let tokens = TokenizedText(text).tokens
            let stems = tokens.map { token in
                if let number = vocabulary[token.stem] { return number }
                vocabulary[token.stem] = vocabulary.count
                return vocabulary.count - 1
            }
            built.append(Phrase(text: text, stems: stems, isNegationLed: tokens.first?.isNegation ?? false))
        }
        var first = Array(repeating: [Int](), count: vocabulary.count)
        var second = Array(repeating: [Int](), count: vocabulary.count)
        for (index, phrase) in built.enumerated() where !phrase.stems.isEmpty {
            first[phrase.stems[0]].append(index)
            if phrase.stems.count == 2, !phrase.isNegationLed { second[phrase.stems[1]].append(index) }
        }
        self.phrases = built
        self.vocabulary = vocabulary
        self.byFirstStem = first
        self.bySecondStem = second
    }

    /// Every mention of a phrase in `text`, in text order, with its negation.
    /// A phrase's mentions never overlap one another.
    public func matches(in text: TokenizedText) -> [PhraseMatch] {
        let tokens = text.tokens
        guard !tokens.isEmpty, !vocabulary.isEmpty else { return [] }
        // -1: a word no phrase uses. It can still stand between a phrase's words.
        let stems = tokens.map { vocabulary[$0.stem] ?? -1 }
        var found: [PhraseMatch] = []
        var lastEnd: [Int: Int] = [:]
        for start in tokens.indices where stems[start] >= 0 {
            for index in byFirstStem[stems[start]] {
                if let end = forwardEnd(of: phrases[index].stems, from: start, stems: stems, tokens: tokens) {
                    record(index, start...end, reversed: false)
                }
            }
            for index in bySecondStem[stems[start]] {
                if let end = nextWord(phrases[index].stems[0], after: start, budget: Self.allowedGap,
                                      stems: stems, tokens: tokens)?.index {
                    record(index, start...end, reversed: true)
                }
            }
        }
        return found

        func record(_ phrase: Int, _ span: ClosedRange<Int>, reversed: Bool) {
            if let end = lastEnd[phrase], end >= span.lowerBound { return }
            lastEnd[phrase] = span.upperBound
            found.append(PhraseMatch(phrase: phrase, tokens: span, isReversed: reversed,
                                     negatedBy: text.negation(before: span.lowerBound)))
        }
    }

    /// Where the phrase `stems` ends when its first word is at `start`, if it matches there.
    private func forwardEnd(of phraseStems: [Int], from start: Int, stems: [Int],
                            tokens: [TokenizedText.Token]) -> Int? {
        var position = start
        var budget = Self.allowedGap
        for stem in phraseStems.dropFirst() {
            guard let next = nextWord(stem, after: position, budget: budget, stems: stems, tokens: tokens) else {
                return nil
            }
            budget -= next.skipped
            position = next.index
        }
        return position
    }

    /// The next word with `stem` after `position`, in the same clause, skipping at most `budget` other words.
    private func nextWord(_ stem: Int, after position: Int, budget: Int, stems: [Int],
                          tokens: [TokenizedText.Token]) -> (index: Int, skipped: Int)? {
        let clause = tokens[position].clause
        var index = position + 1
        var skipped = 0
        while index < tokens.count, tokens[index].clause == clause {
            if stems[index] == stem { return (index, skipped) }
            guard skipped < budget, !tokens[index].isNegation else { return nil }
            skipped += 1
            index += 1
        }
        return nil
    }
}

/// One mention of a phrase in a text.
public struct PhraseMatch: Sendable, Equatable {
    /// The phrase's index in `PhraseMatcher.phrases`.
    public var phrase: Int
    /// The words of the text the mention spans, first to last.
    public var tokens: ClosedRange<Int>
    /// Whether the phrase's two words appear in reverse order ("pipe burst" for "burst pipe").
    public var isReversed: Bool
    /// The negation word that denies the mention, as a token index, if any.
    public var negatedBy: Int?

    /// Whether the mention is denied ("no leak").
    public var isNegated: Bool { negatedBy != nil }

    /// A mention of phrase number `phrase` over the words `tokens`.
    public init(phrase: Int, tokens: ClosedRange<Int>, isReversed: Bool, negatedBy: Int?) {
        self.phrase = phrase
        self.tokens = tokens
        self.isReversed = isReversed
        self.negatedBy = negatedBy
    }
}
