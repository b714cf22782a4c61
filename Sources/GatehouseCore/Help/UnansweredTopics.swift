/// The searches and messages that found no article, grouped by the words they
/// share: "sewer camera" asked five times is the article worth writing next.
public struct UnansweredTopic: Sendable, Equatable {
    /// The shared word, as customers most often wrote it.
    public var word: String
    /// How many searches and messages had it.
    public var count: Int
    /// A few of them, newest first as given.
    public var examples: [String]

    /// Topics of `texts` (newest first), most asked first; a word counts once a
    /// text, and only words that at least `minimum` texts share make a topic.
    /// Each text is listed under its most shared word only.
    public static func group(_ texts: [String], minimum: Int = 2, limit: Int = 10) -> [UnansweredTopic] {
        let wordsOfText = texts.map { text in
            var seen: Set<String> = []
            return HelpWords(text).words.filter { seen.insert($0.stem).inserted }
        }
        var counts: [String: Int] = [:]
        var spelling: [String: [String: Int]] = [:]
        for words in wordsOfText {
            for word in words {
                counts[word.stem, default: 0] += 1
                spelling[word.stem, default: [:]][word.word, default: 0] += 1
            }
        }
        var topics: [String: [Int]] = [:]
        for (position, words) in wordsOfText.enumerated() {
            let best = words.map(\.stem).filter { counts[$0, default: 0] >= minimum }
                .max { (counts[$0]!, $1) < (counts[$1]!, $0) }
            if let best { topics[best, default: []].append(position) }
        }
        return topics.map { stem, positions in
            let written = spelling[stem]!.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            return UnansweredTopic(word: written, count: positions.count, examples: positions.prefix(3).map { texts[$0] })
        }
        .sorted { ($0.count, $1.word) > ($1.count, $0.word) }
        .prefix(limit).map { $0 }
    }
}
