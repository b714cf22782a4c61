import Foundation
import Testing
@testable import GatehouseMail

@Suite("The JSON summary")
struct MailSummaryTests {
    @Test("the summary prints snake_case keys, nulls for absent values and ISO 8601 UTC dates")
    func shape() throws {
        let m = try Fixture.read("missing-closing-boundary.eml")
        let json = m.summary.json()
        #expect(json == """
            {
              "attachments" : [
                {
                  "name" : "data.bin",
                  "size" : 16,
                  "type" : "application/octet-stream"
                }
              ],
              "automatic" : false,
              "automatic_reason" : null,
              "cc" : [

              ],
              "date" : "2024-03-10T10:00:00Z",
              "from" : [
                {
                  "address" : "lee@example.net",
                  "name" : "Lee"
                }
              ],
              "in_reply_to" : [

              ],
              "message_id" : "trunc.1@example.net",
              "new_text" : "The upload got cut off.",
              "problems" : [
                {
                  "code" : "missing-closing-boundary",
                  "message" : "message: multipart/mixed has no closing boundary '--cut--', read to the end"
                }
              ],
              "references" : [

              ],
              "reply_to" : [

              ],
              "subject" : "Truncated",
              "text" : "The upload got cut off.\\n",
              "to" : [
                {
                  "address" : "office@rivera.example",
                  "name" : null
                }
              ]
            }
            """)
    }

    @Test("a message without Date or Message-ID prints them as null")
    func nulls() throws {
        let m = try Fixture.read("no-date-no-id-mixed-endings.eml")
        let object = try #require(try JSONSerialization.jsonObject(with: m.summary.jsonData()) as? [String: Any])
        #expect(object["date"] is NSNull)
        #expect(object["message_id"] is NSNull)
        #expect(object.keys.sorted() == ["attachments", "automatic", "automatic_reason", "cc", "date", "from", "in_reply_to", "message_id", "new_text", "problems", "references", "reply_to", "subject", "text", "to"])
    }
}
