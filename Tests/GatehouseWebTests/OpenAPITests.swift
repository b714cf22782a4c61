import Foundation
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

@Suite("OpenAPI document")
struct OpenAPITests {
    /// "GET /customers/{id}" for every operation the document describes.
    static func documented() throws -> Set<String> {
        let document = try #require(try Yams.load(yaml: OpenAPIDocument.text()) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        var operations: Set<String> = []
        for (path, item) in paths {
            for key in (item as? [String: Any] ?? [:]).keys
            where ["get", "put", "post", "patch", "delete"].contains(key) {
                operations.insert("\(key.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test("every API route is in the document, and every documented operation is a route")
    func routesMatchTheDocument() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let router = try await buildRouter(DeskEnvironment(database: database))
            let routes = Set(router.routes.compactMap { route -> String? in
                let path = route.path.description
                guard path.hasPrefix("/api/v1/") else { return nil }
                let templated = path.dropFirst("/api/v1".count).split(separator: "/").map { component in
                    component.hasPrefix(":") ? "{\(component.dropFirst())}" : String(component)
                }.joined(separator: "/")
                return "\(route.method.rawValue) /\(templated)"
            })
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
