import Foundation
import Testing
import GatehouseCore

@Suite("JSON written straight to bytes")
struct JSONWriterTests {
    @Test("strings with quotes, backslashes, line breaks, control characters and any script read back exactly",
          arguments: ["plain", "", "say \"hi\"", "C:\\path\\to", "line one\nline two\r\n\ttab", "bell \u{07} and \u{1F}",
                      "Zoë — 日本語 — 😀", "</script>"])
    func roundTrip(text: String) throws {
        var json = JSONWriter()
        json.beginObject()
        json.key("text"); json.string(text)
        json.key("none"); json.string(nil)
        json.key("list"); json.strings([text, "second"])
        json.key("count"); json.integer(-42)
        json.key("flag"); json.bool(true)
        json.key("at"); json.instant(0)
        json.endObject()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        #expect(object["text"] as? String == text)
        #expect(object["none"] is NSNull)
        #expect(object["list"] as? [String] == [text, "second"])
        #expect(object["count"] as? Int == -42)
        #expect(object["flag"] as? Bool == true)
        #expect(object["at"] as? String == "1970-01-01T00:00:00+00:00")
    }
}
