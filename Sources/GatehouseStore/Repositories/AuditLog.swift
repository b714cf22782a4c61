import GatehouseCore
import SQLKit

/// One change someone (or something) made in a workspace.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var id: String
    public var workspaceID: Workspace.ID
    /// Who: a user id, `token:ID`, or `system`.
    public var actor: String
    /// What, as `noun.verb`: `policy.update`, `customer.delete`.
    public var action: String
    public var subjectType: String
    public var subjectID: String?
    /// In plain words.
    public var details: String
    public var at: Int64

    enum CodingKeys: String, CodingKey {
        case id, actor, action, details, at
        case workspaceID = "workspace_id"
        case subjectType = "subject_type"
        case subjectID = "subject_id"
    }
}

/// The record of who changed what, written in the same transaction as the change.
public struct AuditLog: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Adds an entry inside a transaction that is already open.
    static func record(in sql: any SQLDatabase, workspaceID: Workspace.ID, actor: String, action: String,
                       subjectType: String, subjectID: String?, details: String, now: Instant) async throws {
        let entry = AuditEntry(id: NewID.make(), workspaceID: workspaceID, actor: actor, action: action,
                               subjectType: subjectType, subjectID: subjectID, details: details,
                               at: now.secondsSince1970)
        try await sql.insert(into: "audit_log").model(entry).run()
    }

    /// Adds an entry about the thing `subjectID` names.
    static func record<Subject>(in sql: any SQLDatabase, workspaceID: Workspace.ID, actor: String, action: String,
                                subjectType: String, subjectID: Identifier<Subject>, details: String, now: Instant) async throws {
        try await record(in: sql, workspaceID: workspaceID, actor: actor, action: action, subjectType: subjectType,
                         subjectID: subjectID.rawValue, details: details, now: now)
    }

    /// The workspace's most recent entries, newest first.
    public func recent(workspaceID: Workspace.ID, limit: Int = 50) async throws -> [AuditEntry] {
        try await database.read { sql in
            try await sql.select().columns("*").from("audit_log")
                .where("workspace_id", .equal, workspaceID)
                .orderBy("at", .descending).orderBy("id", .descending)
                .limit(limit)
                .all(decoding: AuditEntry.self)
        }
    }
}
