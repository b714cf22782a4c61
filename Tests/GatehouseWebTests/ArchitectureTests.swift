import Foundation
import Testing

/// The arrows DESIGN.md draws, checked on the sources themselves: pages and the API reach what
/// is stored only through the desk (Web → Desk → Store), build no repository and keep no
/// untyped page values; only Store writes the tasks table.
@Suite("The door: Web reaches the store only through Desk")
struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func sources(under folder: String) throws -> [(path: String, text: String)] {
        let base = root.appendingPathComponent(folder)
        let files = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
        return try files.filter { $0.hasSuffix(".swift") }.sorted().map { file in
            (folder + "/" + file, try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8))
        }
    }

    @Test("Package.swift does not give GatehouseWeb the store as a dependency")
    func packageArrows() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let start = try #require(manifest.range(of: "name: \"GatehouseWeb\",\n            dependencies: ["))
        let end = try #require(manifest.range(of: "]", range: start.upperBound..<manifest.endIndex))
        let dependencies = manifest[start.upperBound..<end.lowerBound]
        #expect(dependencies.contains("\"GatehouseDesk\""))
        #expect(!dependencies.contains("GatehouseStore"))
    }

    @Test("no file of GatehouseWeb imports the store, names the database or builds a repository")
    func webStaysOutOfTheStore() throws {
        let web = try Self.sources(under: "Sources/GatehouseWeb")
        #expect(web.count > 20)
        for (path, text) in web {
            #expect(!text.contains("import GatehouseStore"), "\(path) imports GatehouseStore")
            #expect(!text.contains("(database:"), "\(path) builds something from the database")
            #expect(!text.contains(": Database"), "\(path) holds the database")
        }
    }

    @Test("no page or API value is an untyped dictionary")
    func typedPages() throws {
        for (path, text) in try Self.sources(under: "Sources") {
            #expect(!text.contains("[String: Any]"), "\(path) keeps values as [String: Any]")
        }
    }

    @Test("only the store's one task writer inserts into the tasks table")
    func oneTaskWriter() throws {
        let writers = try Self.sources(under: "Sources").filter { _, text in
            text.contains("insert(into: \"tasks\")") || text.range(of: "INSERT INTO tasks", options: .caseInsensitive) != nil
        }.map(\.path).filter { !$0.contains("/Migrations/") }
        #expect(writers == ["Sources/GatehouseStore/Repositories/NewTask.swift"])
    }
}
