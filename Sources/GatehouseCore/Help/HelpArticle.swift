/// One article of a workspace's help: what a customer can read to answer a
/// question for themselves, and what the owner wrote to be found by.
public struct HelpArticle: Sendable, Equatable, Identifiable {
    /// The article's id, made in Swift when it is first written.
    public var id: String
    /// The readable part of its public address (`/w/SLUG/help/clearing-a-slow-drain`).
    public var slug: String
    /// The title as the owner wrote it.
    public var title: String
    /// The section it is listed under on the public help page ("Drains", "Email").
    public var category: String
    /// Short labels the owner adds ("drain", "sink").
    public var tags: [String]
    /// Questions the article answers, as customers would ask them: they weigh
    /// in search almost as much as the title.
    public var questions: [String]
    /// The article itself, in Markdown.
    public var body: String
    /// Whether customers can see it; a draft is the owner's alone.
    public var isPublished: Bool
    /// When the owner last checked that it is still right.
    public var lastReviewed: Instant?

    /// An article as the owner wrote it.
    public init(id: String, slug: String, title: String, category: String = "", tags: [String] = [],
                questions: [String] = [], body: String, isPublished: Bool = true, lastReviewed: Instant? = nil) {
        self.id = id
        self.slug = slug
        self.title = title
        self.category = category
        self.tags = tags
        self.questions = questions
        self.body = body
        self.isPublished = isPublished
        self.lastReviewed = lastReviewed
    }
}
