import Foundation

/// Someone who signs in to Gatehouse: the owner or a member of their team.
public struct User: Sendable, Equatable, Codable {
    public var id: String
    /// Lowercased.
    public var email: String
    public var name: String
    public var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case id, email, name
        case createdAt = "created_at"
    }

    public init(id: String, email: String, name: String, createdAt: Int64) {
        self.id = id
        self.email = email
        self.name = name
        self.createdAt = createdAt
    }
}

/// What a user may do in a workspace.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Everything, including the policy, settings and team.
    case owner
    /// Day-to-day work: conversations and customers.
    case staff
}

/// What a token lets its holder do in its workspace.
public enum TokenScope: String, Sendable, Codable, CaseIterable {
    /// The JSON API under `/api/v1`: read and change the workspace's data.
    case api
    /// Only deliver inbound messages (`/inbound/…`): for mail servers and SMS webhooks, which need nothing more.
    case ingest
}

/// A bearer token of one workspace, for the JSON API or for delivering messages; only its hash is stored.
public struct APIToken: Sendable, Equatable, Codable {
    public var id: String
    public var workspaceID: Workspace.ID
    public var name: String
    public var tokenHash: String
    public var scope: TokenScope
    public var createdBy: String?
    public var createdAt: Int64
    public var lastUsedAt: Int64?
    public var revokedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case id, name, scope
        case workspaceID = "workspace_id"
        case tokenHash = "token_hash"
        case createdBy = "created_by"
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case revokedAt = "revoked_at"
    }

    public init(id: String, workspaceID: Workspace.ID, name: String, tokenHash: String, scope: TokenScope, createdBy: String? = nil, createdAt: Int64, lastUsedAt: Int64? = nil, revokedAt: Int64? = nil) {
        self.id = id
        self.workspaceID = workspaceID
        self.name = name
        self.tokenHash = tokenHash
        self.scope = scope
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// A signed-in browser. Only a hash of the session id is stored, so a copy of
/// the database does not let anyone sign in.
public struct SignInRecord: Sendable, Equatable, Codable {
    public var idHash: String
    public var userID: String
    public var workspaceID: Workspace.ID?
    public var csrfToken: String
    public var createdAt: Int64
    public var expiresAt: Int64
    public var lastSeenAt: Int64
    public var address: String?
    public var userAgent: String?

    public init(idHash: String, userID: String, workspaceID: Workspace.ID?, csrfToken: String, createdAt: Int64,
                expiresAt: Int64, lastSeenAt: Int64, address: String?, userAgent: String?) {
        self.idHash = idHash
        self.userID = userID
        self.workspaceID = workspaceID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastSeenAt = lastSeenAt
        self.address = address
        self.userAgent = userAgent
    }

    enum CodingKeys: String, CodingKey {
        case address
        case idHash = "id_hash"
        case userID = "user_id"
        case workspaceID = "workspace_id"
        case csrfToken = "csrf_token"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case lastSeenAt = "last_seen_at"
        case userAgent = "user_agent"
    }
}
