import GatehouseCore
import GatehouseStore

/// Suggesting articles for what a customer writes, for one workspace: on the
/// contact form and in the acknowledgement. Never for an urgent matter (by the
/// triage of the workspace's own policy), never below the owner's threshold;
/// a message that finds nothing is kept for the owner's report.
public struct HelpSuggesting: Sendable {
    let articles: HelpArticles
    let workspaceID: Workspace.ID
    let policy: Policy
    let indexes: HelpIndexes

    init(database: Database, workspaceID: Workspace.ID, policy: Policy, indexes: HelpIndexes = .shared) {
        self.articles = HelpArticles(database: database, workspaceID: workspaceID)
        self.workspaceID = workspaceID
        self.policy = policy
        self.indexes = indexes
    }

    /// The owner's relevance threshold, or the desk's standard one.
    public func relevance() async throws -> HelpRelevance {
        try await articles.thresholdTenths().map { HelpRelevance(threshold: Double($0) / 10) } ?? .standard
    }

    /// The published articles, by category then title, from the in-memory index: the help page
    /// lists them on every visit, and reading 2,000 bodies from the database each time took
    /// most of half a second (Benchmarks/help/run.sh).
    public func published() async throws -> [HelpArticle] {
        try await indexes.index(of: articles, workspaceID: workspaceID).articles
    }

    /// The urgent signs the workspace's triage finds in `text` (none when it is not urgent).
    public func urgentSigns(in text: String, subject: String = "", now: Instant) -> [String] {
        let assessment = Triage(policy: policy).assess(
            InboundMessage(channel: .webForm, subject: subject, text: text, sentAt: now), from: CustomerStanding(), now: now)
        if case .urgent(let signs, _) = assessment.urgency.verdict { return signs }
        return []
    }

    /// The articles to offer for a message (at most `limit`), with the reasons. When nothing is
    /// found for a message that is not urgent, the message is kept for the owner's report under
    /// `source` (pass nil to keep nothing, as the form does while the customer is still typing).
    public func suggest(for text: String, subject: String = "", limit: Int = 3, recordingAs source: String?,
                        now: Instant) async throws -> HelpSuggestion {
        let signs = urgentSigns(in: text, subject: subject, now: now)
        let index = try await indexes.index(of: articles, workspaceID: workspaceID)
        let whole = subject.isEmpty ? text : subject + "\n\n" + text
        let suggestion = HelpSuggestion.decide(for: whole, urgentSigns: signs, in: index, relevance: try await relevance(),
                                               limit: limit)
        if let source, signs.isEmpty, suggestion.matches.isEmpty, index.count > 0 {
            try await articles.recordUnanswered(source: source, text: whole, now: now)
        }
        return suggestion
    }

    /// Counts the articles shown on the contact form as suggested.
    public func shown(_ suggestion: HelpSuggestion) async throws {
        try await articles.count(.suggested, articleIDs: suggestion.matches.map(\.article.id))
    }
}
