import Crypto
import GatehouseCore
import Logging
import NIOCore
internal import PostgresKit
internal import PostgresNIO
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
    /// Whether queries run as statements prepared once per connection (`Database.read(prepared:)`).
    let preparesStatements: Bool

    init(_ connection: PostgresConnection, preparesStatements: Bool = false) {
        self.connection = connection
        self.base = connection.sql()
        self.preparesStatements = preparesStatements
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
        if preparesStatements {
            let statement = RepeatedStatement(sql: sql, binds: binds, bindings: bindings)
            var delivered = false
            do {
                let rows = try await statement.execute(on: connection, logger: logger)
                return try await Self.deliver(rows) { row in
                    delivered = true
                    onRow(row)
                }
            } catch let error as PSQLError where error.serverInfo != nil && !delivered {
                // PostgreSQL refused the statement before any row came back. It may be stale rather
                // than wrong: a table changed under it ("cached plan must not change result type",
                // another instance migrating), or its preparation failed once and PostgresNIO
                // answers every later use on this connection with that first error. So the text
                // runs once more as an ordinary query, which either works or fails for today's reason.
            }
        }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        try await Self.deliver(rows) { onRow($0) }
    }

    private static func deliver<Rows: AsyncSequence>(_ rows: Rows, to onRow: (any SQLRow) -> Void) async throws
    where Rows.Element == PostgresRow {
        var layout: PostgresColumnLayout?
        for try await row in rows {
            let cells = row.makeRandomAccess()
            let shared = layout ?? PostgresColumnLayout(cells)
            layout = shared
            onRow(PostgresCellRow(row, cells: cells, layout: shared))
        }
    }
}

/// A query text prepared once per connection and then only executed: PostgreSQL parses and
/// plans it once (and, after a few runs, keeps a generic plan) instead of on every request.
///
/// PostgresNIO keeps each connection's prepared statements by name, and takes the name and the
/// text from the statement's type; here they come from the query through a task-local value, so
/// one type serves every text. The name is a digest of the text and of the binds' types, since
/// a statement's parameter types are fixed when it is prepared.
struct RepeatedStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow

    @TaskLocal static var current = (name: "", sql: "")
    static var name: String { current.name }
    static var sql: String { current.sql }

    let name: String
    let sql: String
    let bindings: PostgresBindings

    init(sql: String, binds: [any Encodable & Sendable], bindings: PostgresBindings) {
        var signature = sql
        for bind in binds { signature += "\u{0}" + String(reflecting: type(of: bind)) }
        let digest = SHA256.hash(data: Array(signature.utf8))
        // 128 bits of the digest: PostgreSQL names are at most 63 bytes.
        self.name = "gh_" + Hex.string(digest.prefix(16))
        self.sql = sql
        self.bindings = bindings
    }

    func execute(on connection: PostgresConnection, logger: Logger) async throws
    -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow> {
        // PostgresNIO reads the name and the text before its first suspension.
        try await Self.$current.withValue((name, sql)) {
            try await connection.execute(self, logger: logger)
        }
    }

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// One result row whose plain values are read straight from their cells. A class: rows are
/// passed around as `any SQLRow`, and a struct this size would be boxed and copied field by
/// field (a retain each) every time it is stored or cast back.
final class PostgresCellRow: SQLRow, Sendable {
    let row: PostgresRow
    let cells: PostgresRandomAccessRow
    let layout: PostgresColumnLayout

    init(_ row: PostgresRow, cells: PostgresRandomAccessRow, layout: PostgresColumnLayout) {
        self.row = row
        self.cells = cells
        self.layout = layout
    }

    var allColumns: [String] { cells.map(\.columnName) }

    func contains(column: String) -> Bool { cells.contains(column) }

    func decodeNil(column: String) throws -> Bool {
        !cells.contains(column) || cells[column].bytes == nil
    }

    func decode<T: Decodable>(column: String, as type: T.Type) throws -> T {
        if let cell = directCell(column), let value = try Self.plain(cell, as: T.self) { return value }
        return try row.sql().decode(column: column, as: T.self)
    }

    /// The cell, when it is there and of a type read straight from its bytes.
    private func directCell(_ column: String) -> PostgresCell? {
        guard let position = layout.positions[column], layout.direct[position] else { return nil }
        return cells[position]
    }

    // For `ColumnReader`: nil when the column is not read directly here.

    func text(_ column: String) throws -> String? {
        try directCell(column).map { try $0.decode(String.self) }
    }

    func optionalText(_ column: String) throws -> String?? {
        try directCell(column).map { try $0.decode(String?.self) }
    }

    func integer(_ column: String) throws -> Int64? {
        try directCell(column).map { try $0.decode(Int64.self) }
    }

    func optionalInteger(_ column: String) throws -> Int64?? {
        try directCell(column).map { try $0.decode(Int64?.self) }
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

/// The columns of one result, worked out once from its first row and shared by all of them:
/// where each name is (the last of equal names, as PostgresNIO has it) and which columns are
/// read straight from their bytes. (PostgresKit reads user-defined types as text and numeric
/// as Double: those are left to it.)
final class PostgresColumnLayout: Sendable {
    let positions: [String: Int]
    let direct: [Bool]

    init(_ cells: PostgresRandomAccessRow) {
        var positions = [String: Int](minimumCapacity: cells.count)
        for cell in cells { positions[cell.columnName] = cell.columnIndex }
        self.positions = positions
        self.direct = cells.map { !$0.dataType.isUserDefined && $0.dataType != .numeric }
    }
}
