import Foundation

/// An article as the owner typed it on the page or sent it to the API, before
/// it is kept: tags and questions one a line (or comma-separated tags).
public struct ArticleDraft: Sendable, Equatable {
    public var title: String
    public var category: String
    public var tags: [String]
    public var questions: [String]
    public var body: String
    public var isPublished: Bool

    public init(title: String, category: String = "", tags: [String] = [], questions: [String] = [], body: String,
                isPublished: Bool = false) {
        self.title = title
        self.category = category
        self.tags = tags
        self.questions = questions
        self.body = body
        self.isPublished = isPublished
    }

    /// A draft from a form's text fields: tags separated by commas or lines, questions one a line.
    public init(title: String, category: String, tagsText: String, questionsText: String, body: String, isPublished: Bool) {
        self.init(title: title, category: category,
                  tags: Self.lines(tagsText, separators: [",", "\n"]), questions: Self.lines(questionsText, separators: ["\n"]),
                  body: body, isPublished: isPublished)
    }

    static func lines(_ text: String, separators: Set<Character>) -> [String] {
        text.split(whereSeparator: { separators.contains($0) || $0 == "\r\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The draft tidied (spaces trimmed), or the first thing that stops it from being kept.
    public func checked() throws(ArticleProblem) -> ArticleDraft {
        var tidy = self
        tidy.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        tidy.category = category.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !tidy.title.isEmpty else { throw ArticleProblem(field: "title", detail: "give the article a title") }
        guard tidy.title.count <= 200 else { throw ArticleProblem(field: "title", detail: "keep the title under 200 characters") }
        guard tidy.category.count <= 80 else { throw ArticleProblem(field: "category", detail: "keep the category under 80 characters") }
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ArticleProblem(field: "body", detail: "write the article before saving it")
        }
        guard body.utf8.count <= 100_000 else { throw ArticleProblem(field: "body", detail: "keep the article under 100,000 characters") }
        return tidy
    }
}

/// Why an article cannot be kept, beside the field at fault.
public struct ArticleProblem: DeskProblem, Equatable {
    public var kind: ProblemKind { .invalid }
    public var field: String?
    public var detail: String
}
