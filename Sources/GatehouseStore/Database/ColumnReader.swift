import SQLKit

/// A row's plain values by column name, for the repositories that read many rows at once.
///
/// `SQLRow.decode(column:as:)` is generic and is called through an existential, so every cell
/// pays for generic metadata lookups and dynamic casts before any bytes are read; over a page
/// of fifty conversations that was a fifth of the server's time. These methods name their type,
/// so on PostgreSQL each cell is read straight from its bytes; other rows (SQLite's) take the
/// usual path, and so does any column PostgreSQL stores in a type these do not read directly.
public struct ColumnReader {
    private let row: any SQLRow
    private let cells: PostgresCellRow?

    public init(_ row: any SQLRow) {
        self.row = row
        self.cells = row as? PostgresCellRow
    }

    public func text(_ column: String) throws -> String {
        if let cells, let value = try cells.text(column) { return value }
        return try row.decode(column: column, as: String.self)
    }

    /// The text, or nil when the value is NULL.
    public func optionalText(_ column: String) throws -> String? {
        if let cells, let value = try cells.optionalText(column) { return value }
        return try row.decodeNil(column: column) ? nil : row.decode(column: column, as: String.self)
    }

    public func integer(_ column: String) throws -> Int64 {
        if let cells, let value = try cells.integer(column) { return value }
        return try row.decode(column: column, as: Int64.self)
    }

    /// The integer, or nil when the value is NULL.
    public func optionalInteger(_ column: String) throws -> Int64? {
        if let cells, let value = try cells.optionalInteger(column) { return value }
        return try row.decodeNil(column: column) ? nil : row.decode(column: column, as: Int64.self)
    }
}
