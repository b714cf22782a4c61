import GatehouseCore
import Testing

@Suite("The reply playbook")
struct ReplyPlaybookTests {
    static let yaml = """
        business:
          name: Rivera Plumbing
          timezone: America/Chicago
          phone: "+1 312 555 0142"
        hours:
          mon-fri: 08:00-17:00
        plans:
          - id: standard
          - id: care
            meeting_length: 20m
        referrals:
          - name: Lakeside Roofing
            for: [roof, gutters]
            contact: hello@lakeside.example
          - name: Brightside Electric
            for: [wiring]
        templates:
          decline: |
            Dear {{customer.first_name}}, I must say no: {{decline.reason}}
        """

    static func drafts(reasons: [String] = []) throws -> [PlaybookDraft] {
        let policy = try Policy.read(yaml: yaml)
        let facts = PlaybookFacts(customerName: "Tom Reed", customerEmail: "tom@example.net", plan: policy.plan(id: "care")!,
                                  subject: "Gutters", statusLink: "https://desk.example/status/abc",
                                  promise: try ISO8601.parse("2026-11-23T15:30:00-06:00"), reasons: reasons)
        return ReplyPlaybook.drafts(policy: policy, facts: facts, now: try ISO8601.parse("2026-11-23T09:00:00-06:00"))
    }

    @Test("offers the consolidated answer, the extra-charge question, each partner, another time, a clear no and the time box")
    func kinds() throws {
        let drafts = try Self.drafts()
        #expect(drafts.map(\.id) == ["answer", "out_of_scope", "referral", "referral", "another_time", "decline", "time_box"])
        let answer = try #require(drafts.first)
        #expect(answer.text.hasPrefix("Hi Tom,"))
        #expect(answer.text.contains("What it costs: [the price]"))
        #expect(answer.text.contains("Thank you for your message about “Gutters”."))
        #expect(answer.text.hasSuffix("\n\nRivera Plumbing"))
        #expect(drafts[1].text.contains("Would you be comfortable with that?"))
        #expect(drafts.last?.text == "I have 20 minutes set aside for this, so let's make the most of them.")
    }

    @Test("the partner the triage named comes first, and the owner's own template outranks the default")
    func partnerAndOwnWords() throws {
        let drafts = try Self.drafts(reasons: ["delegate or refer: the work is for Brightside Electric, a partner the policy refers it to"])
        let referrals = drafts.filter { $0.id == "referral" }
        #expect(referrals.first?.label == "Say no kindly: refer to Brightside Electric")
        #expect(referrals.first?.text.contains("Brightside Electric does it well — you can reach them at [how to reach them]") == true)
        #expect(referrals.last?.text.contains("hello@lakeside.example") == true)
        #expect(drafts.first { $0.id == "decline" }?.text == "Dear Tom, I must say no: [the reason, in a sentence]\n\nRivera Plumbing")
    }
}
