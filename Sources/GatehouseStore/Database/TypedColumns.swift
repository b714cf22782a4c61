import GatehouseCore
import NIOCore
public import PostgresNIO
public import SQLiteKit

// A typed id goes into SQL and comes out of it as the plain text it is, on the drivers' fast
// paths (no Codable round trip for every bind and cell).

extension Identifier: SQLiteDataConvertible {
    public init?(sqliteData: SQLiteData) {
        guard let text = String(sqliteData: sqliteData) else { return nil }
        self.init(text)
    }

    public var sqliteData: SQLiteData? { .text(rawValue) }
}

extension Identifier: PostgresNonThrowingEncodable, PostgresDecodable {
    public static var psqlType: PostgresDataType { String.psqlType }
    public static var psqlFormat: PostgresFormat { String.psqlFormat }

    public func encode(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<some PostgresJSONEncoder>) {
        rawValue.encode(into: &byteBuffer, context: context)
    }

    public init(from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
                context: PostgresDecodingContext<some PostgresJSONDecoder>) throws {
        self.init(try String(from: &buffer, type: type, format: format, context: context))
    }
}

// An instant is its seconds since 1970 in an integer column.

extension Instant: SQLiteDataConvertible {
    public init?(sqliteData: SQLiteData) {
        guard let seconds = Int64(sqliteData: sqliteData) else { return nil }
        self.init(secondsSince1970: seconds)
    }

    public var sqliteData: SQLiteData? { .integer(Int(secondsSince1970)) }
}

extension Instant: PostgresNonThrowingEncodable, PostgresDecodable {
    public static var psqlType: PostgresDataType { Int64.psqlType }
    public static var psqlFormat: PostgresFormat { Int64.psqlFormat }

    public func encode(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<some PostgresJSONEncoder>) {
        secondsSince1970.encode(into: &byteBuffer, context: context)
    }

    public init(from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
                context: PostgresDecodingContext<some PostgresJSONDecoder>) throws {
        self.init(secondsSince1970: try Int64(from: &buffer, type: type, format: format, context: context))
    }
}
