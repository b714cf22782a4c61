import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A workspace on the example plumber's policy (text messages not accepted, an urgent phone
/// line), with an API token and an ingest token, for the intake routes.
struct InboundFixture {
    let database: Database
    let workspace: Workspace
    let apiToken: String
    let ingestToken: String

    static let publicURL = "https://desk.rivera.example"

    static func plumberPolicy() throws -> String {
        try #require(ExamplePolicies.all().first { $0.id == "plumber-chicago" }).yaml
    }

    static func make(_ database: Database, slug: String = "rivera", policyYAML: String? = nil) async throws -> InboundFixture {
        let workspace = try await Workspaces(database: database).create(slug: slug, policyYAML: try policyYAML ?? plumberPolicy(),
                                                                      actor: "test", now: start)
        let tokens = APITokens(database: database)
        let api = TokenMaker.make(), ingest = TokenMaker.make()
        _ = try await tokens.create(workspaceID: workspace.id, name: "api", tokenHash: api.hash, createdBy: nil, now: start)
        _ = try await tokens.create(workspaceID: workspace.id, name: "mail relay", tokenHash: ingest.hash, scope: .ingest,
                                    createdBy: nil, now: start)
        return InboundFixture(database: database, workspace: workspace, apiToken: api.token, ingestToken: ingest.token)
    }

    var api: HTTPFields { [.authorization: "Bearer \(apiToken)", .contentType: "application/json"] }
    var ingest: HTTPFields { [.authorization: "Bearer \(ingestToken)", .contentType: "message/rfc822"] }

    func conversations() async throws -> [Conversation] {
        try await Conversations(database: database, workspaceID: workspace.id).list(limit: 200).items
    }

    /// Every inbound message filed in the workspace, whichever conversation it joined.
    func inboundMessages() async throws -> [StoredMessage] {
        var messages: [StoredMessage] = []
        let store = Conversations(database: database, workspaceID: workspace.id)
        for conversation in try await conversations() {
            messages += try await store.get(conversation.id)?.messages.filter { $0.direction == .inbound } ?? []
        }
        return messages
    }
}

/// The desk with a public address, so status links can be checked.
func intakeApplication(_ database: Database, clock: any DeskClock = FixedClock(instant: start)) async throws
    -> some ApplicationProtocol {
    try await buildApplication(
        configuration: DeskConfiguration(host: "127.0.0.1", port: 0),
        environment: DeskEnvironment(desk: Desk(database: database, clock: clock,
                                               intake: IntakeSettings(publicBaseURL: InboundFixture.publicURL))))
}

/// An email as a mail client sends it.
func rawEmail(from: String = "Dana Kowalski <dana@example.org>", subject: String = "Dripping faucet",
              messageID: String = "dana-1@example.org",
              body: String = "Hi, the kitchen faucet drips all day. Could you have a look next week?") -> ByteBuffer {
    ByteBuffer(string: [
        "From: \(from)", "To: Rivera Plumbing & Heating <office@rivera.example>", "Subject: \(subject)",
        "Date: Mon, 21 Sep 2026 09:00:00 -0500", "Message-ID: <\(messageID)>", "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8", "", body, "",
    ].joined(separator: "\r\n"))
}
