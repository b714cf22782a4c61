import GatehouseCore
import Testing

/// Triage by the plumber's, the designer's and the IT shop's own policies:
/// urgent only by their signs, important by plan, job and deadline, and scope
/// by their services and referrals.
@Suite("Triage")
struct TriageTests {
    /// Sunday 8 March 2026, 09:00 in Chicago: the plumber is closed.
    static let sunday = try! ISO8601.parse("2026-03-08T09:00:00-05:00")
    /// Tuesday 10 March 2026, 11:00 in Chicago.
    static let tuesday = try! ISO8601.parse("2026-03-10T11:00:00-05:00")

    static func plumber(_ text: String, subject: String = "", channel: Channel = .email, plan: String? = "standard",
                        job: JobScope? = nil, activeJob: Bool = false, followUps: Int = 0,
                        at sent: Instant = tuesday) -> Assessment {
        TriagePolicies.plumberTriage.assess(
            InboundMessage(channel: channel, subject: subject, text: text, sentAt: sent, earlierUnanswered: followUps),
            from: CustomerStanding(planID: plan, hasActiveJob: activeJob, job: job), now: sent + .minutes(1))
    }

    // MARK: Urgency

    @Test("a care-plan customer writing 'the pipe burst and the basement is flooding' on Sunday is urgent, and the Care plan includes urgent access")
    func carePlanBurstPipe() {
        let assessment = Self.plumber("the pipe burst and the basement is flooding", plan: "care", at: Self.sunday)
        #expect(assessment.urgency.verdict == .urgent(signs: ["burst pipe", "flooding"], handling: .included))
        #expect(assessment.urgency.reasons.first == "urgent: mentions 'burst pipe' (as 'pipe burst') and 'flooding', "
            + "which the policy lists as urgent signs; the Care plan includes urgent access")
        #expect(assessment.urgency.reasons.contains("urgent matters reach the owner by phone"))
        #expect(assessment.quadrant.verdict == .doNow)
        #expect(assessment.assessedAt == Self.sunday + .minutes(1))
    }

    @Test("'URGENT!!! call me' with no urgent sign is not urgent, and the reason says loudness does not count")
    func loudSubject() {
        let assessment = Self.plumber("call me", subject: "URGENT!!!", plan: "care")
        #expect(assessment.urgency.verdict == .notUrgent)
        #expect(assessment.urgency.reasons.contains(
            "'URGENT' in the subject is not one of the urgent signs in the policy, so it does not make this urgent"))
        #expect(assessment.urgency.reasons.contains("exclamation marks do not make a message urgent"))
        #expect(assessment.urgency.reasons.first?.hasPrefix("not urgent: the message mentions none of the policy's urgent signs") == true)
    }

    @Test("'ASAP' and 'emergency' are not signs of the plumber, so they do not make a message urgent")
    func loudWords() {
        let assessment = Self.plumber("This is an emergency, the faucet drips, come ASAP")
        #expect(assessment.urgency.verdict == .notUrgent)
        #expect(assessment.urgency.reasons.contains(
            "'emergency' in the message is not one of the urgent signs in the policy, so it does not make this urgent"))
        #expect(assessment.urgency.reasons.contains(
            "'ASAP' in the message is not one of the urgent signs in the policy, so it does not make this urgent"))
    }

    @Test("a standard-plan customer reporting a leak, to a plumber whose policy says nothing more, is handled first at the next opening")
    func standardPlanLeak() {
        let assessment = Self.plumber("There's water leaking from the ceiling")
        #expect(assessment.urgency.verdict == .urgent(signs: ["leak"], handling: .nextOpening))
        #expect(assessment.urgency.reasons.first == "urgent: mentions 'leak' (as 'leaking'), which the policy lists as "
            + "urgent; the Standard plan does not include urgent access, so by the policy it is handled first at the "
            + "next opening and the customer is told so kindly")
        #expect(assessment.quadrant.verdict == .schedule)
        #expect(assessment.quadrant.reasons == [
            "schedule: urgent by the policy's signs; without urgent access the policy handles it first at the next opening",
        ])
    }

    @Test("a customer with an unknown plan is judged on the default Standard plan")
    func unknownPlan() {
        let assessment = Self.plumber("the basement flooded", plan: "gold")
        #expect(assessment.plan.verdict.id == "standard")
        #expect(assessment.plan.reasons == ["the customer's plan 'gold' is not in the policy, so the default Standard plan applies"])
        #expect(assessment.urgency.verdict == .urgent(signs: ["flooding"], handling: .nextOpening))
        #expect(Self.plumber("the basement flooded", plan: nil).plan.verdict.id == "standard")
    }

    @Test("denied and unrelated mentions are not urgent", arguments: [
        "there is no leak any more",
        "not urgent, but the faucet drips",
        "I don't smell gas anymore, thanks for asking",
        "the basement never flooded, but could you check the toilet?",
        "there is heat again, no problem",
        "there is no water leak under the sink",
        "we have no water heater yet and would like one",
    ])
    func notUrgent(text: String) {
        #expect(Self.plumber(text, plan: "care").urgency.verdict == .notUrgent)
    }

    @Test("signs that mean the owner's words are urgent, however they are inflected or ordered", arguments: [
        ("I smell gas in the kitchen", "gas smell"),
        ("there is a strong gas smell", "gas smell"),
        ("we have had no heat since this morning", "no heat"),
        ("no hot water at all", "no water"),
        ("the pipes burst overnight", "burst pipe"),
        ("the toilet leaks", "leak"),
        ("no leak, but the cellar is flooding", "flooding"),
    ])
    func urgentSigns(text: String, sign: String) {
        #expect(Self.plumber(text, plan: "care").urgency.verdict == .urgent(signs: [sign], handling: .included))
    }

    @Test("'not urgent' is not reported as loudness, and the denied leak is explained")
    func deniedReasons() {
        let quiet = Self.plumber("not urgent, but the faucet drips")
        #expect(!quiet.urgency.reasons.contains { $0.contains("'urgent'") })
        let denied = Self.plumber("there is no leak any more")
        #expect(denied.urgency.reasons.contains("'leak' in the message is denied by 'no', so it does not count as the urgent sign 'leak'"))
        let heater = Self.plumber("we have no water heater yet")
        #expect(heater.urgency.reasons.contains { $0.contains("is about 'water heaters'") })
    }

    @Test("five follow-ups don't raise urgency, importance or the quadrant, and the reasons say so")
    func followUps() {
        let first = Self.plumber("the faucet drips", followUps: 0)
        let fifth = Self.plumber("the faucet drips", followUps: 5)
        #expect(fifth.urgency.verdict == first.urgency.verdict)
        #expect(fifth.importance.verdict == first.importance.verdict)
        #expect(fifth.quadrant.verdict == first.quadrant.verdict)
        #expect(fifth.quadrant.verdict == .someday)
        #expect(fifth.urgency.reasons.contains(
            "5 earlier unanswered messages in this conversation do not make it more urgent; only the policy's urgent signs do"))
        #expect(fifth.importance.reasons.contains("follow-ups do not make a message more important"))
    }

    @Test("capitals don't raise urgency, and the reasons say so")
    func capitals() {
        let calm = Self.plumber("the faucet drips, please call me")
        let shouted = Self.plumber("THE FAUCET DRIPS, PLEASE CALL ME!!")
        #expect(shouted.urgency.verdict == calm.urgency.verdict)
        #expect(shouted.quadrant.verdict == calm.quadrant.verdict)
        #expect(shouted.urgency.reasons.contains("writing in capitals ('THE FAUCET DRIPS PLEASE') does not make a message urgent"))
        // Capitals do not hide a real sign either.
        #expect(Self.plumber("BASEMENT IS FLOODING").urgency.verdict.isUrgent)
    }

    // MARK: Channels

    @Test("an SMS to a plumber who does not take SMS is kept, judged, and carries the redirect text")
    func smsNotAccepted() {
        let assessment = Self.plumber("the pipe burst", channel: .sms, plan: "care")
        let redirect = "Please email office@rivera.example; for emergencies call +1 312 555 0142."
        #expect(assessment.channel.verdict == .notAccepted(redirect: redirect))
        #expect(assessment.channel.reasons == [
            "text message is not a channel the business answers; the message is kept, and the customer is told: \"\(redirect)\"",
        ])
        #expect(assessment.urgency.verdict.isUrgent)
    }

    @Test("the phone is for urgent matters: an urgent call uses the route, a non-urgent one is answered in turn")
    func phoneUrgentOnly() {
        #expect(Self.plumber("no heat in the house", channel: .phone, plan: "care").channel.verdict == .urgentRoute)
        let drip = Self.plumber("the faucet drips", channel: .phone, plan: "care")
        #expect(drip.channel.verdict == .urgentOnlyButNotUrgent)
        #expect(Self.plumber("the faucet drips").channel.verdict == .accepted)
    }

    @Test("a chat message to the designer, who does not chat, carries her redirect")
    func designerChat() {
        let assessment = TriagePolicies.designerTriage.assess(
            InboundMessage(channel: .chat, text: "hi, quick question about the logo", sentAt: Self.tuesday),
            from: .new, now: Self.tuesday)
        #expect(assessment.channel.verdict == .notAccepted(
            redirect: "I don't do chat so that nothing gets lost: please email hallo@studio-lenz.example."))
        #expect(assessment.scope.verdict.serviceID == "identity")
    }

    // MARK: Scope

    @Test("a message about gutters is out of scope, referred to Lakeside Roofing")
    func gutters() {
        let assessment = Self.plumber("Could you clean our gutters this spring?")
        #expect(assessment.scope.verdict == .outOfScope(.referral(partner: "Lakeside Roofing",
                                                                 contact: "hello@lakeside.example", term: "gutters")))
        #expect(assessment.scope.reasons.first
            == "out of scope: mentions 'gutters', which the policy refers to Lakeside Roofing (hello@lakeside.example)")
        #expect(assessment.quadrant.verdict == .delegateOrRefer)
    }

    @Test("a water heater install is in scope for Installations, priced on quote, not Repairs")
    func waterHeaterInstall() {
        let assessment = Self.plumber("We'd like a new water heater installed next month")
        #expect(assessment.scope.verdict == .inScope(
            service: ServiceMention(id: "install", name: "Installations", price: .quote), term: "water heater install"))
        #expect(assessment.scope.reasons.first
            == "in scope: mentions 'water heater install', which the Installations service covers (priced on quote)")
    }

    @Test("a dripping faucet is in scope for Repairs at 120/hour")
    func faucet() {
        let assessment = Self.plumber("the faucets in the bathroom drip")
        #expect(assessment.scope.verdict.serviceID == "repair")
        #expect(assessment.scope.reasons.first == "in scope: mentions 'faucets', which the Repairs service covers (at 120/hour)")
    }

    @Test("something unrelated to the policy is of unclear scope")
    func unrelated() {
        let assessment = Self.plumber("Do you know a good place for lunch near the office?")
        #expect(assessment.scope.verdict == .unclear)
        #expect(assessment.scope.reasons == [
            "scope unclear: the message mentions none of the services, exclusions or referral topics in the policy",
        ])
    }

    @Test("a denied topic does not count for scope")
    func deniedScope() {
        let assessment = Self.plumber("this is not about the gutters")
        #expect(assessment.scope.verdict == .unclear)
        #expect(assessment.scope.reasons.contains("'gutters' in the message is denied by 'not', so it is not counted for scope"))
    }

    @Test("with an agreed job, a service the job does not include is a paid extra")
    func paidExtraService() {
        let job = JobScope(agreed: ["replace kitchen faucet"])
        let extra = Self.plumber("While you're here, we also need a water heater installed", job: job)
        #expect(extra.scope.verdict == .outOfScope(.paidExtra(
            service: ServiceMention(id: "install", name: "Installations", price: .quote), term: "water heater install")))
        #expect(extra.scope.reasons.first == "out of scope: mentions 'water heater install', which Installations covers "
            + "but the agreed job does not include; it can be offered as a paid extra (priced on quote)")
        let inJob = Self.plumber("the new faucet is leaking already", job: job)
        #expect(inJob.scope.verdict.serviceID == "repair")
        #expect(inJob.scope.reasons.first?.hasSuffix("part of the agreed job") == true)
    }

    @Test("with an agreed job, an excluded item is a paid extra, or a referral when a partner takes it")
    func jobExclusions() {
        let job = JobScope(agreed: ["replace kitchen faucet"], excluded: ["bathroom sink", "gutters"])
        let sink = Self.plumber("can you look at the bathroom sink too?", job: job)
        #expect(sink.scope.verdict == .outOfScope(.paidExtra(service: nil, term: "bathroom sink")))
        #expect(sink.scope.reasons.first
            == "out of scope: mentions 'bathroom sink', which the agreed job excludes; it can be offered as a paid extra (priced on quote)")
        let gutters = Self.plumber("and the gutters?", job: job)
        #expect(gutters.scope.verdict == .outOfScope(.referral(partner: "Lakeside Roofing",
                                                              contact: "hello@lakeside.example", term: "gutters")))
        #expect(gutters.importance.verdict.factors == [.activeJob])
    }

    @Test("a message naming in-scope and out-of-scope work is judged by the out-of-scope part, and lists both")
    func mixedScope() {
        let assessment = Self.plumber("the toilet runs all night, and the roof needs looking at")
        #expect(assessment.scope.verdict == .outOfScope(.referral(partner: "Lakeside Roofing",
                                                                 contact: "hello@lakeside.example", term: "roof")))
        #expect(assessment.scope.reasons.contains("also in scope: mentions 'toilets', which the Repairs service covers (at 120/hour)"))
    }

    @Test("the IT shop refers custom apps to Circuit Software; the designer refers hosting to Kuhn")
    func otherReferrals() {
        let it = TriagePolicies.itSupportTriage.assess(
            InboundMessage(channel: .email, text: "We want some custom apps built", sentAt: Self.tuesday),
            from: .new, now: Self.tuesday)
        #expect(it.scope.verdict == .outOfScope(.referral(partner: "Circuit Software", contact: "hello@circuit.example",
                                                         term: "custom apps")))
        let design = TriagePolicies.designerTriage.assess(
            InboundMessage(channel: .email, text: "Can you also do the hosting for the new site?", sentAt: Self.tuesday),
            from: .new, now: Self.tuesday)
        #expect(design.scope.verdict == .outOfScope(.referral(partner: "Kuhn Web Development",
                                                             contact: "team@kuhn-dev.example", term: "hosting")))
    }

    // MARK: Other policies' urgency

    @Test("the IT shop's signs, with its own wording", arguments: [
        ("The server is down since 7am", true),
        ("I can't log in to my laptop", true),
        ("we can log in again, all good", false),
        ("our email is down!", true),
        ("Could you reset my password? URGENT", false),
    ])
    func itSupport(text: String, urgent: Bool) {
        let assessment = TriagePolicies.itSupportTriage.assess(
            InboundMessage(channel: .email, text: text, sentAt: Self.tuesday),
            from: CustomerStanding(planID: "business"), now: Self.tuesday)
        #expect(assessment.urgency.verdict.isUrgent == urgent)
    }

    @Test("the designer's retainer client with wrong files at the printer and a print deadline is do-now")
    func designerPrintDeadline() {
        let assessment = TriagePolicies.designerTriage.assess(
            InboundMessage(channel: .email, subject: "print deadline",
                           text: "The printer has the wrong files, we need new ones by noon", sentAt: Self.tuesday),
            from: CustomerStanding(planID: "retainer"), now: Self.tuesday)
        #expect(assessment.urgency.verdict == .urgent(signs: ["print deadline"], handling: .included))
        #expect(assessment.importance.verdict.factors == [.plan(name: "Design retainer"), .deadline("deadline"),
                                                          .deadline("by noon")])
        #expect(assessment.quadrant.verdict == .doNow)
    }

    // MARK: Importance and quadrants

    @Test("a deadline ('before Friday') makes a standard-plan message important, so it is scheduled")
    func deadlineImportance() {
        let without = Self.plumber("could you look at the faucet?")
        let with = Self.plumber("could you look at the faucet before Friday?")
        #expect(!without.importance.verdict.isImportant)
        #expect(with.importance.verdict.factors == [.deadline("before Friday")])
        #expect(with.importance.reasons.first == "important: a deadline ('before Friday')")
        #expect(with.importance.reasons.contains("the message mentions a deadline ('before Friday'), which makes it more important"))
        #expect(without.quadrant.verdict == .someday)
        #expect(with.quadrant.verdict == .schedule)
    }

    @Test("the Care plan and an active job make a message important; the free Standard plan does not")
    func planImportance() {
        #expect(Self.plumber("the faucet drips", plan: "care").importance.verdict.factors == [.plan(name: "Care")])
        #expect(Self.plumber("the faucet drips", activeJob: true).importance.verdict.factors == [.activeJob])
        let free = Self.plumber("the faucet drips")
        #expect(free.importance.verdict.factors.isEmpty)
        #expect(free.importance.reasons.first
            == "not important: the Standard plan is free, there is no job under way and no deadline is mentioned")
    }

    @Test("the four quadrants, by urgency and importance", arguments: [
        ("care", "the pipe burst", Quadrant.doNow),
        ("standard", "the pipe burst", Quadrant.schedule),
        ("care", "the faucet drips", Quadrant.schedule),
        ("standard", "the faucet drips", Quadrant.someday),
    ])
    func quadrants(plan: String, text: String, quadrant: Quadrant) {
        let assessment = Self.plumber(text, plan: plan)
        #expect(assessment.quadrant.verdict == quadrant)
        #expect(assessment.quadrant.reasons.first?.hasPrefix(quadrant.rawValue.replacingOccurrences(of: "-", with: " ") + ":") == true)
    }

    @Test("urgent and important beats a referral: a flooding gutter on the Care plan is do-now")
    func urgentReferral() {
        let assessment = Self.plumber("the gutters overflowed and the basement is flooding", plan: "care")
        #expect(assessment.scope.verdict == .outOfScope(.referral(partner: "Lakeside Roofing",
                                                                 contact: "hello@lakeside.example", term: "gutters")))
        #expect(assessment.quadrant.verdict == .doNow)
    }

    @Test("every assessment explains itself in every part")
    func reasonsEverywhere() {
        let assessment = Self.plumber("hello")
        #expect(!assessment.urgency.reasons.isEmpty)
        #expect(!assessment.channel.reasons.isEmpty)
        #expect(!assessment.importance.reasons.isEmpty)
        #expect(!assessment.scope.reasons.isEmpty)
        #expect(!assessment.quadrant.reasons.isEmpty)
        #expect(!assessment.plan.reasons.isEmpty)
        #expect(assessment.reasons.first == assessment.urgency.reasons.first)
        #expect(assessment.reasons.last == assessment.plan.reasons.last)
    }
}
