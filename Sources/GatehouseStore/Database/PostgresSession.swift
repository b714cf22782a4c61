import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// SQLKit over one PostgreSQL connection. The queries are PostgresKit's (its dialect and
/// serialisation: the SQL is the same on every path); what differs is how rows are read.
///
/// PostgresKit reads every value through a general translation layer (a coding path string
/// built per cell, dynamic casts, generic metadata) that took about a third of the server's CPU
/// when it listed conversations. Here the plain types the repositories read — text, integers,
/// floating point, booleans, and their optionals — are read straight from each cell with
/// PostgresNIO's own decoding; anything else, and any query with a bind PostgresNIO cannot
/// encode directly, goes through PostgresKit exactly as before.
struct PostgresSession: SQLDatabase {
    let connection: PostgresConnection
    /// PostgresKit's database on the same connection.
    let base: any SQLDatabase

    init(_ connection: PostgresConnection) {
        self.connection = connection
        self.base = connection.sql()
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = base.serialize(query)
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            guard let value = bind as? any PostgresThrowingDynamicTypeEncodable else {
                // A nil, or a type only PostgresKit's encoder knows: all of it the usual way.
                return try await base.execute(sql: query, onRow)
            }
            try bindings.append(value)
        }
        if let level = queryLogLevel { logger.log(level: level, "Executing query", metadata: ["sql": .string(sql)]) }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        for try await row in rows { onRow(PostgresCellRow(row)) }
    }
}

/// One result row whose plain values are read straight from their cells.
struct PostgresCellRow: SQLRow {
    let row: PostgresRow
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row
        self.cells = row.makeRandomAccess()
    }

    var allColumns: [String] { cells.map(\.columnName) }

    func contains(column: String) -> Bool { cells.contains(column) }

    func decodeNil(column: String) throws -> Bool {
        !cells.contains(column) || cells[column].bytes == nil
    }

    func decode<T: Decodable>(column: String, as type: T.Type) throws -> T {
        guard cells.contains(column) else { return try row.sql().decode(column: column, as: T.self) }
        let cell = cells[column]
        // PostgresKit reads user-defined types as text and numeric as Double: leave those to it.
        if !cell.dataType.isUserDefined, cell.dataType != .numeric, let value = try Self.plain(cell, as: T.self) {
            return value
        }
        return try row.sql().decode(column: column, as: T.self)
    }

    /// The cell read as one of the plain types, or nil when `T` is none of them.
    private static func plain<T>(_ cell: PostgresCell, as type: T.Type) throws -> T? {
        if T.self == String.self { return .some(try cell.decode(String.self) as! T) }
        if T.self == Int64.self { return .some(try cell.decode(Int64.self) as! T) }
        if T.self == Int.self { return .some(try cell.decode(Int.self) as! T) }
        if T.self == Int32.self { return .some(try cell.decode(Int32.self) as! T) }
        if T.self == Double.self { return .some(try cell.decode(Double.self) as! T) }
        if T.self == Bool.self { return .some(try cell.decode(Bool.self) as! T) }
        if T.self == String?.self { return .some(try cell.decode(String?.self) as! T) }
        if T.self == Int64?.self { return .some(try cell.decode(Int64?.self) as! T) }
        if T.self == Int?.self { return .some(try cell.decode(Int?.self) as! T) }
        if T.self == Int32?.self { return .some(try cell.decode(Int32?.self) as! T) }
        if T.self == Double?.self { return .some(try cell.decode(Double?.self) as! T) }
        if T.self == Bool?.self { return .some(try cell.decode(Bool?.self) as! T) }
        return nil
    }
}
