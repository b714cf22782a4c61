import Foundation
import GatehouseStore
import GatehouseTestSupport
import SQLKit
import Testing

/// Values written and read back through the one SQL path: on PostgreSQL the plain types are
/// read straight from their cells and the rest through PostgresKit, so both must agree with
/// SQLite on every kind of value.
@Suite("Reading rows: every kind of value, on both databases")
struct RowReadingTests {
    enum Colour: String, Codable { case red, green }

    struct Item: Codable, Equatable {
        var name: String
        var big: Int64
        var small: Int
        var ratio: Double
        var note: String?
        var count: Int?
        var colour: Colour
    }

    @Test("text, integers, reals, nulls and a Codable enum come back as written", arguments: DatabaseBackend.allCases)
    func values(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let items = [
                Item(name: "Zoë's boiler ✓", big: 9_007_199_254_740_993, small: -42, ratio: 0.1 + 0.2, note: nil, count: 7,
                     colour: .green),
                Item(name: "", big: Int64.min, small: 0, ratio: -1.5e300, note: "a note", count: nil, colour: .red),
            ]
            let rows = try await database.write { sql in
                try await sql.raw("""
                    CREATE TABLE row_reading (name TEXT NOT NULL, big BIGINT NOT NULL, small INTEGER NOT NULL,
                    ratio DOUBLE PRECISION NOT NULL, note TEXT, count INTEGER, colour TEXT NOT NULL)
                    """).run()
                // An enum bind: on PostgreSQL the general way, for binds PostgresNIO cannot take as they are.
                for item in items { try await sql.insert(into: "row_reading").model(item).run() }
                // Only plain binds here.
                try await sql.insert(into: "row_reading")
                    .columns("name", "big", "small", "ratio", "note", "count", "colour")
                    .values(SQLBind("plain"), SQLBind(Int64(1)), SQLBind(2), SQLBind(3.25), SQLBind("n"), SQLBind(4), SQLBind("red"))
                    .run()
                return try await sql.select().columns("*").from("row_reading").orderBy("small").all()
            }
            #expect(rows.count == 3)
            let decoded = try rows.map { try $0.decode(model: Item.self) }
            #expect(decoded[0] == items[0])
            #expect(decoded[1] == items[1])
            #expect(decoded[2] == Item(name: "plain", big: 1, small: 2, ratio: 3.25, note: "n", count: 4, colour: .red))

            let first = rows[0]
            #expect(try first.decode(column: "name", as: String.self) == "Zoë's boiler ✓")
            #expect(try first.decode(column: "big", as: Int64.self) == 9_007_199_254_740_993)
            #expect(try first.decode(column: "small", as: Int.self) == -42)
            #expect(try first.decode(column: "ratio", as: Double.self) == 0.1 + 0.2)
            #expect(try first.decodeNil(column: "note"))
            #expect(try first.decode(column: "note", as: String?.self) == nil)
            #expect(try first.decode(column: "count", as: Int?.self) == 7)
            #expect(try first.decode(column: "colour", as: Colour.self) == .green)
            #expect(!first.contains(column: "missing"))
            #expect(try first.decodeNil(column: "missing"))
            #expect(Set(first.allColumns) == ["name", "big", "small", "ratio", "note", "count", "colour"])
            #expect(throws: (any Error).self) { try first.decode(column: "missing", as: String.self) }
            // A NULL is not a value of a non-optional type.
            #expect(throws: (any Error).self) { try first.decode(column: "note", as: String.self) }
            // Binds in a WHERE, through the direct way (a string) and the general one (an enum).
            let named = try await database.read { sql in
                try await sql.select().column("name").from("row_reading").where("colour", .equal, Colour.red)
                    .where("small", .greaterThan, -1).orderBy("small").all(decodingColumn: "name", as: String.self)
            }
            #expect(named == ["", "plain"])
        }
    }
}
