import Foundation

/// A workspace's published articles, read once and kept in memory so that a
/// customer's message can be matched against them in well under a millisecond.
///
/// It is built from the articles alone (a pure value): the desk builds a new
/// one when an article changes. Each word of each field is filed by its stem
/// (see `HelpWords`); what search adds up for a word is worked out here, once,
/// so a search only looks words up and adds.
public struct HelpIndex: Sendable {
    /// One article where a word is found.
    struct Posting: Sendable {
        /// The article's position in `articles`.
        var article: Int
        /// How much the word weighs in the article: its counts in each field,
        /// times the field's weight, discounted for long fields (BM25F).
        var weight: Double
        /// The fields it is found in, for the reasons.
        var fields: [ArticleField]
    }

    /// The articles, in the order they were given.
    public let articles: [HelpArticle]
    /// Where each word key is found, in article order (search looks articles up by halving).
    let postings: [String: [Posting]]
    /// How rare each word key is among the articles (BM25's inverse document frequency).
    let rarity: [String: Double]
    /// Which articles have each pair of neighbouring words (see `HelpWords.phraseKey`).
    let phrases: [String: [Int]]

    /// The fewest articles rarity is reckoned over (see `init`).
    static let background = 50

    /// BM25's saturation: the third mention of a word adds less than the first.
    static let saturation = 1.2

    /// An index of `articles`. Drafts are left out: search only ever finds what customers may read.
    public init(articles: [HelpArticle]) {
        let published = articles.filter(\.isPublished)
        self.articles = published
        let fieldWords: [[ArticleField: HelpWords]] = published.map { article in
            [.title: HelpWords(article.title),
             .questions: HelpWords(article.questions.joined(separator: ".\n\n")),
             .tags: HelpWords(article.tags.joined(separator: ", ")),
             .body: HelpWords(article.body)]
        }
        var averageLength: [ArticleField: Double] = [:]
        for field in ArticleField.allCases {
            let total = fieldWords.reduce(0) { $0 + ($1[field]?.words.count ?? 0) }
            averageLength[field] = published.isEmpty ? 1 : max(1, Double(total) / Double(published.count))
        }
        var postings: [String: [Posting]] = [:]
        var phrases: [String: [Int]] = [:]
        for (position, fields) in fieldWords.enumerated() {
            var counts: [String: [ArticleField: Int]] = [:]
            var pairs: Set<String> = []
            for (field, words) in fields {
                for word in words.words { counts[word.key, default: [:]][field, default: 0] += 1 }
                for (first, second) in words.neighbours { pairs.insert(HelpWords.phraseKey(first.stem, second.stem)) }
            }
            for (key, byField) in counts {
                var weight = 0.0
                for (field, count) in byField {
                    let length = Double(fields[field]?.words.count ?? 0)
                    let norm = 1 - field.lengthDiscount + field.lengthDiscount * length / averageLength[field]!
                    weight += field.weight * Double(count) / norm
                }
                postings[key, default: []].append(Posting(article: position, weight: weight, fields: byField.keys.sorted()))
            }
            for pair in pairs { phrases[pair, default: []].append(position) }
        }
        // A small help centre cannot tell a rare word from a common one (with one article, every
        // word is in all of them), so rarity is reckoned as if there were at least `background`
        // articles: with few articles every word counts as fairly rare, and as articles are
        // added the measured rarity takes over.
        let count = Double(max(published.count, Self.background))
        self.rarity = postings.mapValues { list in
            let found = Double(list.count)
            return log(1 + (count - found + 0.5) / (found + 0.5))
        }
        self.postings = postings
        self.phrases = phrases
    }

    /// How many articles customers can find.
    public var count: Int { articles.count }
}
