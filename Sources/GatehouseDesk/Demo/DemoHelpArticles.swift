import GatehouseCore
import GatehouseStore

/// The demo business's help articles: a few answers Rivera Plumbing & Heating
/// keeps for its customers, one of them still a draft.
enum DemoHelpArticles {
    static let drafts: [ArticleDraft] = [
        ArticleDraft(
            title: "Clearing a slow drain", category: "Drains", tags: ["drain", "sink", "clog", "shower"],
            questions: ["My sink drains slowly", "Water won't go down the drain", "How do I unclog a sink?"],
            body: """
            Most slow drains are a plug of hair, soap or grease a few inches below the opening.

            1. Pull out the stopper and clean it.
            2. Pour a kettle of hot (not boiling) water down the drain.
            3. Use a cup plunger: cover the overflow with a wet cloth and plunge ten times.

            Avoid chemical drain cleaners: they damage older pipes. If the water still stands, or several
            drains are slow at once, the blockage is further down: **book a repair**.
            """, isPublished: true),
        ArticleDraft(
            title: "A toilet that keeps running", category: "Toilets", tags: ["toilet", "flapper"],
            questions: ["My toilet keeps running after I flush", "I hear water trickling in the toilet"],
            body: """
            A running toilet is almost always the flapper or the fill valve. Take the lid off the tank: if the
            chain is tangled, the flapper cannot close. A worn flapper costs a few dollars and clips on without tools.
            """, isPublished: true),
        ArticleDraft(
            title: "Closing your main water shut-off valve", category: "Emergencies", tags: ["shut-off", "valve", "main"],
            questions: ["Where is my main water shut-off?", "How do I turn off the water to the house?"],
            body: """
            The main shut-off is where the water line comes in, usually in the basement near the meter. Turn a
            round handle clockwise until it stops; turn a lever a quarter turn. Find it now, before you need it.
            """, isPublished: true),
        ArticleDraft(
            title: "What a repair visit costs", category: "Prices", tags: ["price", "cost", "rates"],
            questions: ["How much do you charge?", "What is your hourly rate?"],
            body: "Repairs are $120 an hour with a one-hour minimum, and parts at cost. An emergency call-out is $180.",
            isPublished: true),
        ArticleDraft(
            title: "Bleeding a radiator", category: "Heating", tags: ["radiator", "bleed"],
            questions: ["My radiator is cold at the top"],
            body: "With the heating off, open the bleed valve a quarter turn with a radiator key until water comes out.",
            isPublished: false),
    ]

    /// Customers using the help, through its public pages: Ruth read the slow-drain article her
    /// acknowledgement offered and said it solved her sink (her request closes as self-served);
    /// another reader found the running-toilet article helpful, one did not find the prices one.
    static func readers(database: Database, slug: String, slowSink: Conversation?, asked: Instant?, now: Instant) async throws {
        func help(at instant: Instant) async throws -> PublicHelp.Workspace? {
            try await PublicHelp(database: database, clock: At(instant: instant)).workspace(slug: slug)
        }
        if let token = slowSink?.statusToken, let asked, let help = try await help(at: asked + TimeSpan.minutes(40)) {
            _ = try await help.article(slug: "clearing-a-slow-drain")
            _ = try await help.solved(slug: "clearing-a-slow-drain", request: token)
        }
        guard let help = try await help(at: now - TimeSpan.hours(5)) else { return }
        for (article, helped) in [("a-toilet-that-keeps-running", true), ("a-toilet-that-keeps-running", true),
                                  ("what-a-repair-visit-costs", false)] {
            _ = try await help.article(slug: article)
            try await help.answered(slug: article, helped: helped)
        }
    }

    /// A clock standing at the moment a demo reader acts.
    private struct At: DeskClock {
        let instant: Instant
        func now() -> Instant { instant }
    }

    /// Writes the articles into the demo workspace.
    static func load(database: Database, workspaceID: Workspace.ID, now: Instant) async throws {
        let articles = HelpArticles(database: database, workspaceID: workspaceID)
        for draft in drafts { _ = try await articles.create(draft, actor: "demo", now: now) }
    }
}
