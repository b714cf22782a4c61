import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore

/// The fixture every suite starts from: a workspace on the example plumber's policy, its API
/// token and mail-relay token, a clock that stands still, and the desk's intake. Suites that
/// need more (a mail server, a mailbox, a browser's sign-in) build on it.
public struct TestDesk: Sendable {
    public let database: Database
    public let workspace: Workspace
    /// A full-access API token, and a token that may only hand in mail (`.ingest`).
    public let apiToken: String
    public let ingestToken: String
    public let clock: FixedClock
    public let intake: Intake

    /// The address the desk's links are made from.
    public static let publicURL = "https://desk.rivera.example"
    /// Monday 21 September 2026, 09:53 in Chicago: a working morning.
    public static let monday = Instant(secondsSince1970: 1_790_000_000)
    /// Friday 20 November 2026, 16:50 in Chicago: after Friday's 15:00 close.
    public static let fridayEvening = Instant(secondsSince1970: 1_795_215_000)

    /// The plumber's policy exactly as the example the owner picks at setup.
    public static func plumberPolicy() throws -> String {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        return try String(contentsOf: sources.appendingPathComponent("GatehouseWeb/Resources/Examples/plumber-chicago.yml"),
                          encoding: .utf8)
    }

    /// A new workspace `slug` on `policyYAML` (the example plumber's when nil), made at `now`.
    public static func make(_ database: Database, slug: String = "rivera", policyYAML: String? = nil,
                            at now: Instant = monday) async throws -> TestDesk {
        let workspace = try await Workspaces(database: database)
            .create(slug: slug, policyYAML: try policyYAML ?? plumberPolicy(), actor: "test", now: now)
        let tokens = APITokens(database: database)
        let api = TokenMaker.make(), ingest = TokenMaker.make()
        _ = try await tokens.create(workspaceID: workspace.id, name: "api", tokenHash: api.hash, createdBy: nil, now: now)
        _ = try await tokens.create(workspaceID: workspace.id, name: "mail relay", tokenHash: ingest.hash, scope: .ingest,
                                    createdBy: nil, now: now)
        let intake = try Intake(database: database, workspace: workspace, settings: IntakeSettings(publicBaseURL: publicURL))
        return TestDesk(database: database, workspace: workspace, apiToken: api.token, ingestToken: ingest.token,
                        clock: FixedClock(instant: now), intake: intake)
    }

    public var now: Instant { clock.instant }

    /// The workspace's door to the desk, as a signed-in request gets it.
    public var workspaceDesk: WorkspaceDesk {
        WorkspaceDesk(database: database, workspace: workspace, clock: clock, publicBaseURL: Self.publicURL, wakeOutbox: {})
    }

    public func conversations() async throws -> [Conversation] {
        try await Conversations(database: database, workspaceID: workspace.id).list(limit: 200).items
    }

    /// Every inbound message filed in the workspace, whichever conversation it joined.
    public func inboundMessages() async throws -> [StoredMessage] {
        var messages: [StoredMessage] = []
        let store = Conversations(database: database, workspaceID: workspace.id)
        for conversation in try await conversations() {
            messages += try await store.get(conversation.id)?.messages.filter { $0.direction == .inbound } ?? []
        }
        return messages
    }

    /// The workspace's queued work (mail, webhooks), oldest first.
    public func queued() async throws -> [QueuedTask] {
        try await TaskQueue(database: database).list(workspaceID: workspace.id)
    }
}

/// A clock that stands still unless a test moves it.
public struct FixedClock: DeskClock {
    public var instant: Instant

    public init(instant: Instant) { self.instant = instant }

    public func now() -> Instant { instant }
}
