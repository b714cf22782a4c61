import GatehouseCore
import SQLKit

/// What the owner chose for the mail already in a mailbox when connecting it, and per folder
/// below which UID the messages are that old mail (adopted: filed quietly).
extension Mailboxes {
    /// How many days back the mail already there is imported: 0 for new mail only, nil for all of it as new mail.
    public func importSinceDays(mailboxID: String) async throws -> Int? {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            guard let row = try await sql.select().column("import_since_days").from("mailboxes")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, mailboxID).first(),
                !(try row.decodeNil(column: "import_since_days")) else { return nil }
            return try row.decode(column: "import_since_days", as: Int.self)
        }
    }

    public func setImportSinceDays(mailboxID: String, _ days: Int?) async throws {
        let workspaceID = self.workspaceID
        try await database.write { sql in
            try await sql.update("mailboxes").set("import_since_days", to: days)
                .where("workspace_id", .equal, workspaceID).where("id", .equal, mailboxID).run()
        }
    }

    /// Messages of `folder` with a UID below this are old mail adopted at connection; 0 when none.
    public func adoptBelow(mailboxID: String, folder: String) async throws -> Int64 {
        let workspaceID = self.workspaceID
        return try await database.read { sql in
            try await sql.select().column("adopt_below_uid").from("mailbox_folders")
                .where("workspace_id", .equal, workspaceID).where("mailbox_id", .equal, mailboxID)
                .where("folder", .equal, folder).first()?.decode(column: "adopt_below_uid", as: Int64.self) ?? 0
        }
    }

    /// Remembers a folder read for the first time: where reading starts and below which UID the
    /// mail is adopted, in one statement, so a crash never leaves old mail looking new.
    public func rememberFirstRead(mailboxID: String, folder: String, uidValidity: Int64, highestUID: Int64, adoptBelow: Int64,
                                  now: Instant) async throws {
        let workspaceID = self.workspaceID
        let at = now.secondsSince1970
        try await database.write { sql in
            try await sql.delete(from: "mailbox_folders").where("workspace_id", .equal, workspaceID)
                .where("mailbox_id", .equal, mailboxID).where("folder", .equal, folder).run()
            try await sql.insert(into: "mailbox_folders")
                .columns("mailbox_id", "workspace_id", "folder", "uid_validity", "highest_uid", "last_fetch_at", "adopt_below_uid")
                .values(SQLBind(mailboxID), SQLBind(workspaceID), SQLBind(folder), SQLBind(uidValidity), SQLBind(highestUID),
                        SQLBind(at), SQLBind(adoptBelow))
                .run()
        }
    }
}
