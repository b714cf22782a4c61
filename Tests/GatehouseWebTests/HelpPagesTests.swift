import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
@testable import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// An article's Markdown, rendered with Ink, is formatted and never executed.
@Suite("Help article HTML")
struct HelpArticleHTMLTests {
    @Test("Markdown is formatted: headings, lists, emphasis, code and safe links")
    func formats() {
        let html = ArticleHTML.render("# Clearing a drain\n\n1. Pull out the **stopper**.\n2. Use a *plunger*.\n\n"
            + "See [our prices](https://rivera.example/prices) or `plunge < 10 times`.")
        #expect(html.contains("<h1>Clearing a drain</h1>"))
        #expect(html.contains("<ol><li>Pull out the <strong>stopper</strong>.</li>"))
        #expect(html.contains("<em>plunger</em>"))
        #expect(html.contains(#"<a href="https://rivera.example/prices" rel="nofollow noopener">our prices</a>"#))
        #expect(html.contains("<code>plunge &lt; 10 times</code>"))
    }

    @Test("a <script> in the article is shown as text, never run")
    func scriptsAreInert() {
        let html = ArticleHTML.render("Before\n\n<script>alert('x')</script>\n\nAfter <script src=\"https://evil.example/x.js\"></script>")
        #expect(!html.lowercased().contains("<script"))
        #expect(Self.tagsOpened(html).isSubset(of: ["p"]))
        #expect(html.contains("&lt;script"))
    }

    @Test("raw HTML is shown as text: no iframes, no event handlers, no styles")
    func rawHTMLIsInert() {
        let html = ArticleHTML.render("<iframe src=\"https://evil.example\"></iframe>\n\n<p onclick=\"steal()\">hi</p>\n\n"
            + "<img src=x onerror=alert(1)>\n\n<div style=\"position:fixed\">cover</div>")
        #expect(Self.tagsOpened(html).isSubset(of: ["p"]), "only paragraphs open: \(html)")
        #expect(html.contains("&lt;iframe"), "the typed HTML is shown as text")
    }

    /// The names of the tags that open in `html` (what a browser would make elements of).
    static func tagsOpened(_ html: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            names.insert(String(after.prefix { $0.isLetter || $0.isNumber || $0 == "/" }).replacingOccurrences(of: "/", with: ""))
            rest = after
        }
        return names
    }

    @Test("javascript:, data: and disguised links lose their address and keep their words")
    func dangerousLinks() {
        for link in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
                     "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox", "//evil.example/x"] {
            let html = ArticleHTML.render("[click me](\(link))")
            #expect(!html.contains("href"), "\(link) → \(html)")
            #expect(html.contains("click me"))
        }
        // Quotes cannot break out of the address.
        let quoted = ArticleHTML.render(#"[x](https://a.example/"onmouseover="alert(1))"#)
        #expect(!quoted.contains("onmouseover=\""))
        // Relative, mail and phone links stay.
        #expect(ArticleHTML.render("[prices](/w/rivera/help/prices)").contains(#"href="/w/rivera/help/prices""#))
        #expect(ArticleHTML.render("[mail](mailto:office@rivera.example)").contains(#"href="mailto:office@rivera.example""#))
    }

    @Test("the sanitiser alone keeps only Markdown's tags, whatever HTML it is given")
    func sanitiserAlone() {
        let html = ArticleHTML.sanitised(#"<p class="x">ok</p><svg onload=alert(1)><a href="javascript:x" title="t">y</a><style>p{}</style>"#)
        #expect(html == #"<p>ok</p>&lt;svg onload=alert(1)&gt;<a>y</a>&lt;style&gt;p{}&lt;/style&gt;"#)
    }
}

@Suite("Help pages")
struct HelpPagesTests {
    @Test("the public help page lists published articles by category, searches them, and shows an article at its readable address; drafts are never public",
          arguments: DatabaseBackend.allCases)
    func publicHelp(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let articles = HelpArticles(database: database, workspaceID: desk.workspace.id)
            _ = try await articles.create(ArticleDraft(title: "Clearing a slow drain", category: "Drains", tags: ["drain"],
                                                       questions: ["My sink drains slowly"],
                                                       body: "Pull out the **stopper**.\n\n<script>alert(1)</script>",
                                                       isPublished: true), actor: "test", now: start)
            _ = try await articles.create(ArticleDraft(title: "Secret draft about drains", body: "Not yet.", isPublished: false),
                                          actor: "test", now: start)
            try await intakeApplication(database).test(.router) { client in
                let index = String(buffer: try await client.execute(uri: "/w/rivera/help", method: .get).body)
                #expect(index.contains("<h2>Drains</h2>"))
                #expect(index.contains(#"<a href="/w/rivera/help/clearing-a-slow-drain">Clearing a slow drain</a>"#))
                #expect(!index.contains("Secret draft"))

                let search = String(buffer: try await client.execute(uri: "/w/rivera/help?q=my+kitchen+sink+drains+slowly",
                                                                     method: .get).body)
                #expect(search.contains("matched: "))
                let nothing = String(buffer: try await client.execute(uri: "/w/rivera/help?q=sewer+camera", method: .get).body)
                #expect(nothing.contains("No article answers that yet."))

                let page = try await client.execute(uri: "/w/rivera/help/clearing-a-slow-drain", method: .get)
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                #expect(html.contains("<strong>stopper</strong>"))
                #expect(!html.contains("<script>alert"))
                #expect(html.contains("Did this answer your question?"))
                #expect(try await client.execute(uri: "/w/rivera/help/secret-draft-about-drains", method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/w/nobody/help", method: .get).status == .notFound)

                let answer = try await client.execute(uri: "/w/rivera/help/clearing-a-slow-drain/answer", method: .post,
                                                      headers: [.contentType: "application/x-www-form-urlencoded"],
                                                      body: ByteBuffer(string: "helped=yes"))
                #expect(answer.status == .seeOther)
                #expect(answer.headers[.location] == "/w/rivera/help/clearing-a-slow-drain?answered=yes")
                let how = String(buffer: try await client.execute(uri: "/w/rivera", method: .get).body)
                #expect(how.contains(#"<a href="/w/rivera/help">"#))
            }
            let counted = try #require(try await articles.find(slug: "clearing-a-slow-drain", for: .owner))
            #expect((counted.views, counted.solved) == (1, 1))
            let unanswered = try await articles.unanswered(since: start).map(\.text)
            #expect(unanswered == ["sewer camera"])
        }
    }
}

@Suite("Page: help articles")
struct HelpArticlesPageTests {
    @Test("the owner writes an article with a preview, saves it, edits it, and sets the threshold; a forged form changes nothing",
          arguments: DatabaseBackend.allCases)
    func ownerWritesArticles(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await application(database).test(.router) { client in
                let owner = try await OwnerSession.signIn(client, database, role: .owner)
                var headers = formHeaders
                headers[.cookie] = owner.cookie
                let article = [("title", "Clearing a slow drain"), ("category", "Drains"), ("tags", "drain, sink"),
                               ("questions", "My sink drains slowly\nWater won't go down"),
                               ("body", "Use a **plunger**.\n\n<script>alert(1)</script>"), ("published", "yes")]

                let forged = try await client.execute(uri: "/help/articles/new", method: .post, headers: headers,
                                                      body: form([("csrf", "guess")] + article))
                #expect(forged.status == .forbidden)

                let preview = try await client.execute(uri: "/help/articles/new", method: .post, headers: headers,
                                                       body: form([("csrf", owner.csrf), ("then", "preview")] + article))
                let previewed = String(buffer: preview.body)
                #expect(previewed.contains("<strong>plunger</strong>"))
                #expect(!previewed.contains("<script>alert"))

                let untitled = try await client.execute(uri: "/help/articles/new", method: .post, headers: headers,
                                                        body: form([("csrf", owner.csrf), ("title", ""), ("body", "x")]))
                #expect(untitled.status == .unprocessableContent)
                #expect(String(buffer: untitled.body).contains("give the article a title"))

                let saved = try await client.execute(uri: "/help/articles/new", method: .post, headers: headers,
                                                     body: form([("csrf", owner.csrf), ("then", "save")] + article))
                #expect(saved.status == .seeOther)
                let list = String(buffer: try await client.execute(uri: "/help/articles?saved=1", method: .get,
                                                                   headers: [.cookie: owner.cookie]).body)
                #expect(list.contains(">Clearing a slow drain</a>"))
                #expect(list.contains("Published"))

                let workspace = try #require(try await Workspaces(database: database).find(slug: "rivera"))
                let stored = try #require(try await HelpArticles(database: database, workspaceID: workspace.id).all(for: .owner).first)
                let edit = try await client.execute(uri: "/help/articles/\(stored.article.id)", method: .post, headers: headers,
                                                    body: form([("csrf", owner.csrf), ("then", "save"), ("title", "Clearing a blocked drain"),
                                                                ("body", "Plunge it.")]))
                #expect(edit.status == .seeOther)
                let edited = try #require(try await HelpArticles(database: database, workspaceID: workspace.id).find(id: stored.article.id))
                #expect(edited.article.title == "Clearing a blocked drain")
                #expect(edited.article.slug == "clearing-a-slow-drain")
                #expect(!edited.article.isPublished, "an unticked box takes it back to draft")
                let missing = try await client.execute(uri: "/help/articles/no-such-id", method: .get, headers: [.cookie: owner.cookie])
                #expect(missing.status == .notFound)

                let threshold = try await client.execute(uri: "/help/threshold", method: .post, headers: headers,
                                                         body: form([("csrf", owner.csrf), ("threshold", "12.5")]))
                #expect(threshold.status == .seeOther)
                #expect(try await HelpArticles(database: database, workspaceID: workspace.id).thresholdTenths() == 125)
            }
        }
    }
}

@Suite("Contact form: help before sending")
struct ContactHelpTests {
    @Test("after a first Send the form suggests the article and keeps the message, with 'No, send my message' one click away; urgent messages go straight through",
          arguments: DatabaseBackend.allCases)
    func suggestsBeforeSending(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let articles = HelpArticles(database: database, workspaceID: desk.workspace.id)
            _ = try await articles.create(ArticleDraft(title: "Clearing a slow drain", category: "Drains", tags: ["drain", "sink"],
                                                       questions: ["My sink drains slowly"], body: "Plunge it.", isPublished: true),
                                          actor: "test", now: start)
            try await intakeApplication(database).test(.router) { client in
                let visitor = Visitor(client: client)
                let fields = [("name", "Olga Berg"), ("email", "olga@example.net"), ("phone", ""), ("subject", ""),
                              ("message", "Hi, my kitchen sink drains slowly. Anything I can try?"), ("website", "")]
                let first = try await visitor.send(fields)
                #expect(first.status == .ok)
                let html = String(buffer: first.body)
                #expect(html.contains("Before you send — these may already answer it"))
                #expect(html.contains(#"<a href="/w/rivera/help/clearing-a-slow-drain">Clearing a slow drain</a>"#))
                #expect(html.contains("No, send my message"))
                #expect(html.contains("my kitchen sink drains slowly"), "the message is kept")
                #expect(try await desk.conversations().isEmpty, "nothing is sent yet")

                let anyway = try await visitor.send(fields + [("send_anyway", "yes")])
                #expect(String(buffer: anyway.body).contains("Thank you"))
                #expect(try await desk.conversations().count == 1)

                let urgent = try await visitor.send([("name", "Ken"), ("email", "ken@example.net"), ("phone", ""), ("subject", ""),
                                                     ("message", "The pipe burst and the basement is flooding, the sink drains slowly"),
                                                     ("website", "")])
                #expect(!String(buffer: urgent.body).contains("Before you send"))
                #expect(try await desk.conversations().count == 2)
            }
            // Shown twice: on the form after the first Send, and again in Olga's acknowledgement.
            #expect(try await articles.find(slug: "clearing-a-slow-drain", for: .owner)?.suggested == 2)
        }
    }
}

@Suite("Contact form: suggestions as the customer types")
struct HelpSuggestionsFeedTests {
    @Test("the form's script gets the articles for the words typed so far, nothing for urgent words, and nothing is counted",
          arguments: DatabaseBackend.allCases)
    func feed(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let articles = HelpArticles(database: database, workspaceID: desk.workspace.id)
            _ = try await articles.create(ArticleDraft(title: "Clearing a slow drain", tags: ["drain", "sink"],
                                                       questions: ["My sink drains slowly"], body: "Plunge it.", isPublished: true),
                                          actor: "test", now: start)
            try await intakeApplication(database).test(.router) { client in
                let found = try await client.execute(uri: "/w/rivera/help-suggestions?q=my%20kitchen+sink+drains+slowly", method: .get)
                #expect(found.status == .ok)
                #expect(String(buffer: found.body).contains(#""title":"Clearing a slow drain""#))
                let urgent = try await client.execute(uri: "/w/rivera/help-suggestions?q=the+pipe+burst+and+the+sink+drains+slowly",
                                                      method: .get)
                #expect(String(buffer: urgent.body) == #"{"articles":[]}"#)
                let form = String(buffer: try await client.execute(uri: "/w/rivera/contact", method: .get).body)
                #expect(form.contains(#"data-help-suggestions="/w/rivera/help-suggestions""#))
                #expect(try await client.execute(uri: "/assets/help-suggest.js", method: .get).status == .ok)
            }
            #expect(try await articles.find(slug: "clearing-a-slow-drain", for: .owner)?.suggested == 0)
            #expect(try await articles.unanswered(since: start).isEmpty)
        }
    }
}

@Suite("Acknowledgement: help while they wait")
struct AcknowledgementHelpTests {
    static func acknowledgements(_ database: Database, _ workspaceID: Workspace.ID) async throws -> [String] {
        try await database.read { sql in
            try await sql.select().column("text_body").from("messages").where("workspace_id", .equal, workspaceID)
                .where("direction", .equal, "outbound").all().map { try $0.decode(column: "text_body", as: String.self) }
        }
    }

    @Test("'my kitchen sink drains slowly' to a plumber with 'Clearing a slow drain' gets it in the acknowledgement; 'the pipe burst and the basement is flooding' gets none (urgent); 'this solved it' closes the request as self-served",
          arguments: DatabaseBackend.allCases)
    func acknowledgementSuggests(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let articles = HelpArticles(database: database, workspaceID: desk.workspace.id)
            _ = try await articles.create(ArticleDraft(title: "Clearing a slow drain", category: "Drains", tags: ["drain", "sink"],
                                                       questions: ["My sink drains slowly"], body: "Plunge it.", isPublished: true),
                                          actor: "test", now: start)
            try await intakeApplication(database).test(.router) { client in
                let sink = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest,
                                                    body: rawEmail(subject: "Sink", messageID: "sink-1@example.org",
                                                                   body: "Hi, my kitchen sink drains slowly. Thanks, Dana"))
                #expect(sink.status == .accepted || sink.status == .ok)
                let flood = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest,
                                                     body: rawEmail(from: "Ken <ken@example.org>", subject: "Help",
                                                                    messageID: "flood-1@example.org",
                                                                    body: "The pipe burst and the basement is flooding, the sink drains slowly"))
                #expect(flood.status == .accepted || flood.status == .ok)

                let conversations = try await desk.conversations()
                let dana = try #require(conversations.first { $0.subject == "Sink" })
                let ken = try #require(conversations.first { $0.subject == "Help" })
                let texts = try await Self.acknowledgements(database, desk.workspace.id)
                let danas = try #require(texts.first { $0.contains("/status/\(dana.statusToken ?? "-")") })
                #expect(danas.contains("While you wait — these may already answer it:"))
                let link = "\(TestDesk.publicURL)/w/rivera/help/clearing-a-slow-drain/solved?request=\(dana.statusToken ?? "-")"
                #expect(danas.contains("- Clearing a slow drain: \(TestDesk.publicURL)/w/rivera/help/clearing-a-slow-drain"))
                #expect(danas.contains(link))
                let kens = texts.filter { $0.contains("/status/\(ken.statusToken ?? "-")") }
                #expect(!kens.isEmpty && kens.allSatisfy { !$0.contains("While you wait") }, "urgent: no article")
                // The suggestion shown in Dana's acknowledgement counts for the report; nothing for Ken's.
                #expect(try await articles.find(slug: "clearing-a-slow-drain", for: .owner)?.suggested == 1)

                // Opening the link only asks; the button closes the request.
                let path = "/w/rivera/help/clearing-a-slow-drain/solved?request=\(dana.statusToken ?? "-")"
                let asked = String(buffer: try await client.execute(uri: path, method: .get).body)
                #expect(asked.contains("Yes, this solved it — close my request"))
                #expect(try await desk.conversations().first { $0.id == dana.id }?.status == .open)
                let solved = try await client.execute(uri: "/w/rivera/help/clearing-a-slow-drain/solved", method: .post,
                                                      headers: [.contentType: "application/x-www-form-urlencoded"],
                                                      body: ByteBuffer(string: "request=\(dana.statusToken ?? "-")"))
                #expect(solved.headers[.location] == "/w/rivera/help/clearing-a-slow-drain?answered=solved")
                #expect(try await desk.conversations().first { $0.id == dana.id }?.status == .closed)
                // The owner sees it closed as self-served, in the inbox's closed list and on its page.
                let owner = try await OwnerSession.start(client, database)
                let closedList = try await owner.get("/inbox?status=closed")
                let danaItem = section(closedList.html, from: "href=\"/conversations/\(dana.id)\"", to: "</li>")
                #expect(danaItem.contains("closed as self-served"))
                #expect(!danaItem.contains("promised"), "a closed request owes no answer: \(danaItem)")
                let all = try await owner.get("/inbox?status=all")
                #expect(section(all.html, from: "href=\"/conversations/\(dana.id)\"", to: "</li>").contains("closed as self-served"))
                #expect(!section(all.html, from: "href=\"/conversations/\(ken.id)\"", to: "</li>").contains("self-served"))
                let danaPage = try await owner.get("/conversations/\(dana.id)")
                #expect(danaPage.html.contains("<strong>Closed as self-served</strong>"))
                #expect(!(try await owner.get("/conversations/\(ken.id)")).html.contains("Closed as self-served"))
                let wrong = try await client.execute(uri: "/w/rivera/help/clearing-a-slow-drain/solved", method: .post,
                                                     headers: [.contentType: "application/x-www-form-urlencoded"],
                                                     body: ByteBuffer(string: "request=guess"))
                #expect(wrong.status == .notFound)
            }
            #expect(try await articles.find(slug: "clearing-a-slow-drain", for: .owner)?.solved == 1)
        }
    }
}

/// A small help lists every article; a large one lists a few a category and links to the rest.
@Suite("Help page listing")
struct HelpPageListingTests {
    static func articles(_ count: Int, categories: [String]) -> [HelpArticle] {
        (0..<count).map { n in
            HelpArticle(id: "a\(n)", slug: "article-\(n)", title: "Article \(n)", category: categories[n % categories.count],
                        body: "Body \(n).")
        }
    }

    @Test("up to 40 articles the page lists them all, by category, with no 'all articles' link")
    func smallHelpListsEverything() {
        let index = HelpPages.index(business: "Rivera", slug: "rivera", articles: Self.articles(12, categories: ["Drains", ""]),
                                    query: "", suggestion: nil)
        #expect(index.categories.map(\.name) == ["Drains", "Other questions"])
        #expect(index.categories.map(\.articles.count) == [6, 6])
        #expect(index.categories.allSatisfy { $0.more == nil && $0.count == 6 })
    }

    @Test("2,000 articles: five a category with its count and a link to the whole category")
    func largeHelpListsAFewPerCategory() {
        let index = HelpPages.index(business: "Rivera", slug: "rivera",
                                    articles: Self.articles(2_000, categories: ["Drains", "Water heaters & boilers"]),
                                    query: "", suggestion: nil)
        #expect(index.categories.map(\.articles.count) == [5, 5])
        #expect(index.categories.map(\.count) == [1_000, 1_000])
        #expect(index.categories[1].more == "/w/rivera/help?category=Water%20heaters%20%26%20boilers")
    }

    @Test("?category= lists that category whole; a category that does not exist lists them all as usual")
    func oneCategoryWhole() {
        let articles = Self.articles(2_000, categories: ["Drains", "Heating"])
        let drains = HelpPages.index(business: "Rivera", slug: "rivera", articles: articles, query: "", suggestion: nil,
                                     category: "Heating")
        #expect(drains.category == "Heating")
        #expect(drains.categories.map(\.name) == ["Heating"])
        #expect(drains.categories[0].articles.count == 1_000 && drains.categories[0].more == nil)
        #expect(drains.title == "Heating — help from Rivera")
        let unknown = HelpPages.index(business: "Rivera", slug: "rivera", articles: articles, query: "", suggestion: nil,
                                      category: "Roofing")
        #expect(unknown.category == nil && unknown.categories.count == 2)
    }
}
