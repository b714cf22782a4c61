import GatehouseCore
import GatehouseStore

/// The demo business's mailbox as Settings → Mailboxes shows it: connected a while ago, read up to
/// a high-water mark, its Sent folder read too, read mail moved to Archive — and paused, because
/// its server is made up: nothing ever connects to it unless the visitor presses Resume (and then
/// the page shows plainly that the server cannot be found).
enum DemoMailbox {
    static func load(database: Database, workspace: Workspace, key: ServerKey, now: Instant) async throws {
        let store = Mailboxes(database: database, workspaceID: workspace.id)
        let id = NewID.make()
        let connected = now - TimeSpan.hours(24 * 40)
        try await store.add(StoredMailbox(id: id, workspaceID: workspace.id, host: "imap.rivera.example", port: 993, security: "tls",
                                          username: "office@rivera.example", secretSealed: try key.seal("demo mailbox: no real password"),
                                          allowUntrustedCertificate: false, folders: ["INBOX"], createdAt: connected.secondsSince1970,
                                          afterReading: .move(to: "Archive")),
                            actor: "demo", now: connected)
        try await store.setImportSinceDays(mailboxID: id, 30)
        let lastRead = now - TimeSpan.minutes(3)
        try await store.rememberFirstRead(mailboxID: id, folder: "INBOX", uidValidity: 1_700_000_001, highestUID: 0, adoptBelow: 812,
                                          now: connected)
        try await store.remember(mailboxID: id, folder: "INBOX", uidValidity: 1_700_000_001, highestUID: 1_204, now: lastRead)
        try await store.remember(mailboxID: id, folder: "Sent", uidValidity: 1_700_000_002, highestUID: 388, now: lastRead)
        try await store.fetched(mailboxID: id, now: lastRead)
        _ = try await store.setPaused(id: id, true)
    }
}
