import GatehouseCore
import GatehouseDesk
import Hummingbird

/// Who is calling: a workspace, and the user or token acting in it. The same for the API
/// (a token) and the owner's pages (a signed-in user).
public struct Caller: Sendable {
    public var workspace: Workspace
    /// For the audit log: a user id, or `token:ID`.
    public var actor: String
    public var role: Role
    /// The signed-in user's email address; nil for a token.
    public var email: String?
    /// The session's CSRF token, which every form of the owner's pages carries; nil for a token.
    public var csrf: String?

    public init(workspace: Workspace, actor: String, role: Role, email: String? = nil, csrf: String? = nil) {
        self.workspace = workspace
        self.actor = actor
        self.role = role
        self.email = email
        self.csrf = csrf
    }

    /// The signed-in user's id (for a token, `token:ID`).
    var userID: String { actor }
}

/// The per-request context of the desk.
public struct DeskContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware.
    public var caller: Caller?
    /// The peer's IP address, for throttling and the session record.
    public var address: String
    /// The fields of an owner's form post, once the door checked its CSRF token (empty otherwise).
    var form = FormFields()
    /// The caller's workspace desk, set by the middleware that found the caller.
    var desk: WorkspaceDesk?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        caller = nil
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// API bodies are small: a policy or a customer. Larger ones get 413.
    public var maxUploadSize: Int { 512 * 1024 }

    /// The caller's workspace desk, or a 401 for a route that needs one.
    func requireDesk() throws -> WorkspaceDesk {
        guard let desk else { throw APIError(.unauthorized, code: "unauthorized", "sign in or send an API token") }
        return desk
    }

    /// The caller, or a 401 for a route that needs one.
    func requireCaller() throws -> Caller {
        guard let caller else { throw APIError(.unauthorized, code: "unauthorized", "sign in or send an API token") }
        return caller
    }
}

