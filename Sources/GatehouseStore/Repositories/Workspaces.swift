import Foundation
import GatehouseCore
import SQLKit
import Synchronization



/// Storing and finding workspaces; the policy is validated before it is kept.
public struct Workspaces: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Creates a workspace; its name and time zone come from the policy. With `owner`, that user
    /// is made its owner in the same transaction.
    public func create(slug: String, policyYAML: String, owner: String? = nil, actor: String, now: Instant) async throws -> Workspace {
        try Self.checkSlug(slug)
        let policy = try Self.validated(policyYAML)
        let workspace = Workspace(id: .make(), slug: slug, name: policy.business.name,
                                  timeZone: policy.business.timeZoneIdentifier, policyYAML: policyYAML,
                                  createdAt: now, updatedAt: now)
        do {
            try await database.write { sql in
                try await sql.insert(into: "workspaces").model(workspace).run()
                if let owner {
                    try await sql.insert(into: "memberships").columns("workspace_id", "user_id", "role", "created_at")
                        .values(SQLBind(workspace.id), SQLBind(owner), SQLBind(Role.owner.rawValue), SQLBind(now.secondsSince1970))
                        .run()
                }
                try await AuditLog.record(in: sql, workspaceID: workspace.id, actor: actor, action: "workspace.create",
                                          subjectType: "workspace", subjectID: workspace.id,
                                          details: "created workspace \(slug)", now: now)
            }
        } catch let error as StoreError where error.code == .conflict {
            throw StoreError(.conflict, "a workspace called '\(slug)' already exists")
        }
        return workspace
    }

    /// The workspace with this slug, if there is one.
    public func find(slug: String) async throws -> Workspace? {
        try await database.read { sql in
            try await sql.select().columns("*").from("workspaces").where("slug", .equal, slug)
                .first(decoding: Workspace.self)
        }
    }

    /// The workspace with this id, if there is one.
    public func find(id: Workspace.ID) async throws -> Workspace? {
        try await database.read { sql in
            try await sql.select().columns("*").from("workspaces").where("id", .equal, id)
                .first(decoding: Workspace.self)
        }
    }

    /// Every workspace, by slug.
    public func all() async throws -> [Workspace] {
        try await database.read { sql in
            try await sql.select().columns("*").from("workspaces").orderBy("slug").all(decoding: Workspace.self)
        }
    }

    /// Replaces the workspace's policy; an invalid policy is refused with its line and column errors.
    @discardableResult
    public func updatePolicy(workspaceID: Workspace.ID, policyYAML: String, actor: String, now: Instant) async throws -> Workspace {
        let policy = try Self.validated(policyYAML)
        let updated = try await database.write { sql -> Workspace? in
            try await sql.update("workspaces")
                .set("policy_yaml", to: policyYAML)
                .set("name", to: policy.business.name)
                .set("time_zone", to: policy.business.timeZoneIdentifier)
                .set("updated_at", to: now.secondsSince1970)
                .where("id", .equal, workspaceID)
                .run()
            try await AuditLog.record(in: sql, workspaceID: workspaceID, actor: actor, action: "policy.update",
                                      subjectType: "workspace", subjectID: workspaceID,
                                      details: "policy replaced (\(policyYAML.utf8.count) bytes)", now: now)
            return try await sql.select().columns("*").from("workspaces").where("id", .equal, workspaceID)
                .first(decoding: Workspace.self)
        }
        guard let updated else { throw StoreError(.notFound, "no workspace with id \(workspaceID)") }
        return updated
    }

    /// The policy, or `PolicyError` with every problem at its line and column.
    static func validated(_ yaml: String) throws -> Policy {
        try Policy.read(yaml: yaml)
    }

    /// Slugs appear in URLs: lowercase letters, digits and single dashes.
    static func checkSlug(_ slug: String) throws {
        let allowed = slug.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        guard (2...40).contains(slug.count), allowed, !slug.hasPrefix("-"), !slug.hasSuffix("-"), !slug.contains("--")
        else {
            throw StoreError(.invalid, "'\(slug)' is not a usable workspace slug; use 2 to 40 lowercase letters, digits and single dashes, like rivera-plumbing")
        }
    }
}

