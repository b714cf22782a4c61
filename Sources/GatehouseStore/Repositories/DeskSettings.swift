import GatehouseCore
import SQLKit

/// Settings of the whole desk, kept once for every command and instance: the public address.
public struct DeskSettings: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    static let publicAddressName = "public_address"

    /// The address customers reach the desk at, when one has been set.
    public func publicAddress() async throws -> String? {
        struct Row: Decodable { var value: String }
        return try await database.read { sql in
            try await sql.select().column("value").from("desk_settings").where("name", .equal, Self.publicAddressName)
                .first(decoding: Row.self)?.value
        }
    }

    /// Keeps the public address (checked and written one way); the address as kept.
    @discardableResult
    public func setPublicAddress(_ typed: String, now: Instant) async throws -> String {
        let address: String
        switch PublicAddress.normalised(typed) {
        case .success(let written): address = written
        case .failure(let problem): throw StoreError(.invalid, field: "public_url", problem.detail)
        }
        try await database.write { sql in
            try await sql.delete(from: "desk_settings").where("name", .equal, Self.publicAddressName).run()
            try await sql.insert(into: "desk_settings").columns("name", "value", "updated_at")
                .values(SQLBind(Self.publicAddressName), SQLBind(address), SQLBind(now.secondsSince1970)).run()
        }
        return address
    }
}
