import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
import GatehouseTestSupport
import GatehouseWeb
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A business whose Care plan costs 49 a month with two hours of the owner's time, for reports.
let reportPolicy = """
    business:
      name: Rivera Plumbing
      timezone: America/Chicago
      email: office@rivera.example
    hours:
      mon-fri: 08:00-17:00
    services:
      - id: repair
        name: Repairs
        price: 120/hour
    plans:
      - id: standard
      - id: care
        fee: 49/month
        allowance: 2h/month
    """

/// `start` (21 September 2026) is in this month.
let reportMonth = "2026-09"

@Suite("Pages and API: reports")
struct ReportsPageTests {
    /// Rivera with a customer whose name would be markup and a formula, past the allowance, and
    /// another workspace whose customer must never show.
    static func seed(_ database: Database) async throws -> (workspace: Workspace, tricky: Customer) {
        let workspace = try await Workspaces(database: database).create(slug: "rivera", policyYAML: reportPolicy, actor: "test",
                                                                      now: start)
        let other = try await Workspaces(database: database).create(slug: "other", policyYAML: reportPolicy, actor: "test",
                                                                  now: start)
        let customers = Customers(database: database, workspaceID: workspace.id)
        let tricky = try await customers.create(CustomerDraft(name: "=cmd <b>Lopez</b> & \"Co\"", planID: "care",
                                                              emails: ["maria@example.org"]), actor: "test", now: start)
        let calm = try await customers.create(CustomerDraft(name: "Calm Customer", planID: "care"), actor: "test", now: start)
        _ = try await Conversations(database: database, workspaceID: workspace.id)
            .create(customerID: tricky.id, subject: "Radiators", channel: .email, now: start)
        let entries = TimeEntries(database: database, workspaceID: workspace.id)
        let t = start.secondsSince1970 - 5 * 86_400
        _ = try await entries.add(TimeEntryDraft(customerID: tricky.id, startedAt: t, endedAt: t + 130 * 60, note: "=SUM(A1), \"fixed\""),
                                  userID: "owner", now: start)
        _ = try await entries.add(TimeEntryDraft(customerID: calm.id, startedAt: t + 86_400, endedAt: t + 86_400 + 600, urgent: true),
                                  userID: "owner", now: start)
        // The calm customer's new boiler: most of the revenue for little of the time.
        try await Charges(database: database, workspaceID: workspace.id)
            .add(customerID: calm.id, kind: .job, description: "New boiler", amountCents: 40_000, chargedAt: start - TimeSpan.hours(48))
        let stranger = try await Customers(database: database, workspaceID: other.id)
            .create(CustomerDraft(name: "Stranger Things", planID: "care"), actor: "test", now: start)
        _ = try await TimeEntries(database: database, workspaceID: other.id)
            .add(TimeEntryDraft(customerID: stranger.id, startedAt: t, endedAt: t + 9 * 3600), userID: "them", now: start)
        return (workspace, tricky)
    }

    @Test("the page draws the month as charts with escaped names, shows only this workspace, and refuses a bad month",
          arguments: DatabaseBackend.allCases)
    func page(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            _ = try await Self.seed(database)
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let page = try await owner.get("/reports?month=\(reportMonth)")
                #expect(page.status == .ok)
                #expect(page.html.contains("September 2026"))
                #expect(page.html.contains("href=\"/reports?month=2026-08\""))
                #expect(page.html.contains("href=\"/reports?month=2026-10\""))
                // Each chart drawn for a phone's width and for a desktop's, its text never under 13 units.
                #expect(page.html.contains("<svg class=\"chart chart-narrow\" width=\"316\""))
                #expect(page.html.contains("<svg class=\"chart chart-wide\" width=\"960\""))
                #expect(!page.html.contains("font-size=\"11\"") && !page.html.contains("font-size=\"12\""))
                #expect(page.html.contains("<title id=\"share-narrow-title\">Time per customer against revenue, September 2026</title>"))
                #expect(page.html.contains("Share of the plan&#39;s monthly allowance used (%)")
                    || page.html.contains("Share of the plan's monthly allowance used (%)"))
                #expect(page.html.contains("=cmd &lt;b&gt;Lopez&lt;/b&gt; &amp; &quot;Co&quot;"))
                #expect(!page.html.contains("<b>Lopez</b>"))
                #expect(!page.html.contains("Stranger"))
                #expect(page.html.contains("10 minutes on urgent matters"))
                // 2h10 of the Care plan's 2h: the drafted note is offered, with its suggested amount.
                #expect(page.html.contains("is past the allowance: review the additional-charge note"))
                #expect(page.html.contains("value=\"30.00\""))
                // Who is worth a conversation: 93% of the time for 10% of revenue (49 of 498).
                #expect(page.html.contains("93% of your time for 10% of revenue; worth a healthy-distance conversation"))
                #expect(page.html.contains("Extra revenue from change orders</dt><dd>$0.00"))

                // A month with nothing in it reads as sentences, not as a wall of zeros.
                let empty = try await owner.get("/reports?month=2026-03")
                #expect(empty.html.contains("None yet in March 2026"))
                #expect(empty.html.contains("No promise fell due in March 2026"))
                #expect(!empty.html.contains("allowance-narrow-title"), "no chart of zeros for the allowance")
                #expect(!empty.html.contains("promises-narrow-title") && !empty.html.contains("share-narrow-title"))

                let bad = try await owner.get("/reports?month=2026-13")
                #expect(bad.status == .badRequest)
                #expect(bad.html.contains("month: &#39;2026-13&#39; is not a month") || bad.html.contains("month: '2026-13' is not a month")
                    || bad.html.contains("month: &#x27;2026-13&#x27; is not a month"))
            }
        }
    }

    @Test("CSV downloads: RFC 4180 with CRLF, names and notes quoted, formulas defused, another workspace left out",
          arguments: DatabaseBackend.allCases)
    func csv(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let seeded = try await Self.seed(database)
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let response = try await client.execute(uri: "/reports/monthly.csv?month=\(reportMonth)", method: .get,
                                                        headers: [.cookie: owner.cookie])
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"gatehouse-report-2026-09.csv\"")
                let text = String(buffer: response.body)
                let lines = text.components(separatedBy: "\r\n")
                #expect(lines[0].hasPrefix("month,customer_id,customer,plan,time_minutes"))
                #expect(lines[1].hasPrefix("2026-09,\(seeded.tricky.id),\"'=cmd <b>Lopez</b> & \"\"Co\"\"\",Care,130,130,120,108,reached,49.00,0.00"))
                #expect(lines.count == 4 && lines[3].isEmpty)
                #expect(!text.contains("Stranger"))

                let entries = try await owner.get("/reports/time-entries.csv?month=\(reportMonth)&customer=\(seeded.tricky.id)")
                #expect(entries.status == .ok)
                let rows = entries.html.components(separatedBy: "\r\n")
                #expect(rows.count == 3)
                #expect(rows[1].hasSuffix(",yes,no,manual,,,owner,\"'=SUM(A1), \"\"fixed\"\"\""))
                #expect(rows[1].contains("2026-09-16T"))
            }
        }
    }

    @Test("the owner sends the reviewed additional-charge note: it waits in the outbox and the charge is recorded once",
          arguments: DatabaseBackend.allCases)
    func additionalCharge(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let seeded = try await Self.seed(database)
            try await intakeApplication(database).test(.router) { client in
                let owner = try await OwnerSession.start(client, database)
                let forged = try await owner.post("/reports/additional-charge", [("month", reportMonth), ("customer", seeded.tricky.id.rawValue),
                                                                                 ("amount", "30"), ("text", "Hi")], csrf: "wrong")
                #expect(forged.status == .forbidden)
                let noAmount = try await owner.post("/reports/additional-charge", [("month", reportMonth),
                                                                                   ("customer", seeded.tricky.id.rawValue),
                                                                                   ("amount", "thirty"), ("text", "Hi")])
                #expect(noAmount.status == .unprocessableContent)
                #expect(String(buffer: noAmount.body).contains("Amount: write the amount in USD"))
                let sent = try await owner.post("/reports/additional-charge", [
                    ("month", reportMonth), ("customer", seeded.tricky.id.rawValue), ("amount", "30.00"),
                    ("text", "Hi, the extra 10 minutes come to 30.00 USD."),
                ])
                #expect(sent.status == .seeOther)
                #expect(sent.headers[.location] == "/reports?month=2026-09&done=charge#allowance-heading")
                let emails = try await Outbox(database: database, workspaceID: seeded.workspace.id).list()
                #expect(emails.count == 1)
                #expect(emails.first?.recipient == "maria@example.org")
                let page = try await owner.get("/reports?month=\(reportMonth)&done=charge")
                #expect(page.html.contains("The note is in the outbox"))
                #expect(!page.html.contains("is past the allowance: review the additional-charge note"))
                #expect(page.html.contains("and $430.00 in charges"), "the $30.00 charge joins the $400.00 already charged")
            }
        }
    }

    @Test("the API gives the month as JSON and CSV, refuses a bad month naming the field, and sees one workspace",
          arguments: DatabaseBackend.allCases)
    func api(backend: DatabaseBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let seeded = try await Self.seed(database)
            let made = TokenMaker.make()
            _ = try await APITokens(database: database).create(workspaceID: seeded.workspace.id, name: "test", tokenHash: made.hash,
                                                               createdBy: nil, now: start)
            let auth: HTTPFields = [.authorization: "Bearer \(made.token)"]
            try await application(database).test(.router) { client in
                try await client.execute(uri: "/api/v1/reports/monthly?month=Sept", method: .get, headers: auth) { response throws in
                    #expect(response.status == .badRequest)
                    let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                    let error = body?["error"] as? [String: Any]
                    #expect(error?["field"] as? String == "month")
                    #expect((error?["message"] as? String)?.hasPrefix("month: expected a month written YYYY-MM") == true)
                }
                try await client.execute(uri: "/api/v1/reports/monthly?month=\(reportMonth)", method: .get, headers: auth) { response throws in
                    #expect(response.status == .ok)
                    let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                    #expect(body["month"] as? String == "2026-09")
                    #expect(body["revenue_cents"] as? Int == 49_800)
                    #expect(body["time_minutes"] as? Int == 140)
                    let customers = try #require(body["customers"] as? [[String: Any]])
                    #expect(customers.count == 2)
                    #expect(customers.first?["additional_charge_due"] as? Bool == true)
                    #expect(customers.first?["healthy_distance"] as? Bool == true)
                    #expect(!String(buffer: response.body).contains("Stranger"))
                }
                try await client.execute(uri: "/api/v1/reports/time-entries.csv?month=\(reportMonth)", method: .get,
                                         headers: auth) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).components(separatedBy: "\r\n").count == 4)
                }
                try await client.execute(uri: "/api/v1/reports/monthly.csv", method: .get, headers: auth) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).hasPrefix("month,customer_id"))
                }
            }
        }
    }
}
