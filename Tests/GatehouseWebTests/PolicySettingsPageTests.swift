import Foundation
import GatehouseCore
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The fields of the first form posting to `action` as a browser would send them: inputs with
/// their values, the selected option of each select, each textarea's text (HTML entities undone).
func formFields(_ html: String, action: String) -> [(String, String)] {
    guard let start = html.range(of: "action=\"\(action)\"") else { return [] }
    let form = String(html[start.upperBound...].prefix { _ in true })
    let body = String(form[..<(form.range(of: "</form>")?.lowerBound ?? form.endIndex)])
    func attribute(_ name: String, in tag: Substring) -> String? {
        guard let range = tag.range(of: " \(name)=\"") else { return nil }
        return String(tag[range.upperBound...].prefix { $0 != "\"" })
    }
    func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&#x2F;", with: "/").replacingOccurrences(of: "&amp;", with: "&")
    }
    var fields: [(String, String)] = []
    var rest = Substring(body)
    while let open = rest.firstIndex(of: "<") {
        let tagEnd = rest[open...].firstIndex(of: ">") ?? rest.endIndex
        let tag = rest[open..<tagEnd]
        rest = rest[tagEnd...].dropFirst()
        if tag.hasPrefix("<input"), let name = attribute("name", in: tag), attribute("type", in: tag) != "checkbox" {
            fields.append((name, unescaped(attribute("value", in: tag) ?? "")))
        } else if tag.hasPrefix("<textarea"), let name = attribute("name", in: tag) {
            let text = rest[..<(rest.range(of: "</textarea>")?.lowerBound ?? rest.endIndex)]
            fields.append((name, unescaped(String(text))))
        } else if tag.hasPrefix("<select"), let name = attribute("name", in: tag) {
            let options = rest[..<(rest.range(of: "</select>")?.lowerBound ?? rest.endIndex)]
            let chosen = options.range(of: " selected>").map { options[..<$0.lowerBound] }
            let value = chosen.flatMap { $0.range(of: "value=\"", options: .backwards) }
                .map { String(options[$0.upperBound...].prefix { $0 != "\"" }) } ?? ""
            fields.append((name, unescaped(value)))
        }
    }
    return fields
}

@Suite("Pages: the policy's everyday settings")
struct PolicySettingsPageTests {
    @Test("""
        the form shows the policy; changing the phone, Friday's hours typed as 7am-3pm, a holiday and a plan's fee \
        saves them into the file with its comments and the rest kept; a wrong hour is named and nothing is saved
        """, arguments: DatabaseBackend.allCases)
    func everydaySettings(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let desk = try await TestDesk.make(database)
            let original = desk.workspace.policyYAML
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let page = try await owner.get("/policy")
                #expect(page.html.contains("Everyday settings"))
                var fields = formFields(page.html, action: "/policy/settings")
                let form = Dictionary(fields, uniquingKeysWith: { first, _ in first })
                #expect(form["business"] == "Rivera Plumbing & Heating")
                #expect(form["owner"] == "Alex Rivera", "who signs is on the form")
                #expect(form["hours_fri"] == "08:00-15:00")
                #expect(form["phone_channel"] == "urgent-only")
                #expect(form["plan_care_fee"] == "49/month")
                #expect(form["csrf"] == owner.csrf)

                // Sent back untouched, nothing is saved.
                let same = try await owner.post("/policy/settings", fields.filter { $0.0 != "csrf" })
                #expect(same.headers[.location] == "/policy?unchanged=1")
                #expect(try await Workspaces(database: database).find(slug: "rivera")?.policyYAML == original)

                func setting(_ name: String, _ value: String) {
                    fields = fields.map { $0.0 == name ? (name, value) : $0 }
                }
                setting("hours_fri", "7am till late")
                let refused = try await owner.post("/policy/settings", fields.filter { $0.0 != "csrf" })
                #expect(refused.status == .unprocessableContent)
                let again = String(buffer: refused.body)
                #expect(again.contains("Friday&#39;s hours: &#39;7am till late&#39; is not a time range") || again.contains("Friday's hours"),
                        "\(again)")
                #expect(again.contains("value=\"7am till late\""), "what was typed is still there")
                #expect(try await Workspaces(database: database).find(slug: "rivera")?.policyYAML == original)

                setting("hours_fri", "7am-3pm")
                setting("phone", "+1 312 555 0100")
                setting("closures", form["closures"]! + "\n2027-07-05 Independence Day")
                setting("plan_care_fee", "59/month")
                let saved = try await owner.post("/policy/settings", fields.filter { $0.0 != "csrf" })
                #expect(saved.status == .seeOther)
                let location = try #require(saved.headers[.location])
                let notice = try await owner.get(location)
                #expect(notice.html.contains("Saved: business details, opening hours, holidays and closures, plans."), "\(location)")

                let yaml = try #require(try await Workspaces(database: database).find(slug: "rivera")?.policyYAML)
                #expect(yaml.contains("  fri: 07:00-15:00"))
                #expect(yaml.contains("  phone: \"+1 312 555 0100\""))
                #expect(yaml.contains("  2027-07-05: \"Independence Day\""))
                #expect(yaml.contains("    fee: 59/month"))
                #expect(yaml.contains("  mon-thu: 08:00-12:00, 13:00-17:30"), "unchanged days keep their grouping")
                let untouched = original.split(separator: "\n").filter { line in
                    !["  fri:", "  phone:", "    fee: 49", "closures:", "  20"].contains { line.hasPrefix($0) }
                }
                for line in untouched { #expect(yaml.contains(line), "kept: \(line)") }

                let publicPage = String(buffer: try await client.execute(uri: "/w/rivera", method: .get).body)
                #expect(publicPage.contains("+1 312 555 0100"))
                #expect(publicPage.contains("$59"))

                let staff = try await OwnerSession.start(client, database, role: .staff)
                let denied = try await staff.post("/policy/settings", fields.filter { $0.0 != "csrf" })
                #expect(denied.status == .forbidden)
            }
        }
    }
}
