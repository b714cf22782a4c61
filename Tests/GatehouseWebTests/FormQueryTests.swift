@testable import GatehouseWeb
import Testing

/// A search typed into a GET form reaches the page as the owner typed it.
@Suite("Reading a GET form's fields from the address")
struct FormQueryTests {
    @Test("a space sent as '+' is a space; an encoded '+' stays a plus; blank and missing fields are nil")
    func spaces() {
        let query = FormQuery(query: "q=water+heater&plan=c%2B%2B&status=&customer=%20%20&name=Mar%C3%ADa+L%C3%B3pez")
        #expect(query.get("q") == "water heater")
        #expect(query.get("plan") == "c++")
        #expect(query.get("status") == nil)
        #expect(query.get("customer") == nil)
        #expect(query.get("missing") == nil)
        #expect(query.get("name") == "María López")
        #expect(FormQuery(query: nil).get("q") == nil)
    }

    @Test("a field without '=' and a broken percent sign are read without a crash")
    func oddInput() {
        let query = FormQuery(query: "q&x=100%&y=a%ZZb")
        #expect(query.get("q") == nil)
        #expect(query.get("x") == "100%")
        #expect(query.get("y") == "a%ZZb")
    }
}
