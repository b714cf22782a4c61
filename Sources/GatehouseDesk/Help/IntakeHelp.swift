import GatehouseCore
import GatehouseStore

/// What intake needs to add help articles to an acknowledgement: the
/// workspace's index and threshold, read once per filing round.
struct IntakeHelp: Sendable {
    let index: HelpIndex
    let relevance: HelpRelevance

    /// The workspace's help, or nil when it has no published article or cannot be read (an
    /// acknowledgement never waits on, or fails because of, a suggestion).
    static func read(database: Database, workspaceID: Workspace.ID) async -> IntakeHelp? {
        let articles = HelpArticles(database: database, workspaceID: workspaceID)
        guard let index = try? await HelpIndexes.shared.index(of: articles, workspaceID: workspaceID), index.count > 0 else {
            return nil
        }
        let relevance = (try? await articles.thresholdTenths()).flatMap { $0 }.map { HelpRelevance(threshold: Double($0) / 10) }
        return IntakeHelp(index: index, relevance: relevance ?? .standard)
    }

    /// The paragraph to add to the acknowledgement of a message that is not urgent, with the
    /// articles it offers (to be counted as suggested), or nil.
    func paragraph(subject: String, text: String, urgent: Bool, statusToken: String, slug: String, policy: Policy,
                   publicBaseURL: String) -> (text: String, articleIDs: [String])? {
        guard !urgent else { return nil }
        let suggestion = HelpSuggestion.decide(for: subject.isEmpty ? text : subject + "\n\n" + text, urgentSigns: [],
                                               in: index, relevance: relevance)
        let links = suggestion.matches.map { match in
            let read = publicBaseURL + "/w/" + slug + "/help/" + match.article.slug
            return AcknowledgementHelp.Link(title: match.article.title, read: read, solved: read + "/solved?request=" + statusToken)
        }
        guard let paragraph = AcknowledgementHelp.paragraph(links, policy: policy) else { return nil }
        // The paragraph writes at most three links: only those are shown, and counted.
        return (paragraph, suggestion.matches.prefix(3).map(\.article.id))
    }
}
