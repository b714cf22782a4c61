import GatehouseCore
import Foundation

/// Where the data lives: an SQLite file (the default, for one machine) or a
/// PostgreSQL server (for many instances).
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresLocation)

    /// The default of `gatehouse serve`: `./gatehouse-data/gatehouse.sqlite`.
    public static let defaultSQLite = DatabaseLocation.sqlite(path: "gatehouse-data/gatehouse.sqlite")

    /// Reads `sqlite:PATH` or `postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=disable|prefer|require]`.
    public static func parse(_ text: String) throws(StoreError) -> DatabaseLocation {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else {
                throw StoreError(.badLocation, "'\(text)' names no file; write sqlite:PATH, for example sqlite:gatehouse-data/gatehouse.sqlite")
            }
            return .sqlite(path: path)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            return .postgres(try PostgresLocation(url: text))
        }
        throw StoreError(.badLocation, "'\(text)' is not a database URL; expected sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
    }

    /// The location with any password hidden, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let location): return location.description
        }
    }

    /// The location as a URL for `--database`, password included.
    public var url: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let location): return location.url
        }
    }

    /// Which backend the location needs.
    public var backend: DatabaseBackend {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }
}

/// The parts of a PostgreSQL URL.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int, username: String, password: String?, database: String, tls: TLSMode) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    init(url text: String) throws(StoreError) {
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw StoreError(.badLocation, "'\(PostgresLocation.redact(text))' is not a PostgreSQL URL; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        guard let username = components.user, !username.isEmpty else {
            throw StoreError(.badLocation, "the PostgreSQL URL names no user; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreError(.badLocation, "the PostgreSQL URL names no database; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode", "tlsmode":
                switch item.value ?? "" {
                case "disable", "allow": tls = .disable
                case "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default:
                    throw StoreError(.badLocation, "sslmode '\(item.value ?? "")' is not known; expected disable, prefer or require")
                }
            default:
                throw StoreError(.badLocation, "unknown PostgreSQL URL parameter '\(item.name)'; only sslmode is understood")
            }
        }
        self.init(host: host, port: components.port ?? 5432, username: username,
                  password: components.password?.removingPercentEncoding ?? components.password,
                  database: database, tls: tls)
    }

    public var description: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    /// The full URL, password included (percent-encoded).
    public var url: String {
        let secret = password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? ""
        return "postgres://\(username)\(secret)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    static func redact(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://") else { return text }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return text[..<colon] + ":***" + text[at...]
    }
}

/// The two database engines Gatehouse runs on.
public enum DatabaseBackend: String, Sendable, CaseIterable {
    case sqlite
    case postgres
}
