import Foundation
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

@Suite("OpenAPI document")
struct OpenAPITests {
    /// "GET /api/v1/customers/{id}" for every operation the document describes, under the server
    /// of its path (the document's, or the path's own, as for /inbound).
    static func documented() throws -> Set<String> {
        let document = try #require(try Yams.load(yaml: OpenAPIDocument.text()) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let base = try #require(((document["servers"] as? [[String: Any]])?.first?["url"]) as? String)
        let paths = try #require(document["paths"] as? [String: Any])
        var operations: Set<String> = []
        for (path, item) in paths {
            let item = item as? [String: Any] ?? [:]
            let server = ((item["servers"] as? [[String: Any]])?.first?["url"] as? String) ?? base
            for key in item.keys where ["get", "put", "post", "patch", "delete"].contains(key) {
                operations.insert("\(key.uppercased()) \(server == "/" ? "" : server)\(path)")
            }
        }
        return operations
    }

    @Test("every API and inbound route is in the document, and every documented operation is a route")
    func routesMatchTheDocument() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let router = try await buildRouter(DeskEnvironment(desk: Desk(database: database)))
            let routes = Set(router.routes.compactMap { route -> String? in
                let path = route.path.description
                guard path.hasPrefix("/api/v1/") || path.hasPrefix("/inbound/") else { return nil }
                let templated = path.split(separator: "/").map { component in
                    component.hasPrefix(":") ? "{\(component.dropFirst())}" : String(component)
                }.joined(separator: "/")
                return "\(route.method.rawValue) /\(templated)"
            })
            #expect(routes.contains("POST /inbound/email") && routes.contains("GET /api/v1/quarantine"))
            #expect(!routes.isEmpty)
            #expect(routes == (try Self.documented()))
        }
    }

    @Test("the document is served at /api/openapi.yaml")
    func served() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await application(database).test(.router) { client in
                let response = try await client.execute(uri: "/api/openapi.yaml", method: .get)
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == (try OpenAPIDocument.text()))
            }
        }
    }
}
