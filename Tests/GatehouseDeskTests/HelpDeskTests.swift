import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import Testing

/// The help articles as the owner and the customers reach them through the desk.
@Suite("Help desk")
struct HelpDeskTests {
    static let drain = ArticleDraft(title: "Clearing a slow drain", category: "Drains", tags: ["drain", "sink"],
                                    questions: ["My sink drains slowly", "Water won't go down the drain"],
                                    body: "Pull out the stopper, clean it, and use a cup plunger.", isPublished: true)

    static func desk(_ database: Database, slug: String = "rivera", clock: ManualClock) async throws -> WorkspaceDesk {
        let workspace = try await Workspaces(database: database).create(slug: slug, policyYAML: try TestDesk.plumberPolicy(),
                                                                        actor: "test", now: clock.now())
        return WorkspaceDesk(database: database, workspace: workspace, clock: clock,
                             publicBaseURL: "https://desk.rivera.example", wakeOutbox: {})
    }

    @Test("'my kitchen sink drains slowly' to a plumber with 'Clearing a slow drain' gets it; 'the pipe burst and the basement is flooding' gets none (urgent)",
          arguments: DatabaseBackend.allCases)
    func suggestsButNeverForUrgent(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let clock = ManualClock()
            let desk = try await Self.desk(database, clock: clock)
            _ = try await desk.help.write(Self.drain, now: clock.now())
            let suggesting = try desk.helpSuggesting()

            let sink = try await suggesting.suggest(for: "my kitchen sink drains slowly", recordingAs: "message", now: clock.now())
            #expect(sink.matches.map(\.article.title) == ["Clearing a slow drain"])

            let flood = try await suggesting.suggest(for: "the pipe burst and the basement is flooding, the drain can't keep up",
                                                     recordingAs: "message", now: clock.now())
            #expect(flood.matches.isEmpty)
            #expect(flood.reasons.first?.contains("urgent by the policy") == true)

            // A message that finds nothing is kept for the owner's report; an urgent one is not.
            _ = try await suggesting.suggest(for: "do you do sewer camera inspections?", recordingAs: "message", now: clock.now())
            _ = try await suggesting.suggest(for: "how much is a sewer camera inspection", recordingAs: "message", now: clock.now())
            let report = try await desk.help.report(since: clock.now() - .hours(1))
            #expect(report.unanswered == 2)
            #expect(report.topics.first?.word == "camera", "ties go to the word first in the alphabet")
            #expect(report.topics.first?.count == 2)
        }
    }

    @Test("the index is refreshed when an article changes: a draft is not suggested until it is published, another workspace's never",
          arguments: DatabaseBackend.allCases)
    func refreshedOnChange(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let clock = ManualClock()
            let desk = try await Self.desk(database, clock: clock)
            let other = try await Self.desk(database, slug: "other", clock: clock)
            var draft = Self.drain
            draft.isPublished = false
            let written = try await desk.help.write(draft, now: clock.now())
            let text = "my kitchen sink drains slowly"
            #expect(try await desk.helpSuggesting().suggest(for: text, recordingAs: nil, now: clock.now()).matches.isEmpty)
            _ = try await desk.help.publish(id: written.article.id, true, now: clock.now())
            #expect(try await desk.helpSuggesting().suggest(for: text, recordingAs: nil, now: clock.now()).matches.count == 1)
            #expect(try await other.helpSuggesting().suggest(for: text, recordingAs: nil, now: clock.now()).matches.isEmpty)

            let help = try #require(try await PublicHelp(database: database, clock: clock).workspace(slug: "rivera"))
            #expect(try await help.article(slug: written.article.slug)?.title == "Clearing a slow drain")
            try await help.answered(slug: written.article.slug, helped: true)
            #expect(try await PublicHelp(database: database, clock: clock).workspace(slug: "other")?
                .article(slug: written.article.slug) == nil)
            let counted = try #require(try await desk.help.article(id: written.article.id))
            #expect((counted.views, counted.solved) == (1, 1))

            try await desk.help.setRelevance(99, now: clock.now())
            #expect(try await desk.helpSuggesting().suggest(for: text, recordingAs: nil, now: clock.now()).matches.isEmpty)
        }
    }
}
