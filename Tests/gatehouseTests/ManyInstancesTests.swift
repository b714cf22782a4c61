import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
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
}
