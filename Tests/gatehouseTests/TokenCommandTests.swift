import Foundation
import GatehouseCore
import GatehouseStore
import Testing

@Suite("gatehouse token")
struct TokenCommandTests {
    @Test("token create makes an API token by default and an ingest token with --scope ingest; other scopes are refused")
    func scopes() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-token-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        let url = "sqlite:" + path
        let create = try GatehouseProcess.run(["workspace", "create", "rivera", "--policy",
                                               GatehouseProcess.example("plumber-chicago.yml"), "--database", url])
        #expect(create.status == 0, "\(create.errors)")
        let api = try GatehouseProcess.run(["token", "create", "--workspace", "rivera", "--database", url])
        let ingest = try GatehouseProcess.run(["token", "create", "--workspace", "rivera", "--scope", "ingest",
                                               "--name", "postfix", "--database", url])
        #expect(api.status == 0 && ingest.status == 0)
        #expect(ingest.output.hasPrefix("gh_") && ingest.output != api.output)
        let wrong = try GatehouseProcess.run(["token", "create", "--workspace", "rivera", "--scope", "admin", "--database", url])
        #expect(wrong.status != 0)
        #expect(wrong.errors.contains("--scope must be api or ingest, not 'admin'"))

        let database = try await Database.open(.sqlite(path: path))
        struct Row: Decodable { var name: String; var scope: String }
        let rows = try await database.read { sql in
            try await sql.select().columns("name", "scope").from("api_tokens").orderBy("name").all(decoding: Row.self)
        }
        await database.close()
        #expect(rows.map { "\($0.name):\($0.scope)" } == ["command line:api", "postfix:ingest"])
    }
}
