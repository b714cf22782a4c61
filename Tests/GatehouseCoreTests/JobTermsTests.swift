import GatehouseCore
import Testing

@Suite("Jobs: the summary, change orders and their rules")
struct JobTermsTests {
    static let policy = try! Policy.read(yaml: """
        business:
          name: Rivera Plumbing
          timezone: America/Chicago
          currency: USD
        hours:
          mon-fri: 08:00-17:00
        closures:
          2026-12-24..2026-12-25: Christmas
        services:
          - id: repair
            name: Repairs
            price: 120/hour
            covers: [leaks, faucets]
          - id: install
            name: Installations
            price: quote
            covers: [water heater install]
          - id: inspection
            name: Inspections
            price: 95
            covers: [inspection]
        plans:
          - id: care
            fee: 49/month
        """)

    static let facts = PlaybookFacts(customerName: "Dana Whitfield", customerEmail: "dana@example.com",
                                     plan: policy.plans[0], subject: "Kitchen faucet", statusLink: "", promise: nil, reasons: [])
    static let now = try! ISO8601.parse("2026-11-23T09:00:00-06:00")

    static func job(_ price: Job.Price, frame: Job.TimeFrame = Job.TimeFrame()) -> Job {
        Job(id: "j1", customerID: "c1", title: "Kitchen faucet", price: price, serviceID: nil, timeFrame: frame,
            nextStep: "I order the faucet", nextStepOwner: .us,
            items: [.init(kind: .included, text: "replace the kitchen faucet"), .init(kind: .included, text: "new shut-off valve"),
                    .init(kind: .excluded, text: "tiling")], createdAt: now)
    }

    @Test("the job summary gives scope, cost, time frame, next step and the agreement link in one message")
    func summary() {
        let job = Self.job(.fixed(cents: 48_000), frame: Job.TimeFrame(startsOn: CivilDate(year: 2026, month: 12, day: 7),
                                                                       endsOn: CivilDate(year: 2026, month: 12, day: 8)))
        let text = JobSummary.text(job: job, policy: Self.policy, facts: Self.facts, link: "https://desk.example/agree/t0k",
                                   now: Self.now)
        #expect(text.hasPrefix("Hi Dana,"))
        #expect(text.contains("What's included: replace the kitchen faucet and new shut-off valve (not included: tiling)"))
        #expect(text.contains("Cost: $480 in total"))
        #expect(text.contains("Time frame: from Monday, December 7, 2026 to Tuesday, December 8, 2026"))
        #expect(text.contains("Next step: I order the faucet — I'll take care of it"))
        #expect(text.contains("https://desk.example/agree/t0k"))
        // Accepted change orders are part of the price the summary gives.
        #expect(JobWords.price(.fixed(cents: 48_000), acceptedExtraCents: 9_000, business: us)
                == "$570 in total ($480 as first agreed, plus $90 for the agreed changes)")
    }

    @Test("an hourly price gives the rate, the estimate and what it comes to; time frames read naturally")
    func words() {
        #expect(JobWords.price(.hourly(rateCents: 12_000, estimate: .minutes(150)), serviceName: "Repairs", business: us)
                == "$120 an hour (the Repairs rate), about 2 hours 30 minutes (about $300)")
        #expect(JobWords.timeFrame(Job.TimeFrame(days: 3), locale: us.locale) == "3 working days, starting on a day we agree")
        #expect(JobWords.timeFrame(Job.TimeFrame(endsOn: CivilDate(year: 2026, month: 12, day: 11)), locale: us.locale)
                == "finished by Friday, December 11, 2026")
        #expect(JobWords.timeFrame(Job.TimeFrame(endsOn: CivilDate(year: 2026, month: 12, day: 11)), locale: BusinessLocale("en-GB"))
                == "finished by Friday, 11 December 2026")
        #expect(JobWords.timeFrame(Job.TimeFrame(), locale: us.locale) == "to be agreed together")
    }

    @Test("a leak asked for during a faucet job is priced at the Repairs rate for an hour; an install waits for a quote")
    func proposals() {
        let leak = ChangeOrderProposal.make(term: "leaks", serviceID: "repair", policy: Self.policy)
        #expect(leak.priceCents == 12_000)
        #expect(leak.estimate == .hours(1))
        #expect(leak.reasons == ["priced at the Repairs rate, $120 an hour, for an estimated 1 hour; change the estimate if it will take longer"])
        #expect(ChangeOrderProposal.price(serviceID: "repair", estimate: .minutes(90), policy: Self.policy) == 18_000)
        let install = ChangeOrderProposal.make(term: "water heater install", serviceID: "install", policy: Self.policy)
        #expect(install.priceCents == nil)
        #expect(install.reasons == ["Installations is priced by quote, so write the price you quote for 'water heater install'"])
        #expect(ChangeOrderProposal.make(term: "inspection", serviceID: "inspection", policy: Self.policy).priceCents == 9_500)
        #expect(ChangeOrderProposal.make(term: "roof", serviceID: nil, policy: Self.policy).priceCents == nil)

        let message = ChangeOrderProposal.message(item: "fix the bathroom leak", priceCents: 12_000, extraDays: 1,
                                                  link: "https://desk.example/change/abc", policy: Self.policy,
                                                  facts: Self.facts, now: Self.now)
        #expect(message.contains("Happy to help with fix the bathroom leak. It is outside of what we originally agreed, so it "
                                 + "would be an additional $120 (it adds 1 working day to the time frame). Would you be "
                                 + "comfortable with that?"))
        #expect(message.contains("https://desk.example/change/abc"))
    }

    @Test("a change is answered only once, only when sent, and never after the job closed")
    func decisions() throws {
        #expect(throws: Never.self) { try ChangeOrderDecision.check(order: .sent, job: .inProgress) }
        #expect(throws: JobProblem(field: "change", "this change was already accepted on Monday 10:00; nothing more to do")) {
            try ChangeOrderDecision.check(order: .accepted, decidedAt: "Monday 10:00", job: .agreed)
        }
        #expect(throws: JobProblem(field: "change", "this change has not been sent yet")) {
            try ChangeOrderDecision.check(order: .draft, job: .agreed)
        }
        #expect(throws: JobProblem.self) { try ChangeOrderDecision.check(order: .sent, job: .cancelled) }
        #expect(throws: JobProblem(field: "status", "a proposed job cannot become done (it can become agreed, in progress or cancelled)")) {
            try JobProgress.check(from: .proposed, to: .done)
        }
    }

    @Test("two extra working days after Wednesday 23 December skip Christmas and the weekend")
    func extendedTimeFrame() throws {
        let calendar = BusinessCalendar(policy: Self.policy)
        let frame = Job.TimeFrame(endsOn: CivilDate(year: 2026, month: 12, day: 23), days: 5)
            .extended(byWorkingDays: 2, calendar: calendar)
        #expect(frame.endsOn == CivilDate(year: 2026, month: 12, day: 29))
        #expect(frame.days == 7)
        #expect(Job.cents(rate: 12_000, for: .minutes(20)) == 4_000)
    }

    @Test("a job's terms are trimmed, empty items dropped, and each problem names its field")
    func jobDraftChecks() throws {
        let draft = JobDraft(customerID: "c", title: "  Kitchen faucet ", price: .fixed(cents: 15_000), nextStep: " call ",
                             items: [.init(kind: .included, text: " cartridge "), .init(kind: .excluded, text: "  ")])
        let checked = try draft.checked()
        #expect(checked.title == "Kitchen faucet")
        #expect(checked.nextStep == "call")
        #expect(checked.items == [.init(kind: .included, text: "cartridge")])
        var untitled = draft
        untitled.title = " "
        #expect(throws: JobProblem(field: "title", "give the job a title")) { try untitled.checked() }
        var nothingIncluded = draft
        nothingIncluded.items = [.init(kind: .excluded, text: "tiling")]
        #expect(throws: JobProblem(field: "included", "write at least one thing the job includes")) { try nothingIncluded.checked() }
        var backwards = draft
        backwards.timeFrame = Job.TimeFrame(startsOn: CivilDate(year: 2026, month: 12, day: 7), endsOn: CivilDate(year: 2026, month: 12, day: 1))
        #expect(throws: JobProblem(field: "ends_on", "the end (2026-12-01) comes before the start (2026-12-07)")) { try backwards.checked() }
    }

    @Test("a change order's terms need the extra work named, a price of 0 or more, and at most 365 extra days")
    func changeOrderTermsChecks() throws {
        #expect(try ChangeOrderTerms(item: " leak under sink ", priceCents: 0, message: " ok ").checked().item == "leak under sink")
        #expect(throws: JobProblem(field: "item", "say what the extra work is")) {
            try ChangeOrderTerms(item: "", priceCents: 100, message: "").checked()
        }
        #expect(throws: JobProblem(field: "price", "between 0 and 100,000,000")) {
            try ChangeOrderTerms(item: "x", priceCents: -1, message: "").checked()
        }
        #expect(throws: JobProblem(field: "extra_days", "between 0 and 365 working days")) {
            try ChangeOrderTerms(item: "x", priceCents: 1, extraDays: 366, message: "").checked()
        }
    }

    @Test("an extra added on a Repairs job without a price is priced at the Repairs rate for an hour; one with a price keeps it")
    func extraOnJob() {
        let unpriced = ChangeOrderProposal.onJob(item: "leak under the sink", priceCents: nil, extraDays: 1, jobServiceID: "repair",
                                                 policy: Self.policy)
        #expect(unpriced.priceCents == 12_000)
        #expect(unpriced.estimate == .hours(1))
        #expect(unpriced.serviceID == "repair")
        #expect(unpriced.extraDays == 1)
        let priced = ChangeOrderProposal.onJob(item: "leak", priceCents: 9_000, extraDays: 0, jobServiceID: "repair", policy: Self.policy)
        #expect(priced.priceCents == 9_000 && priced.estimate == nil)
        let quoted = ChangeOrderProposal.onJob(item: "install", priceCents: nil, extraDays: 0, jobServiceID: "install", policy: Self.policy)
        #expect(quoted.priceCents == nil, "a service priced by quote leaves the price to the owner")
    }
}

/// A business in the United States, writing dollars and dates the American way.
private let us = Business(name: "Rivera Plumbing & Heating", timeZoneIdentifier: "America/Chicago", currency: "USD",
                          locale: BusinessLocale("en-US"))
