import GatehouseCore
import GatehouseStore
import Hummingbird

/// Who is calling: a workspace, and the user or token acting in it.
public struct Caller: Sendable {
    public var workspace: Workspace
    /// For the audit log: a user id, or `token:ID`.
    public var actor: String
    public var role: Role
}

/// The per-request context of the desk.
public struct DeskContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware.
    public var caller: Caller?
    /// The peer's IP address, for throttling and the session record.
    public var address: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        caller = nil
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// API bodies are small: a policy or a customer. Larger ones get 413.
    public var maxUploadSize: Int { 512 * 1024 }

    /// The caller, or a 401 for a route that needs one.
    func requireCaller() throws -> Caller {
        guard let caller else { throw APIError(.unauthorized, code: "unauthorized", "sign in or send an API token") }
        return caller
    }
}

