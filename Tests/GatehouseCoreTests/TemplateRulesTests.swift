import Foundation
import GatehouseCore
import Testing

/// Every template of every example policy, filled in for real-shaped customers and requests,
/// read against the rules that catch the slips a customer notices: a line break inside a
/// sentence, doubled blank lines, no signature or two, an unfilled placeholder, "isn't"
/// after a plural. And a few whole emails, as sent, that a person has read (Fixtures/Golden).
@Suite("Every example's templates write well")
struct TemplateRulesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/Golden")

    static func examples() throws -> [(id: String, policy: Policy)] {
        let folder = repository.appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yml") }.sorted()
        return try files.map { file in
            (String(file.dropLast(4)), try Policy.read(yaml: String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)))
        }
    }

    /// A customer and a request as they really come in. When it is out of scope, the partner it
    /// goes to may have no contact, and the extra may be priced by the first service, the last
    /// (often "on quote") or none.
    struct Request {
        var name: String; var email: String?; var subject: String; var scopeTerm: String
        var partnerContact = true
        var extraService = ExtraService.first
    }
    enum ExtraService { case first, last, none }
    static let requests = [
        Request(name: "Dana Whitfield", email: "dana@example.net", subject: "Invoice", scopeTerm: "gutters"),
        Request(name: "+13125550199", email: nil, subject: "Re: RE: Kitchen sink leaking under the cabinet again", scopeTerm: "roof",
                partnerContact: false, extraService: .none),
        Request(name: "Ken", email: "ken@example.org", subject: "", scopeTerm: "water heaters", extraService: .last),
    ]

    /// Why `request` would be out of scope, for each template that words it.
    static func outOfScope(_ policy: Policy, _ request: Request) -> [TemplateName: OutOfScope] {
        let partner = policy.referrals.first
        let service = switch request.extraService {
        case .first: policy.services.first
        case .last: policy.services.last
        case .none: nil as Service?
        }
        return [
            .scopeReferral: .referral(partner: partner?.name ?? "Lakeside Roofing",
                                      contact: request.partnerContact ? partner?.contact ?? "hello@lakeside.example" : nil,
                                      term: request.scopeTerm),
            .scopeExtra: .paidExtra(service: service.map { ServiceMention(id: $0.id, name: $0.name, price: $0.price) },
                                    term: request.scopeTerm),
            .scopeNotOffered: .notOffered(term: request.scopeTerm, excludedBy: policy.services.first?.name ?? "Repairs"),
        ]
    }

    static let now = try! ISO8601.parse("2026-12-01T14:05:00Z")

    /// The values of every placeholder, as the desk fills them for `request`.
    static func values(_ policy: Policy, _ request: Request) -> [String: String] {
        let facts = PlaybookFacts(customerName: request.name, customerEmail: request.email, plan: policy.defaultPlan,
                                  subject: request.subject, statusLink: "https://desk.example/status/Qm9hdHM",
                                  promise: now + .hours(20), reasons: [])
        var values = ReplyPlaybook.values(policy: policy, facts: facts, now: now)
        let partner = policy.referrals.first
        let more: [String: String] = [
            "callout.name": "Emergency call-out", "callout.price": "$180 per visit",
            "closure.reason": "Christmas", "closure.until": "Monday, December 28 at 8:00 AM",
            "referral.name": partner?.name ?? "Lakeside Roofing", "referral.contact": partner?.contact ?? "hello@lakeside.example",
            "job.title": "Kitchen faucet", "job.terms": Grammar.jobTerms(agreed: false),
            "job.scope": "replace the kitchen faucet and fix the leak under the sink (not included: tiling)",
            "job.price": "$480 in total", "job.time_frame": "1 working day, starting Tuesday, December 8",
            "job.next_step": "order the parts — I'll take care of it", "job.link": "https://desk.example/agree/Zm9v",
            "change.item": "a new shut-off valve", "change.price": "$95", "change.time_effect": "no change to the time frame",
            "change.link": "https://desk.example/change/YmFy",
            "decline.reason": "I don't work on commercial buildings.",
            "meeting.length": "20", "meeting.minutes_left": "20", "meeting.until": "set aside for this",
            "meeting.next_appointment": "11:00",
            "month.name": "November 2026", "allowance.total": "2h", "allowance.used": "3h 30m", "allowance.over": "1h 30m",
            "charge.amount": "$180",
            "alert.reasons": "- mentions 'leak', which the policy lists as urgent", "alert.link": "https://desk.example/alerts/1",
            "message.text": "Water is coming through the ceiling.", "customer.contact": request.email ?? request.name,
            "reply.text": "> Hi Dana, I can come Tuesday.", "reply.was_due": "Tuesday at 10:30 AM",
            "desk.link": "https://desk.example/conversations/1",
            "help.articles": "- Resetting your water heater: https://desk.example/help/reset\n  (https://desk.example/help/reset/solved)",
            "booking.kind": "Site visit", "booking.when": "Tuesday, December 8, 10:00–11:00 AM", "booking.length": "1 hour",
            "booking.place": "at 12 Lake Street", "booking.agenda": "The boiler knocks at night.",
            "booking.link": "https://desk.example/w/rivera/booking/gh_Zm9v", "booking.change_until": "Monday, December 7 at 10:00 AM",
            "booking.was": "Monday, December 7, 2:00–3:00 PM", "booking.event": "booked",
        ]
        for (name, value) in more { values[name] = value }
        values["scope.note"] = ScopeNote.write(outOfScope(policy, request)[.scopeReferral]!, policy: policy, values: values)
        return values
    }

    /// The rules a message breaks, in words; empty when it reads well.
    static func slips(_ text: String, signed: Bool, policy: Policy) -> [String] {
        var slips: [String] = []
        if text.contains("{{") || text.contains("}}") { slips.append("an unfilled placeholder") }
        if text.contains("\n\n\n") { slips.append("a doubled blank line") }
        if text.hasPrefix("\n") || text.hasSuffix("\n\n") { slips.append("blank lines at an end") }
        if signed, !policy.signature.isSignedOnce(text) { slips.append("not signed exactly once") }
        let paragraphs = Prose.paragraphs(text)
        for (number, paragraph) in paragraphs.enumerated() {
            // The signature's lines are names, not sentences.
            if signed, number == paragraphs.count - 1 { continue }
            for (index, line) in paragraph.enumerated().dropFirst() {
                let previous = paragraph[index - 1]
                let endsSentence = previous.last.map { ".!?:,;)”\"".contains($0) } ?? true
                // A list, a quote, or "Label: value" lines such as "Cost: $480 in total".
                let listLike = [line, previous].contains { $0.hasPrefix("- ") || $0.hasPrefix("  ") || $0.hasPrefix("> ") }
                    || [line, previous].allSatisfy { $0.firstMatch(of: #/^[A-Z][^:]{0,30}: /#) != nil }
                if !endsSentence, !listLike { slips.append("a line break inside a sentence: “\(previous)⏎\(line)”") }
            }
        }
        let words = text.split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
        for (index, word) in words.enumerated().dropFirst() where word == "isn't" && Grammar.isPlural(words[index - 1]) {
            slips.append("“\(words[index - 1]) isn't”")
        }
        if text.contains(" .") || text.contains("()") { slips.append("a gap where a value was empty") }
        return slips
    }

    @Test("every template of every example, for every kind of request, reads without a slip")
    func everyTemplate() throws {
        for (id, policy) in try Self.examples() {
            for request in Self.requests {
                let values = Self.values(policy, request)
                let outOfScope = Self.outOfScope(policy, request)
                for name in TemplateName.allCases {
                    // The out-of-scope notes are written as the acknowledgement writes them, from their own reason.
                    let text = outOfScope[name].map { ScopeNote.write($0, policy: policy, values: values) }
                        ?? policy.message(name, values)
                    let slips = Self.slips(text, signed: name.isSigned, policy: policy)
                    #expect(slips.isEmpty, "\(id) \(name.rawValue) for \(request.name): \(slips)\n\(text)")
                }
            }
        }
    }

    @Test("the acknowledgement as mailed ends with the status link and then one signature, for every example")
    func acknowledgementMail() throws {
        for (id, policy) in try Self.examples() {
            let text = try Self.acknowledgement(policy, at: "2026-12-01T15:05:00Z")
            #expect(Self.slips(text, signed: true, policy: policy).isEmpty, "\(id): \(text)")
            #expect(text.contains("You can see where your request stands at any time: https://desk.example/status/Qm9hdHM\n\n"),
                    "\(id)")
        }
    }

    static func acknowledgement(_ policy: Policy, at moment: String, help: String? = nil,
                                outOfScope: OutOfScope? = nil) throws -> String {
        let received = try ISO8601.parse(moment)
        let facts = AcknowledgementFacts(channel: .email, received: received, sent: received, automaticReason: nil,
                                         isOwnMessage: false, lastAcknowledgedAt: nil, urgent: nil, outOfScope: outOfScope,
                                         plan: policy.defaultPlan, customerName: "Dana Whitfield",
                                         customerEmail: "dana@example.net", subject: "Invoice",
                                         statusLink: "https://desk.example/status/Qm9hdHM")
        let acknowledgement = Acknowledgement.decide(facts, policy: policy, calendar: BusinessCalendar(policy: policy),
                                                     interval: .hours(1))
        return acknowledgement.mailText(help: help, statusLink: facts.statusLink, policy: policy)
    }

    /// The golden emails: the plain-text body exactly as it is sent (wrapped, format=flowed).
    static func goldens() throws -> [(file: String, body: String)] {
        let examples = Dictionary(uniqueKeysWithValues: try examples().map { ($0.id, $0.policy) })
        let plumber = examples["plumber-chicago"]!
        let designer = examples["designer-berlin"]!
        var referral = values(plumber, requests[0])
        referral["referral.name"] = "Lakeside Roofing"
        referral["referral.contact"] = "hello@lakeside.example"
        return [
            // Tuesday 09:05 in Chicago: open, the plumber's own hard-wrapped acknowledgement.
            ("plumber-acknowledgement.txt", MailWrap.flowed(try acknowledgement(plumber, at: "2026-12-01T15:05:00Z"))),
            // Tuesday 16:05 in Berlin: the designer's own words, with her closing kept.
            ("designer-acknowledgement.txt", MailWrap.flowed(try acknowledgement(designer, at: "2026-12-01T15:05:00Z"))),
            ("plumber-job-summary.txt", MailWrap.flowed(plumber.message(.jobSummary, values(plumber, requests[0])) + "\n")),
            // Gutters, which the plumber refers to Lakeside Roofing: the default note, then the status line.
            ("plumber-out-of-scope.txt", MailWrap.flowed(try acknowledgement(
                plumber, at: "2026-12-01T15:05:00Z",
                outOfScope: .referral(partner: "Lakeside Roofing", contact: "hello@lakeside.example", term: "gutters")))),
        ]
    }

    @Test("the golden emails read as a person checked them")
    func goldenEmails() throws {
        for golden in try Self.goldens() {
            let url = Self.golden.appendingPathComponent(golden.file)
            if ProcessInfo.processInfo.environment["GATEHOUSE_RECORD_GOLDEN"] == "1" {
                try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
                try golden.body.write(to: url, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOf: url, encoding: .utf8)
            #expect(golden.body == expected, "\(golden.file) changed; read it, then record with GATEHOUSE_RECORD_GOLDEN=1")
        }
    }
}
