/// When a mention is denied: "there is no leak", "not leaking", "I don't
/// smell gas", "without any flooding", "never flooded".
///
/// The rule: a mention is negated when one of the four words before it is a
/// negation word, in the same negation scope (see
/// `TokenizedText.Token.negationScope`: clause punctuation and words like
/// "but" and "and" end a negation's reach). Four words is enough for "no sign
/// of a leak" and "have not noticed any leak", and short enough that "not sure
/// if it's a leak" still counts the leak.
///
/// A phrase that itself starts with a negation word, like the sign "no heat",
/// is not negated by its own first word; a negation before it does negate it
/// ("it's not that we have no heat" is read literally).
public enum Negation {
    /// How many words before a mention are searched for a negation word.
    public static let window = 4

    /// Words that deny what follows. Words ending in "n't" (and their
    /// apostrophe-less spellings) count too. "Nobody" and "no one" do not:
    /// "nobody noticed the leak" still reports a leak.
    static let words: Set<String> = [
        "no", "not", "never", "none", "nothing", "without", "neither", "nor", "cannot",
        "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt",
        "wont", "wouldnt", "couldnt", "shouldnt", "aint",
    ]

    /// Words that start a new negation scope: what comes after them is a new statement.
    static let clauseWords: Set<String> = [
        "and", "but", "however", "although", "though", "because", "except", "whereas", "while",
    ]

    /// Whether a (lower-case, normalised) word denies what follows.
    public static func isNegation(_ word: String) -> Bool {
        words.contains(word) || word.hasSuffix("n't")
    }
}

extension TokenizedText {
    /// The index of the word that negates a mention starting at token `start`,
    /// if there is one (see `Negation` for the rule).
    public func negation(before start: Int) -> Int? {
        guard start > 0 else { return nil }
        let scope = tokens[start].negationScope
        var index = start - 1
        while index >= 0, start - index <= Negation.window, tokens[index].negationScope == scope {
            if tokens[index].isNegation { return index }
            index -= 1
        }
        return nil
    }
}
