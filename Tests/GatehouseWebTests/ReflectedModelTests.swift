import Mustache
import Testing
@testable import GatehouseWeb

/// A page model read once renders exactly as Mustache renders the model itself.
@Suite("Page models read once")
struct ReflectedModelTests {
    struct Row { var title: String; var late: Bool; var note: String? }
    struct Money: CustomStringConvertible { var cents: Int; var description: String { "$\(cents / 100)" } }
    struct Page {
        var heading: String
        var rows: [Row]
        var empty: [Row]
        var owner: String
        var missing: Row?
        var price: Money
        var tags: [String]
    }

    static let template = """
    {{heading}}|{{#rows}}[{{title}}{{#late}} late{{/late}}{{#note}} ({{.}}){{/note}} by {{owner}}]{{/rows}}|\
    {{^empty}}none{{/empty}}|{{#missing}}shown{{/missing}}{{^missing}}absent{{/missing}}|{{price}}|\
    {{#tags}}<{{.}}>{{/tags}}|{{nothing}}
    """

    @Test("names, nested lists, a parent's name inside a row, nil and empty, printed values: as before")
    func rendersAsBefore() throws {
        let page = Page(heading: "Inbox & more", rows: [Row(title: "Leak", late: true, note: "call first"),
                                                        Row(title: "Tap", late: false, note: nil)],
                        empty: [], owner: "Alex", missing: nil, price: Money(cents: 12_000), tags: ["a", "b"])
        let template = try MustacheTemplate(string: Self.template)
        let direct = template.render(page)
        let read = template.render(ReflectedModel.ready(page) as Any)
        #expect(read == direct)
        #expect(read == "Inbox &amp; more|[Leak late (call first) by Alex][Tap by Alex]|none|absent|$120|<a><b>|")
    }

    @Test("a list's rows are read once too, not left for Mustache to reflect at every lookup")
    func rowsAreRead() throws {
        let page = Page(heading: "Inbox", rows: [Row(title: "Leak", late: true, note: nil)], empty: [], owner: "Alex",
                        missing: nil, price: Money(cents: 100), tags: ["a"])
        let read = try #require(ReflectedModel.ready(page) as? ReflectedModel)
        let rows = try #require(read.child(named: "rows") as? [Any])
        #expect(rows.count == 1)
        #expect(rows.first is ReflectedModel, "a row is \(type(of: rows.first!))")
        #expect((rows.first as? ReflectedModel)?.child(named: "title") as? String == "Leak")
        #expect(read.child(named: "price") is Money, "a value that prints itself is passed on as it is")
    }
}
