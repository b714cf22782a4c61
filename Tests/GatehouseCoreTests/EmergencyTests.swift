import GatehouseCore
import Testing

/// Urgent matters by the owner's rules, for every customer: what happens to them, what the
/// customer is promised and told, and where they go in the owner's week.
@Suite("Emergencies")
struct EmergencyTests {
    /// The plumber of the examples, with the urgent rules a trade would choose: an emergency
    /// call-out at $180 for customers without urgent access, and a call back within 30 minutes.
    static func plumber(hours: String = "always", withoutAccess: String = "without_access: callout\n  callout: emergency")
        -> String {
        TriagePolicies.plumber
            .replacingOccurrences(of: "  reach_by: phone\n", with: """
                  reach_by: phone
                  respond_within: 30m
                  hours: \(hours)
                  \(withoutAccess)

                """)
            .replacingOccurrences(of: "services:\n", with: """
                services:
                  - id: emergency
                    name: Emergency call-out
                    price: 180/visit
                    covers: [emergency call-out]

                """)
    }

    static func policy(_ yaml: String) throws -> Policy { try Policy.read(yaml: yaml) }

    /// What the desk makes of one message: the assessment and the acknowledgement.
    static func handle(_ text: String, policy: Policy, plan: String? = nil, at local: String)
        throws -> (Assessment, Acknowledgement) {
        let received = try ISO8601.parse(local)
        let assessment = Triage(policy: policy).assess(
            InboundMessage(channel: .webForm, subject: "Help", text: text, sentAt: received, earlierUnanswered: 0),
            from: CustomerStanding(planID: plan), now: received)
        let facts = AcknowledgementFacts(
            channel: .webForm, received: received, sent: received, automaticReason: nil, isOwnMessage: false,
            lastAcknowledgedAt: nil, urgent: assessment.urgency.verdict.handling, outOfScope: nil,
            plan: assessment.plan.verdict, customerName: "Maya Ortiz", customerEmail: "maya@example.org",
            subject: "Help", statusLink: "https://desk.example/status/abc")
        let acknowledgement = Acknowledgement.decide(facts, policy: policy, calendar: BusinessCalendar(policy: policy),
                                                     interval: .hours(1))
        return (assessment, acknowledgement)
    }

    @Test("a first-time visitor writing 'my basement is flooding, burst pipe' on Sunday at 23:00 to a plumber whose policy offers a $180 emergency call-out is in Do now, the owner is alerted, and she is offered the call-out with its price")
    func strangerFloodedBasement() throws {
        let policy = try Self.policy(Self.plumber())
        let (assessment, acknowledgement) = try Self.handle("my basement is flooding, burst pipe", policy: policy, plan: nil,
                                                            at: "2026-03-08T23:00:00-05:00")
        guard case .urgent(_, .callout(let service)) = assessment.urgency.verdict else {
            Issue.record("expected the call-out, got \(assessment.urgency.verdict)")
            return
        }
        #expect(service.id == "emergency")
        #expect(assessment.urgency.verdict.handling?.alertsOwner == true)
        #expect(assessment.quadrant.verdict == .doNow)
        #expect(assessment.quadrant.reasons == [
            "do now: urgent by the policy's signs, and the policy offers the Emergency call-out to customers without "
                + "urgent access, so the owner is needed now",
        ])
        #expect(acknowledgement.template == .urgentCallout)
        #expect(acknowledgement.text.contains("an emergency call-out, which is $180 per visit"))
        #expect(acknowledgement.text.contains("Please call +1 312 555 0142 now"))
        #expect(acknowledgement.text.contains("by Sunday, March 8 at 11:30 PM"))
        #expect(!acknowledgement.text.lowercased().contains("plan"), "she never chose a plan: \(acknowledgement.text)")
    }

    @Test("a Care-plan customer's burst pipe at 00:10 is promised a call back by 00:40, with one promise and no window in the reasons")
    func carePlanAtMidnight() throws {
        let policy = try Self.policy(Self.plumber())
        let (assessment, acknowledgement) = try Self.handle("A burst pipe is flooding the basement!", policy: policy,
                                                            plan: "care", at: "2026-03-12T00:10:00-05:00")
        #expect(assessment.urgency.verdict.handling == .included)
        #expect(assessment.quadrant.verdict == .doNow)
        #expect(acknowledgement.template == .urgentAcknowledgement)
        #expect(acknowledgement.promise?.due == (try ISO8601.parse("2026-03-12T00:40:00-05:00")))
        #expect(acknowledgement.text.contains("by Thursday, March 12 at 12:40 AM"))
        let promises = acknowledgement.reasons.filter { $0.hasPrefix("promise:") }
        #expect(promises == ["promise: Thursday, March 12 at 12:40 AM"])
        #expect(!acknowledgement.reasons.contains { $0.contains("response window") || $0.contains("replies wait") },
                "\(acknowledgement.reasons)")
    }

    @Test("outside the urgent hours (07:00–22:00) the customer is told honestly when the owner will see it and what to do meanwhile")
    func outsideUrgentHours() throws {
        let yaml = Self.plumber(hours: "07:00-22:00").replacingOccurrences(
            of: "  respond_within: 30m\n", with: "  respond_within: 30m\n  meanwhile: Turn the water off at the main valve.\n")
        let policy = try Self.policy(yaml)
        let (_, acknowledgement) = try Self.handle("burst pipe in the kitchen", policy: policy, plan: "care",
                                                   at: "2026-03-12T00:10:00-05:00")
        #expect(acknowledgement.template == .urgentAfterHours)
        #expect(acknowledgement.promise?.due == (try ISO8601.parse("2026-03-12T07:30:00-05:00")))
        #expect(acknowledgement.text.contains("I take urgent matters 7:00 AM – 10:00 PM every day"))
        #expect(acknowledgement.text.contains("by Thursday, March 12 at 7:30 AM"))
        #expect(acknowledgement.text.contains("Turn the water off at the main valve."))
        #expect(acknowledgement.reasons.contains {
            $0.hasPrefix("urgent: it arrived outside the urgent hours (7:00 AM – 10:00 PM every day)")
        })
    }

    @Test("'URGENT!!! call me about my invoice' is not urgent, so nobody is alerted and the usual promise stands")
    func loudInvoice() throws {
        let policy = try Self.policy(Self.plumber())
        let (assessment, acknowledgement) = try Self.handle("URGENT!!! call me about my invoice", policy: policy,
                                                            plan: "care", at: "2026-03-10T11:00:00-05:00")
        #expect(assessment.urgency.verdict == .notUrgent)
        #expect(assessment.urgency.verdict.handling?.alertsOwner != true)
        #expect(acknowledgement.template == .acknowledgement)
    }

    @Test("a plumber who refers urgent work from customers without urgent access points them to the partner, in Delegate or refer")
    func referral() throws {
        let policy = try Self.policy(Self.plumber(withoutAccess: "without_access: refer\n  refer_to: Lakeside Roofing"))
        let (assessment, acknowledgement) = try Self.handle("water is leaking through the ceiling", policy: policy,
                                                            plan: "standard", at: "2026-03-10T11:00:00-05:00")
        #expect(assessment.urgency.verdict.handling == .referral(partner: "Lakeside Roofing", contact: "hello@lakeside.example"))
        #expect(assessment.quadrant.verdict == .delegateOrRefer)
        #expect(acknowledgement.template == .urgentReferral)
        #expect(acknowledgement.text.contains("Lakeside Roofing can help you straight away (hello@lakeside.example)."))
        #expect(!acknowledgement.text.lowercased().contains("plan"))
        // A partner known by name only: no empty brackets, no "straight away: ."
        let nameOnly = policy.message(.urgentReferral, ["customer.first_name": "Ana", "referral.name": "Lakeside Roofing",
                                                         "referral.contact": "", "promise": "today 12:00 PM"])
        #expect(nameOnly.contains("Lakeside Roofing can help you straight away. I'll also get back to you by today 12:00 PM."), "\(nameOnly)")
    }

    @Test("at the next opening: the customer is told the message is first in the next reply round, without a word about plans")
    func nextOpening() throws {
        let policy = try Self.policy(Self.plumber(withoutAccess: "without_access: next_opening"))
        let (assessment, acknowledgement) = try Self.handle("no heat since this morning", policy: policy,
                                                            plan: "standard", at: "2026-03-10T11:00:00-05:00")
        #expect(assessment.quadrant.verdict == .schedule)
        #expect(acknowledgement.template == .urgentWithoutAccess)
        #expect(acknowledgement.text.contains("first in my next reply round"))
        #expect(!acknowledgement.text.lowercased().contains("plan"))
    }

    @Test("urgent rules that name what the policy lacks are refused at their line, with what to write instead", arguments: [
        ("without_access: callout\n  callout: emergancy", "urgent.callout is 'emergancy', but no service has that id"),
        ("without_access: callout", "urgent.without_access is callout, but urgent.callout does not name the service"),
        ("without_access: refer\n  refer_to: Lakeside", "urgent.refer_to is 'Lakeside', but no referral has that name"),
        ("without_access: callback", "'callback' is not a choice for urgent.without_access"),
        ("without_access: callout\n  callout: install", "whose price is on quote"),
    ])
    func refused(rule: String, message: String) {
        do {
            _ = try Policy.read(yaml: Self.plumber(withoutAccess: rule))
            Issue.record("the policy was read")
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains(message) }, "\(error.diagnostics.map(\.message))")
        }
    }

    @Test("a correction replaces the reasons it contradicts: one account, no repeated line, the owner's placement first")
    func correctionReplacesReasons() throws {
        let policy = try Self.policy(Self.plumber())
        let (assessment, acknowledgement) = try Self.handle("A burst pipe is flooding the basement!", policy: policy,
                                                            plan: "care", at: "2026-03-12T00:10:00-05:00")
        let triage = assessment.reasons + acknowledgement.reasons
        let before = OwnerJudgement.standing(urgent: true, quadrant: assessment.quadrant.verdict,
                                             important: assessment.importance.verdict.isImportant,
                                             scope: ScopeFinding(assessment.scope.verdict),
                                             urgentRule: policy.urgent.withoutAccess)
        var after = before
        after.urgent = false
        let reasons = after.reasons(replacing: triage, before: before)
        #expect(reasons.first == "schedule: you marked it important but not urgent")
        #expect(reasons.contains("not urgent: you marked it not urgent"))
        #expect(!reasons.contains { $0.hasPrefix("urgent") || $0.hasPrefix("do now:") || $0.hasPrefix("promise:") }, "\(reasons)")
        #expect(Set(reasons).count == reasons.count)
    }

    @Test("a stranger's urgent matter the policy handles at the next opening stays there when the owner only changes its scope")
    func standingUnderTheRule() {
        let before = OwnerJudgement.standing(urgent: true, quadrant: .schedule, important: nil, scope: .unclear,
                                             urgentRule: .nextOpening)
        #expect(!before.important)
        var after = before
        after.scope = .inScope
        #expect(after.placement.verdict == .schedule)
        let callout = OwnerJudgement.standing(urgent: true, quadrant: .doNow, important: nil, scope: .unclear,
                                              urgentRule: .callout(serviceID: "emergency"))
        #expect(callout.placement.verdict == .doNow)
    }

    @Test("How we work tells customers the urgent promise and what happens without the urgent route, with the price")
    func explained() throws {
        let text = PolicyExplanation(policy: try Self.policy(Self.plumber())).text
        #expect(text.contains("When it's urgent, we answer within 30 minutes, at any time, day or night."))
        #expect(text.contains("New customer, or a plan without the urgent route? We still come: an emergency call-out is $180 a visit."))
        let daily = PolicyExplanation(policy: try Self.policy(Self.plumber(hours: "07:00-22:00"))).text
        #expect(daily.contains("we answer within 30 minutes, every day from 7:00 AM to 10:00 PM."))
    }

    @Test("urgent hours that are not a time span are refused with the choices")
    func badHours() {
        do {
            _ = try Policy.read(yaml: Self.plumber(hours: "nights"))
            Issue.record("the policy was read")
        } catch {
            #expect(error.diagnostics.contains { $0.message.hasPrefix("urgent.hours:") && $0.message.contains("07:00-22:00") })
        }
    }
}
