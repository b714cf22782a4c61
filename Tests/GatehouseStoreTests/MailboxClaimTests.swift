import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import Testing

@Suite("Mailboxes: one instance at a time")
struct MailboxClaimTests {
    @Test("a mailbox claimed by one instance is not taken by another until the claim runs out or is given up; another workspace sees nothing",
          arguments: DatabaseBackend.allCases)
    func claims(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let now = Instant(secondsSince1970: 1_795_215_000)
            let workspaces = Workspaces(database: database)
            let rivera = try await workspaces.create(slug: "rivera", policyYAML: TestPolicies.plumber, actor: "test", now: now)
            let other = try await workspaces.create(slug: "other", policyYAML: TestPolicies.plumber, actor: "test", now: now)
            let mailboxes = Mailboxes(database: database, workspaceID: rivera.id)
            let mailbox = StoredMailbox(id: NewID.make(), workspaceID: rivera.id, host: "imap.example.org", port: 993, security: "tls",
                                        username: "office@rivera.example", secretSealed: "v1:sealed", allowUntrustedCertificate: false,
                                        folders: ["INBOX", "Support"], createdAt: now.secondsSince1970)
            try await mailboxes.add(mailbox, actor: "test", now: now)
            await #expect(throws: StoreError.self) { try await mailboxes.add(mailbox, actor: "test", now: now) }
            #expect(try await mailboxes.all().map(\.folders) == [["INBOX", "Support"]])
            #expect(try await Mailboxes(database: database, workspaceID: other.id).all().isEmpty)
            #expect(try await Mailboxes(database: database, workspaceID: other.id).find(id: mailbox.id) == nil)

            #expect(try await mailboxes.claim(mailboxID: mailbox.id, owner: "a", until: now + .minutes(15), now: now))
            #expect(try await !mailboxes.claim(mailboxID: mailbox.id, owner: "b", until: now + .minutes(15), now: now + .minutes(5)))
            #expect(try await mailboxes.claim(mailboxID: mailbox.id, owner: "b", until: now + .minutes(40), now: now + .minutes(16)))
            try await mailboxes.release(mailboxID: mailbox.id, owner: "b")
            #expect(try await mailboxes.claim(mailboxID: mailbox.id, owner: "a", until: now + .minutes(60), now: now + .minutes(17)))

            try await mailboxes.remember(mailboxID: mailbox.id, folder: "INBOX", uidValidity: 7, highestUID: 40, now: now)
            try await mailboxes.remember(mailboxID: mailbox.id, folder: "INBOX", uidValidity: 7, highestUID: 90, now: now)
            #expect(try await mailboxes.folders(mailboxID: mailbox.id).map(\.highestUID) == [90])
            #expect(try await mailboxes.countFailure(mailboxID: mailbox.id, folder: "INBOX", uidValidity: 7, uid: 91, reason: "x") == 1)
            #expect(try await mailboxes.countFailure(mailboxID: mailbox.id, folder: "INBOX", uidValidity: 7, uid: 91, reason: "x") == 2)
        }
    }
}
