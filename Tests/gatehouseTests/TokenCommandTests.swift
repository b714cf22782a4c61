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

@Suite("gatehouse user password")
struct UserPasswordCommandTests {
    @Test("sets a new password from standard input and ends every sign-in; a short one or an unknown account is refused")
    func password() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-user-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("desk.sqlite").path
        let url = "sqlite:" + path
        _ = try GatehouseProcess.run(["workspace", "create", "rivera", "--policy",
                                      GatehouseProcess.example("plumber-chicago.yml"), "--database", url])
        let add = try GatehouseProcess.run(["user", "add", "Rosa@rivera.example", "--workspace", "rivera", "--role", "owner",
                                            "--database", url], input: "first password 1\n")
        #expect(add.status == 0, "\(add.errors)")
        let database = try await Database.open(.sqlite(path: path))
        let user = try #require(try await Accounts(database: database).credentials(email: "rosa@rivera.example")?.user)
        try await SignIns(database: database).create(SignInRecord(
            idHash: "somewhere", userID: user.id, workspaceID: nil, csrfToken: "c", createdAt: 0,
            expiresAt: Int64.max / 2, lastSeenAt: 0, address: nil, userAgent: nil))
        await database.close()

        let short = try GatehouseProcess.run(["user", "password", "rosa@rivera.example", "--database", url], input: "short\n")
        #expect(short.status != 0)
        #expect(short.errors.contains("at least 10 characters"))
        let unknown = try GatehouseProcess.run(["user", "password", "nobody@rivera.example", "--database", url],
                                               input: "a long enough password\n")
        #expect(unknown.status != 0)
        #expect(unknown.errors.contains("there is no account 'nobody@rivera.example'"))
        let set = try GatehouseProcess.run(["user", "password", "Rosa@Rivera.example", "--database", url],
                                           input: "a long enough password\n")
        #expect(set.status == 0, "\(set.errors)")
        #expect(set.output.contains("rosa@rivera.example has a new password and is signed out everywhere"))

        let after = try await Database.open(.sqlite(path: path))
        let signIns = try await SignIns(database: after).list(userID: user.id, now: Instant(secondsSince1970: 0))
        let hash = try await Accounts(database: after).credentials(email: "rosa@rivera.example")?.passwordHash
        await after.close()
        #expect(signIns.isEmpty)
        #expect(hash?.isEmpty == false)
    }
}
