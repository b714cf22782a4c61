import GatehouseCore
import GatehouseStore

/// A workspace's public help pages as a use case: the published articles by
/// category, search, one article at its address (counted as a view), and the
/// reader's "did this answer your question?". Drafts never appear.
public struct PublicHelp: Sendable {
    let database: Database
    let clock: any DeskClock

    public init(database: Database, clock: any DeskClock) {
        self.database = database
        self.clock = clock
    }

    /// One workspace's public help.
    public struct Workspace: Sendable {
        public let business: String
        public let slug: String
        let articles: HelpArticles
        let suggesting: HelpSuggesting
        let clock: any DeskClock

        /// The published articles, by category then title.
        public func published() async throws -> [HelpArticle] { try await suggesting.published() }

        /// The articles for what the reader typed in the search box (not below the threshold, never
        /// for urgent words: the page then points to the urgent route); a search that finds nothing is
        /// kept for the owner's report.
        public func search(_ text: String) async throws -> HelpSuggestion {
            try await suggesting.suggest(for: text, limit: 10, recordingAs: "search", now: clock.now())
        }

        /// The suggestions for a message on the contact form, counted as shown when `counting`.
        public func suggest(forMessage text: String, subject: String = "", counting: Bool) async throws -> HelpSuggestion {
            let suggestion = try await suggesting.suggest(for: text, subject: subject, recordingAs: counting ? "contact form" : nil,
                                                          now: clock.now())
            if counting { try await suggesting.shown(suggestion) }
            return suggestion
        }

        /// The published article at `slug`, counted as a view; nil for a draft or another address.
        public func article(slug: String) async throws -> HelpArticle? {
            guard ArticleSlug.isValid(slug), let stored = try await articles.find(slug: slug, for: .customer) else { return nil }
            try await articles.count(.views, articleIDs: [stored.article.id])
            return stored.article
        }

        /// The customer of a request says the article at `slug` solved it (the "this solved it"
        /// link of their acknowledgement): recorded, and the request closed as self-served.
        public func solved(slug: String, request statusToken: String) async throws -> Bool {
            guard ArticleSlug.isValid(slug), !statusToken.isEmpty else { return false }
            return try await articles.solvedRequest(statusToken: statusToken, articleSlug: slug, now: clock.now())
        }

        /// The reader's answer to "did this answer your question?" on an article's page.
        public func answered(slug: String, helped: Bool) async throws {
            guard ArticleSlug.isValid(slug), let stored = try await articles.find(slug: slug, for: .customer) else { return }
            try await articles.count(helped ? .solved : .notHelpful, articleIDs: [stored.article.id])
        }
    }

    /// The help of the workspace at `/w/{slug}`, or nil.
    public func workspace(slug: String) async throws -> Workspace? {
        guard let found = try await PublicWorkspaces(database: database).find(slug: slug) else { return nil }
        return Workspace(business: found.policy.business.name, slug: found.workspace.slug,
                         articles: HelpArticles(database: database, workspaceID: found.workspace.id),
                         suggesting: HelpSuggesting(database: database, workspaceID: found.workspace.id, policy: found.policy),
                         clock: clock)
    }
}
