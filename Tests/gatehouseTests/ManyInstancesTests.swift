import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import Testing

/// A small HTTP client that does not follow redirects or keep cookies by itself.
final class PlainHTTP: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    private lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func send(_ method: String, _ url: String, headers: [String: String] = [:], body: String? = nil) throws -> Reply {
        var request = URLRequest(url: URL(string: url)!, timeoutInterval: 30)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body.map { Data($0.utf8) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Reply?
        nonisolated(unsafe) var failure: Error?
        session.dataTask(with: request) { data, response, error in
            if let http = response as? HTTPURLResponse {
                var headers: [String: String] = [:]
                for (key, value) in http.allHeaderFields { headers[String(describing: key).lowercased()] = String(describing: value) }
                result = Reply(status: http.statusCode, headers: headers, body: String(decoding: data ?? Data(), as: UTF8.self))
            } else {
                failure = error
            }
            done.signal()
        }.resume()
        done.wait()
        if let failure { throw failure }
        return result!
    }
}

@Suite("Many instances")
struct ManyInstancesTests {
    @Test("two gatehouse serve processes on one PostgreSQL database share data and sessions")
    func twoInstances() async throws {
        try await TestDatabase.withLocation(.postgres) { location in
            let url = location.url
            let create = try GatehouseProcess.run(["workspace", "create", "rivera", "--policy",
                                                   GatehouseProcess.example("plumber-chicago.yml"), "--database", url])
            #expect(create.status == 0, "\(create.errors)")
            let token = try GatehouseProcess.run(["token", "create", "--workspace", "rivera", "--database", url])
                .output.trimmingCharacters(in: .whitespacesAndNewlines)
            let user = try GatehouseProcess.run(["user", "add", "owner@rivera.example", "--workspace", "rivera", "--role", "owner",
                                                 "--database", url], input: "correct horse battery\n")
            #expect(user.status == 0, "\(user.errors)")

            let first = try ServerProcess(database: location)
            let second = try ServerProcess(database: location)
            defer {
                _ = first.stop()
                _ = second.stop()
            }
            let http = PlainHTTP()
            let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            let created = try http.send("POST", "http://127.0.0.1:\(first.port)/api/v1/customers", headers: auth,
                                        body: #"{"name": "Ana Díaz", "emails": ["ana@example.com"]}"#)
            #expect(created.status == 201)
            let listed = try http.send("GET", "http://127.0.0.1:\(second.port)/api/v1/customers", headers: auth)
            #expect(listed.body.contains("Ana Díaz"))

            // Sign in on the first instance; the second accepts the session.
            let form = try http.send("GET", "http://127.0.0.1:\(first.port)/signin")
            let formToken = try #require(form.body.range(of: "name=\"form_token\" value=\"").map {
                String(form.body[$0.upperBound...].prefix(while: { $0 != "\"" }))
            })
            let formCookie = try #require(form.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
            let signedIn = try http.send("POST", "http://127.0.0.1:\(first.port)/signin",
                                         headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": formCookie],
                                         body: "form_token=\(formToken)&email=owner%40rivera.example&password=correct+horse+battery")
            #expect(signedIn.status == 303)
            let session = try #require(signedIn.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
            let home = try http.send("GET", "http://127.0.0.1:\(second.port)/today", headers: ["Cookie": session])
            #expect(home.status == 200)
            #expect(home.body.contains("<span>owner@rivera.example</span>"), "the second instance knows the session")
            #expect(try http.send("GET", "http://127.0.0.1:\(second.port)/health").status == 200)

            #expect(first.stop() == 0)
            #expect(second.stop() == 0)
        }
    }

    @Test("fifty customers press Book for the same site visit at once, through two serve processes on one PostgreSQL database: exactly one is booked, the other forty-nine are told it was taken, and the visit is in the database once")
    func fiftyBookingsTwoServers() async throws {
        try await TestDatabase.withLocation(.postgres) { location in
            let url = location.url
            let policy = FileManager.default.temporaryDirectory.appendingPathComponent("booking-\(UUID().uuidString).yml")
            try TestPolicies.booking().write(to: policy, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: policy) }
            let create = try GatehouseProcess.run(["workspace", "create", "rivera", "--policy", policy.path, "--database", url])
            #expect(create.status == 0, "\(create.errors)")
            // Behind a proxy on 127.0.0.1 that names each customer's own address: the limit of five
            // forms from one address in ten minutes is for each of them, not for all fifty together.
            let servers = [try ServerProcess(database: location, arguments: ["--trusted-proxy", "127.0.0.1"]),
                           try ServerProcess(database: location, arguments: ["--trusted-proxy", "127.0.0.1"])]
            defer { for server in servers { _ = server.stop() } }
            let http = PlainHTTP()
            struct Form { var port: Int; var token: String; var cookie: String }
            var forms: [Form] = []
            var start = ""
            for server in servers {
                let page = try http.send("GET", "http://127.0.0.1:\(server.port)/w/rivera/book/visit")
                #expect(page.status == 200)
                let token = try #require(page.body.range(of: "name=\"form_token\" value=\"").map {
                    String(page.body[$0.upperBound...].prefix(while: { $0 != "\"" }))
                })
                let cookie = try #require(page.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
                forms.append(Form(port: server.port, token: token, cookie: cookie))
                start = try #require(page.body.firstMatch(of: /name="start" value="([^"]+)"/).map { String($0.1) })
            }
            let encoded = start.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? start
            let chosen = forms
            let answers = await withTaskGroup(of: (Int, String).self) { group in
                for number in 0..<50 {
                    group.addTask {
                        await withCheckedContinuation { continuation in
                            Thread.detachNewThread {
                                let form = chosen[number % 2]
                                let body = "form_token=\(form.token)&start=\(encoded)&name=Customer+\(number)"
                                    + "&email=c\(number)%40example.org&address=\(number)+Lake+Street&website="
                                let reply = try? PlainHTTP().send(
                                    "POST", "http://127.0.0.1:\(form.port)/w/rivera/book/visit",
                                    headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": form.cookie,
                                              "X-Forwarded-For": "10.0.\(number / 200).\(number % 200 + 1)"],
                                    body: body)
                                continuation.resume(returning: (reply?.status ?? 0, reply?.body ?? ""))
                            }
                        }
                    }
                }
                var all: [(Int, String)] = []
                for await answer in group { all.append(answer) }
                return all
            }
            let booked = answers.filter { $0.0 == 200 && $0.1.contains("<h1>Booked, Customer") }
            let refused = answers.filter { $0.0 == 409 }
            #expect(booked.count == 1, "\(answers.map(\.0))")
            #expect(refused.count == 49, "\(answers.map(\.0))")
            #expect(refused.allSatisfy { $0.1.contains("no longer free") || $0.1.contains("booked by someone else") })

            let database = try await Database.open(location, connectTimeout: .seconds(120))
            let workspace = try #require(try await Workspaces(database: database).find(slug: "rivera"))
            let visit = try ISO8601.parse(start)
            let kept = try await Appointments(database: database, workspaceID: workspace.id).list(from: visit - .hours(2), to: visit + .hours(2))
            #expect(kept.count == 1 && kept.first?.bookingKind == "visit")
            await database.close()
            for server in servers { #expect(server.stop() == 0) }
        }
    }
}
