import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
@testable import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

/// The knowledge base's remaining doors: a sent reply saved as an article, the articles API,
/// and the suggestion feed's allowance per client.
@Suite("Help: replies as articles, the articles API, the suggestion feed's allowance")
struct HelpFromRepliesTests {
    /// The outbound messages of a conversation: (message id, its text).
    static func outbound(_ database: Database, _ workspaceID: Workspace.ID, conversation: Conversation.ID) async throws -> [(id: String, text: String)] {
        try await database.read { sql in
            try await sql.select().columns("id", "text_body").from("messages").where("workspace_id", .equal, workspaceID)
                .where("conversation_id", .equal, conversation).where("direction", .equal, "outbound")
                .all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "text_body", as: String.self)) }
        }
    }

    @Test("a sent reply to Dana becomes a draft article without her name, address, phone or status link, and opens in the editor; an acknowledgement or a reply not yet sent cannot",
          arguments: DatabaseBackend.allCases)
    func replyBecomesArticle(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            try await intakeApplication(database).test(.router) { client in
                let filed = try await client.execute(uri: "/inbound/email", method: .post, headers: desk.ingest, body: rawEmail())
                #expect(filed.status == .accepted)
                let conversation = try #require(try await desk.conversations().first)
                let token = try #require(conversation.statusToken)
                let owner = try await OwnerSession.start(client, database)
                let reply = """
                Hi Dana,

                A dripping faucet usually needs a new washer. Turn off the valve under the sink, then unscrew the handle.
                Dana, if you would rather I come, I have you as 0412 555 019 and dana@example.org.
                Your request: \(TestDesk.publicURL)/status/\(token)
                """
                let written = try await owner.post("/conversations/\(conversation.id)/reply", [("text", reply)])
                #expect(written.status == .seeOther)
                let messages = try await Self.outbound(database, desk.workspace.id, conversation: conversation.id)
                #expect(messages.count == 2, "the acknowledgement and the reply")
                let replyID = try #require(messages.first { $0.text.contains("usually needs a new washer") }).id
                let acknowledgement = try #require(messages.first { $0.id != replyID }).id

                // Not sent yet: no button, and the form is refused.
                var page = try await owner.get("/conversations/\(conversation.id)")
                #expect(!page.html.contains("Save this reply as an article"))
                let early = try await owner.post("/conversations/\(conversation.id)/messages/\(replyID)/article", [])
                #expect(early.status == .notFound)

                // The reply leaves.
                try await database.write { sql in
                    try await sql.update("tasks").set("state", to: SQLBind("done"))
                        .where("workspace_id", .equal, desk.workspace.id).where("conversation_id", .equal, conversation.id).run()
                }
                page = try await owner.get("/conversations/\(conversation.id)")
                #expect(page.html.components(separatedBy: "Save this reply as an article").count == 2, "on the sent reply only")
                #expect(page.html.contains("/conversations/\(conversation.id)/messages/\(replyID)/article"))
                let refused = try await owner.post("/conversations/\(conversation.id)/messages/\(acknowledgement)/article", [])
                #expect(refused.status == .notFound, "an acknowledgement is not the owner's reply")

                let saved = try await owner.post("/conversations/\(conversation.id)/messages/\(replyID)/article", [])
                #expect(saved.status == .created)
                let editor = String(buffer: saved.body)
                #expect(editor.contains("A draft from your reply"))
                #expect(editor.contains("removed the greeting that names the customer"))
                let article = try #require(try await HelpArticles(database: database, workspaceID: desk.workspace.id).all(for: .owner).first)
                #expect(editor.contains("action=\"/help/articles/\(article.article.id)\""))
                #expect(!article.article.isPublished, "a draft until the owner publishes it")
                #expect(article.article.title == "Dripping faucet")
                #expect(article.article.body.hasPrefix("A dripping faucet usually needs a new washer."))
                for secret in ["Dana", "Kowalski", "dana@example.org", "0412 555 019", token, "/status/"] {
                    #expect(!article.article.body.contains(secret), "\(secret) is the customer's")
                }
                #expect(article.article.body.contains("[name], if you would rather I come, I have you as [phone number] and [email address]."))
                let forged = try await owner.post("/conversations/\(conversation.id)/messages/\(replyID)/article", [], csrf: "forged")
                #expect(forged.status == .forbidden)
            }
        }
    }

    @Test("the API lists, searches (with reasons), gets, creates, updates and deletes articles; another workspace's token sees none of them",
          arguments: DatabaseBackend.allCases)
    func articlesAPI(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let fixture = try await TestDesk.make(database, policyYAML: policyYAML)
            let other = try await TestDesk.make(database, slug: "other", policyYAML: policyYAML)
            try await application(database).test(.router) { client in
                func send(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, as caller: TestDesk? = nil)
                    async throws -> TestResponse {
                    try await client.execute(uri: uri, method: method, headers: (caller ?? fixture).api,
                                             body: body.map { ByteBuffer(string: $0) })
                }
                let created = try await send(.post, "/api/v1/articles", #"""
                    {"title": "Clearing a slow drain", "category": "Drains", "tags": ["drain", "sink"],
                     "questions": ["My sink drains slowly"], "body": "Pull out the stopper and clean it.", "published": true}
                    """#)
                #expect(created.status == .created)
                let article = try json(created.body)
                let id = try #require(article["id"] as? String)
                #expect(created.headers[.location] == "/api/v1/articles/\(id)")
                #expect(article["slug"] as? String == "clearing-a-slow-drain")
                #expect(article["published"] as? Bool == true)
                let draft = try await send(.post, "/api/v1/articles", #"{"title": "Booking a boiler service", "body": "Write to us."}"#)
                #expect(draft.status == .created)
                #expect(try json(draft.body)["published"] as? Bool == false, "a new article is a draft unless told")

                let missing = try await send(.post, "/api/v1/articles", #"{"body": "No title"}"#)
                #expect(missing.status == .unprocessableContent || missing.status == .badRequest)
                #expect(try errorField(missing.body).field == "title")
                let unknown = try await send(.post, "/api/v1/articles", #"{"title": "x", "body": "y", "colour": "red"}"#)
                #expect(unknown.status == .unprocessableContent)
                #expect(try errorField(unknown.body).field == "colour")
                let blank = try await send(.post, "/api/v1/articles", #"{"title": "  ", "body": "y"}"#)
                #expect(blank.status == .unprocessableContent)
                #expect(try errorField(blank.body).field == "title")

                let firstPage = try json(try await send(.get, "/api/v1/articles?limit=1").body)
                let items = try #require(firstPage["items"] as? [[String: Any]])
                #expect(items.count == 1)
                let next = try #require(firstPage["next"] as? String)
                let secondPage = try json(try await send(.get, "/api/v1/articles?limit=1&after=\(next)").body)
                #expect((secondPage["items"] as? [[String: Any]])?.count == 1)
                #expect(secondPage["next"] == nil)

                let found = try json(try await send(.get, "/api/v1/articles?q=my%20kitchen%20sink%20drains%20slowly").body)
                let hits = try #require(found["items"] as? [[String: Any]])
                #expect(hits.first?["id"] as? String == id)
                #expect((hits.first?["reasons"] as? [String])?.contains { $0.contains("'sink'") } == true)
                let drafts = try json(try await send(.get, "/api/v1/articles?q=boiler%20service").body)
                #expect((drafts["items"] as? [[String: Any]])?.first?["title"] as? String == "Booking a boiler service",
                        "the owner's search finds drafts too")

                let fetched = try await send(.get, "/api/v1/articles/\(id)")
                #expect(fetched.status == .ok)
                #expect(try json(fetched.body)["questions"] as? [String] == ["My sink drains slowly"])
                let patched = try await send(.patch, "/api/v1/articles/\(id)", #"{"title": "Clearing a slow or blocked drain"}"#)
                #expect(patched.status == .ok)
                let changed = try json(patched.body)
                #expect(changed["title"] as? String == "Clearing a slow or blocked drain")
                #expect(changed["slug"] as? String == "clearing-a-slow-drain", "the address stays")
                #expect(changed["body"] as? String == "Pull out the stopper and clean it.", "fields left out keep their values")
                let put = try await send(.put, "/api/v1/articles/\(id)", #"{"published": false}"#)
                #expect(try json(put.body)["published"] as? Bool == false)

                #expect(try await send(.get, "/api/v1/articles/\(id)", as: other).status == .notFound)
                #expect(try await send(.delete, "/api/v1/articles/\(id)", as: other).status == .notFound)
                let theirs = try json(try await send(.get, "/api/v1/articles", as: other).body)
                #expect((theirs["items"] as? [[String: Any]])?.isEmpty == true)

                #expect(try await send(.delete, "/api/v1/articles/\(id)").status == .noContent)
                #expect(try await send(.get, "/api/v1/articles/\(id)").status == .notFound)
                #expect(try await send(.delete, "/api/v1/articles/\(id)").status == .notFound)
                let unauthorized = try await client.execute(uri: "/api/v1/articles", method: .get)
                #expect(unauthorized.status == .unauthorized)
            }
        }
    }

    @Test("the suggestion feed answers 60 requests a minute from one address, then 429 with a clear message and Retry-After")
    func feedAllowance() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let desk = try await TestDesk.make(database)
            _ = try await HelpArticles(database: database, workspaceID: desk.workspace.id)
                .create(ArticleDraft(title: "Clearing a slow drain", tags: ["drain"], body: "Plunge it.", isPublished: true),
                        actor: "test", now: start)
            try await intakeApplication(database).test(.router) { client in
                let uri = "/w/rivera/help-suggestions?q=my%20sink%20drains%20slowly"
                for _ in 0..<HelpSuggestionsFeed.standardAllowance.limit {
                    let answer = try await client.execute(uri: uri, method: .get)
                    #expect(answer.status == .ok)
                }
                let refused = try await client.execute(uri: uri, method: .get)
                #expect(refused.status == .tooManyRequests)
                #expect(refused.headers[.retryAfter] == "60")
                let body = try json(refused.body)
                #expect((body["articles"] as? [Any])?.isEmpty == true, "the form's script reads it as no suggestion")
                let error = try #require(body["error"] as? [String: Any])
                #expect(error["code"] as? String == "too_many_requests")
                #expect((error["message"] as? String)?.contains("at most 60 a minute") == true)
            }
        }
    }

    @Test("one client's count does not touch another's, and a new window starts afresh")
    func countsPerAddress() {
        let counts = HelpSuggestionsFeed.ClientCounts()
        let allowance = RequestAllowance(limit: 2, window: .minutes(1))
        #expect(counts.decide(allowance, address: "a", now: start).allowed)
        #expect(counts.decide(allowance, address: "a", now: start).allowed)
        #expect(!counts.decide(allowance, address: "a", now: start).allowed)
        #expect(counts.decide(allowance, address: "b", now: start).allowed)
        #expect(counts.decide(allowance, address: "a", now: start + .minutes(1)).allowed)
    }
}
