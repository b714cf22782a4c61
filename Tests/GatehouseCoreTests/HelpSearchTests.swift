import GatehouseCore
import Testing

/// Search over a business's help articles: the right article for what the
/// customer wrote, with the words that made it match, and nothing when
/// nothing answers.
@Suite("Help search")
struct HelpSearchTests {
    static let plumberIndex = HelpIndex(articles: HelpArticlesFixture.plumber)
    static let itIndex = HelpIndex(articles: HelpArticlesFixture.itSupport)

    /// How the labelled messages fare: right in the top three (of those with
    /// an answer) and nothing suggested (of those without).
    struct Figures: CustomStringConvertible {
        var answered = 0, rightInTopThree = 0, unanswered = 0, nothingSuggested = 0
        var misses: [String] = []
        var topThreeShare: Double { Double(rightInTopThree) / Double(max(1, answered)) }
        var silentShare: Double { Double(nothingSuggested) / Double(max(1, unanswered)) }
        var description: String {
            "\(rightInTopThree)/\(answered) right in the top three, \(nothingSuggested)/\(unanswered) without an answer got nothing"
        }
    }

    static func figures(_ messages: [HelpLabelledMessages.Labelled], _ index: HelpIndex,
                        relevance: HelpRelevance = .standard) -> Figures {
        var figures = Figures()
        for message in messages {
            let suggested = HelpSuggestion.decide(for: message.text, urgentSigns: [], in: index, relevance: relevance)
                .matches.map(\.article.slug)
            if let answer = message.answer {
                figures.answered += 1
                if suggested.contains(answer) { figures.rightInTopThree += 1 } else {
                    figures.misses.append("missed \(answer): \(message.text) → \(suggested)")
                }
            } else {
                figures.unanswered += 1
                if suggested.isEmpty { figures.nothingSuggested += 1 } else {
                    figures.misses.append("suggested \(suggested) for: \(message.text)")
                }
            }
        }
        return figures
    }

    @Test("the labelled plumber and IT-support messages: the right article in the top three for at least 85 %, nothing for at least 90 % of those without one")
    func labelledSet() {
        let plumber = Self.figures(HelpLabelledMessages.plumber, Self.plumberIndex)
        let it = Self.figures(HelpLabelledMessages.itSupport, Self.itIndex)
        var all = plumber
        all.answered += it.answered
        all.rightInTopThree += it.rightInTopThree
        all.unanswered += it.unanswered
        all.nothingSuggested += it.nothingSuggested
        all.misses += it.misses
        #expect(HelpLabelledMessages.plumber.count + HelpLabelledMessages.itSupport.count >= 60)
        #expect(all.topThreeShare >= 0.85, "\(all); \(all.misses)")
        #expect(all.silentShare >= 0.90, "\(all); \(all.misses)")
        print("Help suggestions — plumber: \(plumber); IT support: \(it); all: \(all)")
        for miss in all.misses { print("  \(miss)") }
    }

    @Test("'my kitchen sink drains slowly' finds 'Clearing a slow drain' first, with the words that made it match")
    func kitchenSink() throws {
        let suggestion = HelpSuggestion.decide(for: "my kitchen sink drains slowly", urgentSigns: [], in: Self.plumberIndex)
        let first = try #require(suggestion.matches.first)
        #expect(first.article.title == "Clearing a slow drain")
        let words = first.words.map(\.word)
        #expect(words.contains("drains"))
        #expect(words.contains("slowly"))
        #expect(words.contains("sink"))
        #expect(first.words.first { $0.word == "drains" }?.fields.contains(.title) == true)
        #expect(first.phrases.contains("drains slowly"))
        #expect(suggestion.reasons.first?.hasPrefix("'Clearing a slow drain' (score ") == true)
    }

    @Test("an urgent matter is never sent to an article, and the reason says so")
    func urgentGetsNone() {
        let suggestion = HelpSuggestion.decide(for: "the pipe burst and the basement is flooding",
                                               urgentSigns: ["burst pipe", "flooding"], in: Self.plumberIndex)
        #expect(suggestion.matches.isEmpty)
        #expect(suggestion.reasons == [
            "no article is suggested: the message is urgent by the policy (it mentions 'burst pipe', 'flooding'), so it goes to a person",
        ])
    }

    @Test("a message that shares only a word in passing is below the threshold, and the reason names the closest article")
    func belowThreshold() {
        let suggestion = HelpSuggestion.decide(for: "Thanks for fixing the kitchen last week", urgentSigns: [],
                                               in: Self.plumberIndex)
        #expect(suggestion.matches.isEmpty)
        #expect(suggestion.reasons.first?.hasPrefix("no article is suggested; the closest, ") == true)
    }

    @Test("the owner's threshold decides: higher means fewer suggestions")
    func ownerThreshold() {
        let text = "the shower drain is slow"
        let standard = HelpSuggestion.decide(for: text, urgentSigns: [], in: Self.plumberIndex)
        let strict = HelpSuggestion.decide(for: text, urgentSigns: [], in: Self.plumberIndex,
                                           relevance: HelpRelevance(threshold: 1_000))
        #expect(!standard.matches.isEmpty)
        #expect(strict.matches.isEmpty)
    }

    @Test("a word the customer denies counts fully where the article denies it too, half where it does not")
    func negation() throws {
        let articles = [
            HelpArticle(id: "a", slug: "leak", title: "Finding a leak under the sink", body: "Look for the leak."),
            HelpArticle(id: "b", slug: "toilet", title: "A toilet that keeps running", body: "The flapper is worn."),
        ]
        let index = HelpIndex(articles: articles)
        let matches = index.search("there's no leak, but the toilet keeps running")
        #expect(matches.first?.article.slug == "toilet")
        let leak = try #require(matches.first { $0.article.slug == "leak" })
        #expect(leak.words.first { $0.word == "leak" }?.countedHalf == true)
        // "I don't know why" denies nothing.
        let hedged = index.search("I don't know why the leak is back")
        #expect(hedged.first?.words.first { $0.word == "leak" }?.countedHalf == false)
    }

    @Test("no hot water matches the article that says 'no hot water' fully")
    func deniedOnBothSides() throws {
        let match = try #require(Self.plumberIndex.search("we have no hot water since yesterday").first)
        #expect(match.article.slug == "no-hot-water-from-a-gas-water-heater")
        #expect(match.words.first { $0.word == "hot" }?.countedHalf == false)
    }

    @Test("a draft is never found")
    func draftsAreNotIndexed() {
        var draft = HelpArticlesFixture.plumber[0]
        draft.isPublished = false
        let index = HelpIndex(articles: [draft])
        #expect(index.count == 0)
        #expect(index.search("my sink drains slowly").isEmpty)
    }

    @Test("a title becomes a readable address: 'Clearing a slow drain' → clearing-a-slow-drain")
    func slugs() {
        #expect(ArticleSlug.make(from: "Clearing a slow drain") == "clearing-a-slow-drain")
        #expect(ArticleSlug.make(from: "  Café  wi-fi: 5 GHz!  ") == "cafe-wi-fi-5-ghz")
        #expect(ArticleSlug.make(from: "???") == "article")
        #expect(ArticleSlug.isValid("clearing-a-slow-drain"))
        #expect(!ArticleSlug.isValid("../etc"))
    }
}
