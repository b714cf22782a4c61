/// Ranking a workspace's articles for what a customer wrote (BM25F over the
/// title, the questions, the tags and the body, with a reward for phrases).
///
/// Each word of the customer's that an article has adds its rarity among the
/// articles times its weight in that article, saturated so that repeating a
/// word adds less each time; each pair of the customer's neighbouring words
/// that the article also has side by side adds a phrase reward. Denied words
/// count as `HelpWords` explains. The answer keeps the words that matched, so
/// the owner can see why an article was suggested.
extension HelpIndex {
    /// How much a phrase adds, times the rarer of its two words.
    static let phraseReward = 0.6

    /// The articles for `text`, best first, at most `limit`, each with the
    /// words that made it match. Nothing is cut by relevance here: that is
    /// `HelpRelevance`'s decision.
    public func search(_ text: String, limit: Int = 10) -> [HelpMatch] {
        guard !articles.isEmpty, limit > 0 else { return [] }
        let query = HelpWords(text)
        var scores = [Double](repeating: 0, count: articles.count)
        var found: [Int: [HelpMatch.MatchedWord]] = [:]
        var seen: Set<String> = []
        for word in query.words where seen.insert(word.key).inserted {
            // The same polarity counts fully, the other half (see `HelpWords`).
            let opposite = word.isDenied ? word.stem : "¬" + word.stem
            for (key, share) in [(word.key, 1.0), (opposite, 0.5)] {
                guard let list = postings[key], let rarity = rarity[key] else { continue }
                for posting in list {
                    scores[posting.article] += share * rarity * posting.weight * (Self.saturation + 1)
                        / (posting.weight + Self.saturation)
                    found[posting.article, default: []].append(
                        HelpMatch.MatchedWord(word: word.word, fields: posting.fields, countedHalf: share < 1))
                }
            }
        }
        var phrasesFound: [Int: [String]] = [:]
        var pairsSeen: Set<String> = []
        for (first, second) in query.neighbours {
            let key = HelpWords.phraseKey(first.stem, second.stem)
            guard pairsSeen.insert(key).inserted, let list = phrases[key] else { continue }
            let reward = Self.phraseReward * min(rarity[first.stem] ?? 0, rarity[second.stem] ?? 0)
            for article in list where scores[article] > 0 {
                scores[article] += reward
                phrasesFound[article, default: []].append(first.word + " " + second.word)
            }
        }
        return best(scores, limit: limit).map { article in
            HelpMatch(article: articles[article], score: scores[article],
                      words: Self.strongestFirst(found[article] ?? []), phrases: phrasesFound[article] ?? [])
        }
    }

    /// The positions of the `limit` highest scores above zero, best first; ties
    /// go to the article given first, so a search answers the same every time.
    private func best(_ scores: [Double], limit: Int) -> [Int] {
        var top: [Int] = []
        for (article, score) in scores.enumerated() where score > 0 {
            if top.count == limit, let last = top.last, scores[last] >= score { continue }
            let place = top.firstIndex { scores[$0] < score } ?? top.count
            top.insert(article, at: place)
            if top.count > limit { top.removeLast() }
        }
        return top
    }

    /// One entry a word, the title's and questions' words first.
    private static func strongestFirst(_ words: [HelpMatch.MatchedWord]) -> [HelpMatch.MatchedWord] {
        var merged: [HelpMatch.MatchedWord] = []
        for word in words {
            if let index = merged.firstIndex(where: { $0.word == word.word }) {
                merged[index].fields = Array(Set(merged[index].fields + word.fields)).sorted()
                merged[index].countedHalf = merged[index].countedHalf && word.countedHalf
            } else {
                merged.append(word)
            }
        }
        return merged.sorted { ($0.fields.first ?? .body, $0.word) < ($1.fields.first ?? .body, $1.word) }
    }
}
