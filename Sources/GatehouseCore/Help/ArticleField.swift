/// The parts of an article that search reads, and how much a word found in
/// each weighs: a word in the title or in a question the owner wrote says far
/// more about what the article answers than the same word in the body.
public enum ArticleField: Int, Sendable, CaseIterable, Comparable {
    case title
    case questions
    case tags
    case body

    /// How much a word found here counts, against the body's 1.
    var weight: Double {
        switch self {
        case .title: 3.0
        case .questions: 2.5
        case .tags: 2.0
        case .body: 1.0
        }
    }

    /// How much a long field's words are discounted (BM25's `b`): a long body
    /// mentions many things in passing, a title is short by nature.
    var lengthDiscount: Double {
        switch self {
        case .title: 0.3
        case .questions: 0.5
        case .tags: 0.2
        case .body: 0.75
        }
    }

    /// The field in the owner's words, for the reasons shown on the page.
    public var name: String {
        switch self {
        case .title: "the title"
        case .questions: "a question it answers"
        case .tags: "a tag"
        case .body: "the text"
        }
    }

    public static func < (lhs: ArticleField, rhs: ArticleField) -> Bool { lhs.rawValue < rhs.rawValue }
}
