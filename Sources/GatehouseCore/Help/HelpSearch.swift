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
        // Scoring touches every posting of every word, so it only adds to an array; the words
        // and phrases that explain a match are looked up afterwards, for the few articles chosen.
        var scores = [Double](repeating: 0, count: articles.count)
        var terms: [(word: HelpWords.Word, key: String, share: Double)] = []
        var seen: Set<String> = []
        for word in query.words where seen.insert(word.key).inserted {
            // The same polarity counts fully, the other half (see `HelpWords`).
            let opposite = word.isDenied ? word.stem : "¬" + word.stem
            for (key, share) in [(word.key, 1.0), (opposite, 0.5)] {
                guard let list = postings[key], let rarity = rarity[key] else { continue }
                terms.append((word, key, share))
                let factor = share * rarity * (Self.saturation + 1)
                for posting in list {
                    scores[posting.article] += factor * posting.weight / (posting.weight + Self.saturation)
                }
            }
        }
        var pairs: [(first: HelpWords.Word, second: HelpWords.Word, key: String)] = []
        var pairsSeen: Set<String> = []
        for (first, second) in query.neighbours {
            let key = HelpWords.phraseKey(first.stem, second.stem)
            guard pairsSeen.insert(key).inserted, let list = phrases[key] else { continue }
            pairs.append((first, second, key))
            let reward = Self.phraseReward * min(rarity[first.stem] ?? 0, rarity[second.stem] ?? 0)
            for article in list where scores[article] > 0 { scores[article] += reward }
        }
        return best(scores, limit: limit).map { article in
            var words: [HelpMatch.MatchedWord] = []
            for term in terms {
                guard let posting = Self.posting(of: article, in: postings[term.key]!) else { continue }
                words.append(HelpMatch.MatchedWord(word: term.word.word, fields: posting.fields, countedHalf: term.share < 1))
            }
            let found = pairs.filter { Self.contains(article, sorted: phrases[$0.key]!) }.map { $0.first.word + " " + $0.second.word }
            return HelpMatch(article: articles[article], score: scores[article], words: Self.strongestFirst(words), phrases: found)
        }
    }

    /// The posting of `article` in a list kept in article order (binary search).
    static func posting(of article: Int, in list: [Posting]) -> Posting? {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].article < article { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low].article == article ? list[low] : nil
    }

    /// Whether `article` is in a list kept in article order (binary search).
    static func contains(_ article: Int, sorted list: [Int]) -> Bool {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < article { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low] == article
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
