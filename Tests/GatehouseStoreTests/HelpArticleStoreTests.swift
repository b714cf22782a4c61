import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Store: help articles")
struct HelpArticleStoreTests {
    static let drain = ArticleDraft(title: "Clearing a slow drain", category: "Drains", tags: ["drain", "sink"],
                                    questions: ["My sink drains slowly", "How do I unclog a sink?"],
                                    body: "Pull out the stopper and clean it.", isPublished: true)

    @Test("an article is kept with its tags and questions, at an address made from its title; a second one with the same title gets -2",
          arguments: DatabaseBackend.allCases)
    func keepsArticles(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy, actor: "test", now: now)
            let articles = HelpArticles(database: database, workspaceID: workspace.id)
            let first = try await articles.create(Self.drain, actor: "rosa", now: now)
            #expect(first.article.slug == "clearing-a-slow-drain")
            #expect(first.article.tags == ["drain", "sink"])
            #expect(first.article.questions == ["My sink drains slowly", "How do I unclog a sink?"])
            #expect(first.article.isPublished)
            #expect(first.article.lastReviewed == now)
            let second = try await articles.create(Self.drain, actor: "rosa", now: now)
            #expect(second.article.slug == "clearing-a-slow-drain-2")

            var edited = Self.drain
            edited.title = "Clearing a slow or blocked drain"
            let changed = try await articles.update(id: first.article.id, edited, actor: "rosa", now: now + .hours(1))
            #expect(changed.article.title == "Clearing a slow or blocked drain")
            #expect(changed.article.slug == "clearing-a-slow-drain", "the address stays, so links already sent keep working")
            #expect(changed.article.lastReviewed == now + .hours(1))

            await #expect(throws: StoreError(.invalid, field: "title", "give the article a title")) {
                _ = try await articles.create(ArticleDraft(title: "  ", body: "x"), actor: "rosa", now: now)
            }
        }
    }

    @Test("a draft is never public, and another workspace's article is never found", arguments: DatabaseBackend.allCases)
    func scopedAndDrafts(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy, actor: "test", now: now)
            let other = try await Workspaces(database: database).create(slug: "other", policyYAML: plumberPolicy, actor: "test", now: now)
            let articles = HelpArticles(database: database, workspaceID: workspace.id)
            let strangers = HelpArticles(database: database, workspaceID: other.id)
            var draft = Self.drain
            draft.isPublished = false
            let hidden = try await articles.create(draft, actor: "rosa", now: now)
            #expect(try await articles.all(for: .customer).isEmpty)
            #expect(try await articles.find(slug: hidden.article.slug, for: .customer) == nil)
            #expect(try await articles.find(slug: hidden.article.slug, for: .owner)?.article.id == hidden.article.id)
            #expect(try await articles.all(for: .owner).count == 1)

            let published = try await articles.create(Self.drain, actor: "rosa", now: now)
            #expect(try await articles.all(for: .customer).map(\.article.id) == [published.article.id])
            #expect(try await strangers.all(for: .owner).isEmpty)
            #expect(try await strangers.find(id: published.article.id) == nil)
            #expect(try await strangers.find(slug: published.article.slug, for: .owner) == nil)
            await #expect(throws: StoreError(.notFound, field: "id", "no article \(published.article.id) in this workspace")) {
                _ = try await strangers.update(id: published.article.id, Self.drain, actor: "mallory", now: now)
            }
            try await strangers.count(.views, articleIDs: [published.article.id])
            #expect(try await articles.find(id: published.article.id)?.views == 0)
        }
    }

    @Test("views, suggestions, 'this solved it' once per link, and searches that found nothing are counted",
          arguments: DatabaseBackend.allCases)
    func counters(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy, actor: "test", now: now)
            let other = try await Workspaces(database: database).create(slug: "other", policyYAML: plumberPolicy, actor: "test", now: now)
            let articles = HelpArticles(database: database, workspaceID: workspace.id)
            let article = try await articles.create(Self.drain, actor: "rosa", now: now).article
            try await articles.count(.views, articleIDs: [article.id])
            try await articles.count(.views, articleIDs: [article.id])
            try await articles.count(.notHelpful, articleIDs: [article.id])
            try await articles.recordSuggestions([(token: "tok-1", articleID: article.id)], conversationID: "conv-1", now: now)

            #expect(try await HelpArticles(database: database, workspaceID: other.id).solve(token: "tok-1", now: now) == nil)
            let solved = try await articles.solve(token: "tok-1", now: now + .minutes(5))
            #expect(solved?.conversationID == "conv-1" && solved?.articleID == article.id && solved?.isFirst == true)
            #expect(try await articles.solve(token: "tok-1", now: now + .minutes(6))?.isFirst == false)

            let counted = try #require(try await articles.find(id: article.id))
            #expect((counted.views, counted.suggested, counted.solved, counted.notHelpful) == (2, 1, 1, 1))

            try await articles.recordUnanswered(source: "search", text: "sewer camera inspection", now: now)
            try await HelpArticles(database: database, workspaceID: other.id).recordUnanswered(source: "search", text: "elsewhere", now: now)
            #expect(try await articles.unanswered(since: now).map(\.text) == ["sewer camera inspection"])
        }
    }

    @Test("deleting an article removes it from this workspace only and changes the stamp, even when a new one follows; an article offered twice is counted twice",
          arguments: DatabaseBackend.allCases)
    func deletesAndCounts(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: plumberPolicy, actor: "test", now: now)
            let other = try await Workspaces(database: database).create(slug: "other", policyYAML: plumberPolicy, actor: "test", now: now)
            let articles = HelpArticles(database: database, workspaceID: workspace.id)
            let first = try await articles.create(Self.drain, actor: "rosa", now: now)
            let second = try await articles.create(Self.drain, actor: "rosa", now: now)
            try await articles.count(.suggested, articleIDs: [first.article.id, first.article.id, second.article.id])
            #expect(try await articles.find(id: first.article.id)?.suggested == 2)
            #expect(try await articles.find(id: second.article.id)?.suggested == 1)

            let before = try await articles.stamp()
            #expect(try await HelpArticles(database: database, workspaceID: other.id).delete(id: first.article.id, actor: "x", now: now) == false)
            #expect(try await articles.find(id: first.article.id) != nil, "another workspace cannot delete it")
            #expect(try await articles.delete(id: first.article.id, actor: "rosa", now: now))
            #expect(try await articles.find(id: first.article.id) == nil)
            #expect(try await articles.delete(id: first.article.id, actor: "rosa", now: now) == false)
            _ = try await articles.create(Self.drain, actor: "rosa", now: now)
            #expect(try await articles.stamp() != before, "a delete and a new article are not 'no change'")
            #expect(try await articles.selfServed(conversationIDs: ["nothing"]).isEmpty)
        }
    }
}
