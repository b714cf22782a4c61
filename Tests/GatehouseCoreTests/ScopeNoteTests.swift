import GatehouseCore
import Testing

/// The two sentences every acknowledgement may carry besides the owner's own template: the
/// note about a request outside the services, and the line with the status link. Both are
/// the owner's to word (`scope_referral`, `scope_extra`, `scope_not_offered`, `status_link`).
@Suite("The out-of-scope note and the status line are the owner's words")
struct ScopeNoteTests {
    static let yaml = """
        business:
          name: Rivera Plumbing & Heating
          owner: Alex Rivera
          timezone: America/Chicago
          phone: "+1 312 555 0142"
        hours:
          mon-fri: 08:00-17:00
        services:
          - id: repair
            name: Repairs
            price: 120/hour
            covers: [leaks, faucets]
            excludes: [drywall]
          - id: install
            name: Installations
            price: quote
            covers: [water heater install]
        referrals:
          - name: Reliable Gutters
            for: [gutters]
            contact: "+1 312 555 0199"

        """

    static func policy(templates: String = "") throws(PolicyError) -> Policy {
        try Policy.read(yaml: yaml + (templates.isEmpty ? "" : "templates:\n" + templates))
    }

    static let link = "https://desk.example/status/Qm9hdHM"

    /// A message taken in by triage on Tuesday at 10:05 in Chicago, acknowledged and mailed as the desk mails it.
    static func mailed(_ text: String, policy: Policy) throws -> (Acknowledgement, String) {
        let received = try ISO8601.parse("2026-12-01T16:05:00Z")
        let assessment = Triage(policy: policy).assess(
            InboundMessage(channel: .email, subject: "Outside", text: text, sentAt: received, earlierUnanswered: 0),
            from: CustomerStanding(planID: nil), now: received)
        let facts = AcknowledgementFacts(
            channel: .email, received: received, sent: received, automaticReason: nil, isOwnMessage: false,
            lastAcknowledgedAt: nil, urgent: nil, outOfScope: assessment.scope.verdict.outOfScope,
            plan: policy.defaultPlan, customerName: "Dana Whitfield", customerEmail: "dana@example.net",
            subject: "Outside", statusLink: link)
        let acknowledgement = Acknowledgement.decide(facts, policy: policy, calendar: BusinessCalendar(policy: policy),
                                                     interval: .hours(1))
        return (acknowledgement, acknowledgement.mailText(help: nil, statusLink: link, policy: policy))
    }

    static func note(_ reason: OutOfScope) throws -> String { ScopeNote.write(reason, policy: try policy()) }

    static let repairs = ServiceMention(id: "repair", name: "Repairs", price: .amount(cents: 12000, per: "hour"))

    @Test("by default the note names what was asked, in the customer's words, and its verb agrees: gutters aren't, drywall isn't")
    func defaults() throws {
        #expect(try Self.note(.referral(partner: "Reliable Gutters", contact: "+1 312 555 0199", term: "gutters"))
                == "Gutters aren't something I do myself, but Reliable Gutters (+1 312 555 0199) does it well.")
        #expect(try Self.note(.referral(partner: "Lakeside Roofing", contact: "hello@lakeside.example", term: "roof"))
                == "Roof isn't something I do myself, but Lakeside Roofing (hello@lakeside.example) does it well.")
        #expect(try Self.note(.notOffered(term: "drywall", excludedBy: "Repairs")) == "Drywall isn't part of what I offer.")
        #expect(try Self.note(.notOffered(term: "water heaters", excludedBy: "Repairs"))
                == "Water heaters aren't part of what I offer.")
        #expect(try Self.note(.paidExtra(service: Self.repairs, term: "gutter cleaning"))
                == "Gutter cleaning would be extra work (Repairs, $120 per hour).")
        let installations = ServiceMention(id: "install", name: "Installations", price: .quote)
        #expect(try Self.note(.paidExtra(service: installations, term: "a new water heater"))
                == "A new water heater would be extra work (Installations, priced on quote).")
    }

    @Test("a partner without a contact, or an extra no service prices, leaves no empty brackets")
    func nothingToBracket() throws {
        #expect(try Self.note(.referral(partner: "Reliable Gutters", contact: nil, term: "gutters"))
                == "Gutters aren't something I do myself, but Reliable Gutters does it well.")
        #expect(try Self.note(.paidExtra(service: nil, term: "gutter cleaning")) == "Gutter cleaning would be extra work.")
        // Only brackets that hold nothing but empty values go; the owner's own brackets stay.
        let (template, _) = ReplyTemplate.parse("Call {{referral.name}} ({{referral.contact}}) (they're quick).")
        #expect(template.render(["referral.name": "Reliable Gutters"]) == "Call Reliable Gutters (they're quick).")
        #expect(template.render(["referral.name": "Reliable Gutters", "referral.contact": "+1 312 555 0199"])
                == "Call Reliable Gutters (+1 312 555 0199) (they're quick).")
    }

    @Test("by default every acknowledgement ends with where the customer can see their request, then one signature")
    func defaultStatusLine() throws {
        let (acknowledgement, mail) = try Self.mailed("Could you clean the gutters on our house?", policy: try Self.policy())
        #expect(acknowledgement.template == .outOfScopeAcknowledgement)
        #expect(mail.contains("Thank you for your message. Gutters aren't something I do myself, but Reliable Gutters "
                              + "(+1 312 555 0199) does it well. I'll come back to you with options by"))
        #expect(mail.hasSuffix("\n\nYou can see where your request stands at any time: \(Self.link)\n\nAlex Rivera\n"
                               + "Rivera Plumbing & Heating\n"))
        #expect(!mail.contains("The status of your request"))
    }

    @Test("an owner's own status line and own out-of-scope words appear in the acknowledgement, filled like it")
    func ownWords() throws {
        let policy = try Self.policy(templates: """
              status_link: |
                Dana's page for this request, {{customer.first_name}}: {{request.link}}
              scope_referral: |
                I leave {{scope.term}} to {{referral.name}}: {{scope.term}} {{scope.is}}
                their trade (ring {{referral.contact}}).
              scope_not_offered: "Sorry — {{scope.term}} {{scope.is_not}} my line of work."

            """)
        let (_, gutters) = try Self.mailed("Could you clean the gutters on our house?", policy: policy)
        #expect(gutters.contains("Thank you for your message. I leave gutters to Reliable Gutters: gutters are their trade "
                                 + "(ring +1 312 555 0199). I'll come back"))
        #expect(gutters.contains("\n\nDana's page for this request, Dana: \(Self.link)\n\nAlex Rivera\n"))
        let (acknowledgement, drywall) = try Self.mailed("The drywall in the hall needs patching.", policy: policy)
        #expect(drywall.contains("Thank you for your message. Sorry — drywall isn't my line of work. I'll come back"))
        #expect(acknowledgement.reasons.contains { $0.contains("in the words of scope_not_offered") })
    }

    @Test("a status line that comes out empty (a placeholder with no value) leaves no blank paragraph")
    func emptyStatusLine() throws {
        let policy = try Self.policy(templates: "  status_link: \"{{business.website}}\"\n")
        let (_, mail) = try Self.mailed("Could you clean the gutters on our house?", policy: policy)
        #expect(mail.contains("I'll come back to you with options by"))
        #expect(mail.hasSuffix(".\n\nAlex Rivera\nRivera Plumbing & Heating\n"), "\(mail)")
        #expect(!mail.contains("\n\n\n"))
    }

    @Test("a status line or out-of-scope template with an unknown placeholder is reported, with a suggestion")
    func unknownPlaceholder() throws {
        let problems: [String]
        do {
            _ = try Self.policy(templates: """
                  status_link: "See {{request.lnk}}"
                  scope_referral: |
                    {{scope.term}} {{scope.isnt}} for me; try {{referral.name}}.

                """)
            problems = []
        } catch {
            problems = error.diagnostics.map(\.description)
        }
        #expect(problems.contains { $0.contains("templates.status_link: unknown placeholder {{request.lnk}}; did you mean 'request.link'?") },
                "\(problems)")
        #expect(problems.contains { $0.contains("templates.scope_referral: unknown placeholder {{scope.isnt}}; did you mean") },
                "\(problems)")
    }
}
