import Foundation
@testable import GatehouseWeb
import Testing

/// The API reads a JSON body field by field, and each kind of value stays what it was written
/// as: `1` is a number and `true` a flag, whatever Foundation's own reader makes of them.
@Suite("Reading a JSON request body")
struct JSONBodyTests {
    func body(_ text: String) throws -> JSONBody { try JSONBody.parse(Data(text.utf8)) }

    @Test("0 and 1 are whole numbers, not flags; true and false are flags, not numbers")
    func zeroAndOne() throws {
        let read = try body(#"{"minutes": 1, "price_cents": 0, "extra_days": 1.0, "arrived": true, "done": false}"#)
        #expect(try read.integer("minutes") == 1)
        #expect(try read.integer("price_cents") == 0)
        #expect(try read.integer("extra_days") == 1)
        #expect(try read.bool("arrived") == true)
        #expect(try read.bool("done") == false)
        #expect(throws: APIError.self) { try read.integer("arrived") }
        #expect(throws: APIError.self) { try read.bool("minutes") }
    }

    @Test("a fraction, a quoted number and a list are refused as whole numbers, naming the field")
    func notWhole() throws {
        let read = try body(#"{"a": 1.5, "b": "2", "c": [1], "d": null}"#)
        for key in ["a", "b", "c"] {
            do {
                _ = try read.integer(key)
                Issue.record("'\(key)' was read as a whole number")
            } catch let error as APIError {
                #expect(error.field == key)
                #expect(error.message.contains("whole number"))
            }
        }
        #expect(throws: APIError.self, "null is not a whole number") { try read.integer("d") }
        #expect(throws: APIError.self, "nor a string") { try read.string("d") }
        #expect(throws: APIError.self, "nor true or false") { try read.bool("d") }
        #expect(read.isNull("d") && !read.isNull("missing") && !read.isNull("a"))
        #expect(try read.integer("missing") == nil)
    }

    @Test("strings and lists of strings come back as written; anything else in a list names its place")
    func strings() throws {
        let read = try body(#"{"name": "Grüße \"quoted\"", "tags": ["a", "b"], "bad": ["a", 2]}"#)
        #expect(try read.string("name") == "Grüße \"quoted\"")
        #expect(try read.strings("tags") == ["a", "b"])
        do {
            _ = try read.strings("bad")
            Issue.record("a number in a list of strings was accepted")
        } catch let error as APIError {
            #expect(error.message.contains("'bad[1]'"))
        }
    }

    @Test("malformed JSON, an empty body and a body that is not an object are 400s that say so",
          arguments: ["{\"a\": ", "", "[1, 2]", "3", "{\"a\": tru}"])
    func malformed(text: String) throws {
        do {
            _ = try body(text)
            Issue.record("'\(text)' was read as an object")
        } catch let error as APIError {
            #expect(error.code == "malformed_json")
        }
    }
}
