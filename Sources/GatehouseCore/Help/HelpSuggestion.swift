/// Which articles to offer a customer for a message, and why, or why none.
///
/// A customer with an urgent matter is never sent to read an article: the
/// policy promises them a person. Otherwise the best articles above the
/// owner's threshold are offered, at most `limit` (three in the
/// acknowledgement, where a long list would bury the promise).
public struct HelpSuggestion: Sendable, Equatable {
    /// The articles to offer, best first.
    public var matches: [HelpMatch]
    /// Why these, or why none, in plain words.
    public var reasons: [String]

    /// The suggestion for a message of `text`; `urgentSigns` are the policy's
    /// urgent signs the triage found in it (empty when it is not urgent).
    public static func decide(for text: String, urgentSigns: [String], in index: HelpIndex,
                              relevance: HelpRelevance = .standard, limit: Int = 3) -> HelpSuggestion {
        if !urgentSigns.isEmpty {
            let signs = urgentSigns.map { "'\($0)'" }.joined(separator: ", ")
            return HelpSuggestion(matches: [], reasons: [
                "no article is suggested: the message is urgent by the policy (it mentions \(signs)), so it goes to a person",
            ])
        }
        guard index.count > 0 else {
            return HelpSuggestion(matches: [], reasons: ["no article is suggested: no article is published"])
        }
        let ranked = index.search(text, limit: limit)
        let chosen = ranked.filter(relevance.accepts)
        guard !chosen.isEmpty else {
            let closest = ranked.first.map {
                "; the closest, '\($0.article.title)', scores \(Self.figure($0.score)), below the threshold of \(Self.figure(relevance.threshold))"
            } ?? "; no article shares a word with it"
            return HelpSuggestion(matches: [], reasons: ["no article is suggested" + closest])
        }
        let reasons = chosen.map { match in
            "'\(match.article.title)' (score \(Self.figure(match.score))): " + match.reasons.joined(separator: "; ")
        }
        return HelpSuggestion(matches: chosen, reasons: reasons)
    }

    /// A score with one decimal, as the owner reads it.
    static func figure(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
