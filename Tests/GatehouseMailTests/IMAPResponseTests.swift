import Foundation
@testable import GatehouseMail
import Testing

@Suite("IMAP responses: read as the server wrote them, refused when they cannot be")
struct IMAPResponseTests {
    static func response(_ text: String, literals: [String] = []) -> IMAPResponse {
        IMAPResponse(bytes: Array(text.utf8).map { $0 == UInt8(ascii: "~") ? 0 : $0 }, literals: literals.map { Data($0.utf8) })
    }

    @Test("a FETCH with a nested list, a quoted string with an escaped quote, NIL and a literal")
    func values() throws {
        let fetch = Self.response(#"* 12 FETCH (UID 40 FLAGS (\Seen \Answered) ENVELOPE ("a \"quoted\" word" NIL) BODY[] ~)"#,
                                  literals: ["hello"])
        let values = try fetch.values()
        #expect(values.first == .atom("12"))
        guard case .list(let items) = values.last else { Issue.record("no list: \(values)"); return }
        #expect(items[1].number == 40)
        #expect(items[3] == .list([.atom(#"\Seen"#), .atom(#"\Answered"#)]))
        #expect(items[5] == .list([.string(Data(#"a "quoted" word"#.utf8)), .nothing]))
        #expect(items[7] == .string(Data("hello".utf8)))
    }

    @Test("lists nested deeper than any server needs are refused plainly (60,000 of them overflowed the thread's stack)")
    func deeplyNested() throws {
        let deep = Self.response("* 1 FETCH " + String(repeating: "(", count: 60_000))
        #expect(throws: IMAPError.self) { try deep.values() }
        do {
            _ = try deep.values()
        } catch {
            #expect(error.code == .protocolViolation)
            #expect(error.message.contains("nests lists more than 64 deep"))
        }
        // As deep as the limit allows is still read.
        let allowed = Self.response("* 1 FETCH " + String(repeating: "(", count: 64) + "X" + String(repeating: ")", count: 64))
        var value = try #require(try allowed.values().last)
        for _ in 0..<64 {
            guard case .list(let items) = value, items.count == 1 else { Issue.record("not a list: \(value)"); return }
            value = items[0]
        }
        #expect(value == .atom("X"))
    }
}
