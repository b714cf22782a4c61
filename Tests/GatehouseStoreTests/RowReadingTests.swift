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

    @Test("ColumnReader reads text, integers and NULLs by name, as the generic path does", arguments: DatabaseBackend.allCases)
    func columnReader(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let rows = try await database.write { sql in
                try await sql.raw("""
                    CREATE TABLE column_reading (name TEXT NOT NULL, note TEXT, big BIGINT NOT NULL, small INTEGER NOT NULL,
                    maybe BIGINT, flag INTEGER)
                    """).run()
                try await sql.insert(into: "column_reading").columns("name", "note", "big", "small", "maybe", "flag")
                    .values(SQLBind("Zoë ✓"), SQLBind("a note"), SQLBind(Int64.max), SQLBind(-7), SQLBind(Int64(12)), SQLBind(1))
                    .run()
                try await sql.raw("""
                    INSERT INTO column_reading (name, note, big, small, maybe, flag) VALUES ('', NULL, -1, 0, NULL, NULL)
                    """).run()
                return try await sql.select().columns("*").from("column_reading").orderBy("small").all()
            }
            #expect(rows.count == 2)
            let full = ColumnReader(rows[0]), nulls = ColumnReader(rows[1])
            #expect(try full.text("name") == "Zoë ✓")
            #expect(try full.optionalText("note") == "a note")
            #expect(try full.integer("big") == Int64.max)
            #expect(try full.integer("small") == -7)
            #expect(try full.optionalInteger("maybe") == 12)
            #expect(try full.optionalInteger("flag") == 1)
            #expect(try nulls.text("name") == "")
            #expect(try nulls.optionalText("note") == nil)
            #expect(try nulls.optionalInteger("maybe") == nil)
            #expect(try nulls.optionalInteger("flag") == nil)
            // A NULL is not a value of a non-optional type, and a missing column is an error.
            #expect(throws: (any Error).self) { try nulls.text("note") }
            #expect(throws: (any Error).self) { try nulls.integer("maybe") }
            #expect(throws: (any Error).self) { try full.text("missing") }
            // As with SQLKit's decodeNil, a column that is not there reads as NULL where NULL is allowed.
            #expect(try full.optionalInteger("missing") == nil)
            // Text is not an integer.
            #expect(throws: (any Error).self) { try full.integer("name") }
        }
    }

    @Test("prepared reads give the same rows, with new values each time", arguments: DatabaseBackend.allCases)
    func preparedReads(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await database.write { sql in
                try await sql.raw("CREATE TABLE prepared_reading (id INTEGER NOT NULL, name TEXT NOT NULL)").run()
                for id in 1...20 {
                    try await sql.insert(into: "prepared_reading").columns("id", "name").values(SQLBind(id), SQLBind("n\(id)")).run()
                }
            }
            // More runs than PostgreSQL takes before it settles on a generic plan.
            for limit in [3, 1, 7, 2, 5, 4, 6, 8] {
                let (plain, prepared) = try await (
                    database.read { sql in
                        try await sql.select().column("name").from("prepared_reading").where("id", .greaterThan, limit)
                            .orderBy("id").limit(3).all(decodingColumn: "name", as: String.self)
                    },
                    database.read(prepared: true) { sql in
                        try await sql.select().column("name").from("prepared_reading").where("id", .greaterThan, limit)
                            .orderBy("id").limit(3).all(decodingColumn: "name", as: String.self)
                    })
                #expect(prepared == plain)
                #expect(prepared == (limit + 1...limit + 3).map { "n\($0)" })
            }
            // The same text with a bind of another type is another statement.
            let named = try await database.read(prepared: true) { sql in
                try await sql.select().column("id").from("prepared_reading").where("name", .equal, "n4")
                    .all(decodingColumn: "id", as: Int.self)
            }
            #expect(named == [4])
        }
    }

    @Test("on PostgreSQL a prepared read is prepared once and kept on its connection")
    func preparedOnce() async throws {
        try await TestDatabase.with(.postgres) { database in
            let kept = try await database.read(prepared: true) { sql in
                for _ in 0..<3 {
                    _ = try await sql.select().column("slug").from("workspaces").where("slug", .equal, "none").all()
                }
                return try await sql.raw("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'gh_%'")
                    .all(decodingColumn: "statement", as: String.self)
            }
            // One statement for the three runs (the query on pg_prepared_statements is the other).
            #expect(kept.filter { $0.contains("\"workspaces\"") }.count == 1)
            let notKept = try await database.read { sql in
                _ = try await sql.select().column("slug").from("workspaces").where("slug", .equal, "none").all()
                return try await sql.raw("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE '%\"slug\" = %'")
                    .first(decodingColumn: "n", as: Int.self)
            }
            // Some connection of the pool may hold it; a plain read adds none of its own.
            #expect(notKept.map { $0 <= 1 } == true)
        }
    }

    @Test("on PostgreSQL a prepared read survives its table changing under it")
    func preparedAfterTableChange() async throws {
        try await TestDatabase.with(.postgres) { database in
            let (before, after) = try await database.read(prepared: true) { sql in
                try await sql.raw("CREATE TABLE changing (id INTEGER NOT NULL)").run()
                try await sql.raw("INSERT INTO changing (id) VALUES (1)").run()
                let before = try await sql.select().columns("*").from("changing").all()
                // Another instance's migration: the prepared statement's result would change type.
                try await sql.raw("ALTER TABLE changing ADD COLUMN note TEXT NOT NULL DEFAULT 'added'").run()
                let after = try await sql.select().columns("*").from("changing").all()
                return (before.map(\.allColumns), try after.map { try $0.decode(column: "note", as: String.self) })
            }
            #expect(before == [["id"]])
            #expect(after == ["added"])
        }
    }

    @Test("on PostgreSQL a prepared read that failed once works once its table exists")
    func preparedAfterFailure() async throws {
        try await TestDatabase.with(.postgres) { database in
            let (failed, names) = try await database.read(prepared: true) { sql in
                let query = { try await sql.select().column("name").from("arriving").all(decodingColumn: "name", as: String.self) }
                var failed = false
                do { _ = try await query() } catch { failed = true }
                // Another instance's migration creates it.
                try await sql.raw("CREATE TABLE arriving (name TEXT NOT NULL)").run()
                try await sql.raw("INSERT INTO arriving (name) VALUES ('here')").run()
                return (failed, try await query())
            }
            #expect(failed)
            #expect(names == ["here"])
        }
    }
}
