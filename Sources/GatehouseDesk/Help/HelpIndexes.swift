import GatehouseCore
import GatehouseStore
import Synchronization

/// The in-memory search index of each workspace's published articles, kept
/// for the life of the process and rebuilt when an article changes.
///
/// Whether it changed is asked of the database (`HelpArticles.stamp`: one
/// small query), not remembered here, so an edit made through another
/// instance on the same PostgreSQL database is seen by the next search.
public final class HelpIndexes: Sendable {
    /// The indexes of every workspace this process served.
    public static let shared = HelpIndexes()

    private let entries = Mutex<[Workspace.ID: (stamp: String, index: HelpIndex)]>([:])

    public init() {}

    /// The current index of `articles`' workspace.
    func index(of articles: HelpArticles, workspaceID: Workspace.ID) async throws -> HelpIndex {
        let stamp = try await articles.stamp()
        if let cached = entries.withLock({ $0[workspaceID] }), cached.stamp == stamp { return cached.index }
        let index = HelpIndex(articles: try await articles.all(for: .customer).map(\.article))
        entries.withLock { $0[workspaceID] = (stamp, index) }
        return index
    }
}
