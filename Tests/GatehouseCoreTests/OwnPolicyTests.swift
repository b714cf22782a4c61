import Foundation
import GatehouseCore
import Testing

@Suite("Setup: the owner's own policy, shaped like an example but never carrying its business")
struct OwnPolicyTests {
    static func example(_ id: String) throws -> String {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/GatehouseWeb/Resources/Examples/\(id).yml")
        return try String(contentsOf: file, encoding: .utf8)
    }

    static func novak() -> PolicyAnswers {
        var answers = PolicyAnswers()
        answers.businessName = "Novak Plumbing"
        answers.email = "office@novak-plumbing.example"
        answers.phone = "+1 212 555 0199"
        answers.website = "https://novak-plumbing.example"
        answers.timeZone = "America/New_York"
        for day in [Weekday.monday, .tuesday, .wednesday, .thursday, .friday] { answers.hours[day] = "7am-4pm" }
        answers.hours[.saturday] = "8-noon"
        answers.windows = "10:30, 3:30 pm"
        answers.closures = "2026-12-25 Christmas Day\n2026-12-24: 7am-noon\n2026-12-31..2027-01-01"
        answers.phoneChannel = .urgentOnly
        answers.urgentDefinition = "Water where it should not be, or no heat in winter."
        answers.urgentSigns = ["burst pipe", "flooding", "no heat", "Flooding"]
        return answers
    }

    @Test("The owner's name from setup signs every message, over the business's name")
    func ownerSigns() throws {
        var answers = Self.novak()
        answers.owner = "Rosa Novak"
        let written = try OwnPolicy.write(answers, shapedLike: try Self.example("plumber-chicago")).get()
        #expect(written.yaml.contains("  owner: \"Rosa Novak\"\n"))
        let policy = try Policy.read(yaml: written.yaml)
        #expect(policy.signature.lines == ["Rosa Novak", "Novak Plumbing"])
        #expect(!written.yaml.contains("Alex Rivera"), "the example's owner never travels")
    }

    @Test("Typed hours are written the way policies spell them")
    func typedHours() throws {
        #expect(try TypedHours.day("7am-4pm").get() == "07:00-16:00")
        #expect(try TypedHours.day("8:00 am – noon, 1 pm to 5:30 pm").get() == "08:00-12:00, 13:00-17:30")
        #expect(try TypedHours.day("8-5").get() == "08:00-17:00")
        #expect(try TypedHours.day("22:00-06:00").get() == "22:00-06:00")
        #expect(try TypedHours.day("9pm-midnight").get() == "21:00-24:00")
        #expect(try TypedHours.day("").get() == "closed")
        #expect(try TypedHours.day("Closed").get() == "closed")
        #expect(try TypedHours.clocks("10:30, 3:30pm").get() == ["10:30", "15:30"])
        #expect(throws: TypedHours.Problem.self) { try TypedHours.day("after lunch").get() }
        #expect(throws: TypedHours.Problem.self) { try TypedHours.day("13pm-2pm").get() }
        #expect(throws: TypedHours.Problem.self) { try TypedHours.clock("25:00").get() }
    }

    @Test("Novak's answers make Novak's policy, and nothing of Rivera's travels with the shape")
    func novakFromThePlumberExample() throws {
        let written = try OwnPolicy.write(Self.novak(), shapedLike: Self.example("plumber-chicago")).get()
        let policy = try Policy.read(yaml: written.yaml)
        #expect(policy.business.name == "Novak Plumbing")
        #expect(policy.business.timeZoneIdentifier == "America/New_York")
        #expect(policy.business.phone == "+1 212 555 0199")
        #expect(policy.hours[.monday].map(\.description) == ["07:00-16:00"])
        #expect(policy.hours[.saturday].map(\.description) == ["08:00-12:00"])
        #expect(policy.hours[.sunday].isEmpty)
        #expect(policy.closures.count == 3)
        #expect(policy.channels[.phone].status == .urgentOnly)
        #expect(policy.urgent.reachBy == .phone)
        #expect(policy.urgent.signs == ["burst pipe", "flooding", "no heat"])
        #expect(!policy.services.isEmpty, "the example's services were kept as asked")
        #expect(policy.urgent.withoutAccess == .callout(serviceID: "emergency"),
                "the example's call-out came with its services, for her to check the price")
        #expect(policy.urgent.respondWithin == nil, "how soon urgent matters are answered is hers to promise, not the example's")
        for rivera in ["Rivera", "rivera.example", "312 555 0142", "Lakeside", "Thanksgiving", "2026-11-26"] {
            #expect(!written.yaml.contains(rivera), "the saved policy must not carry '\(rivera)'")
        }
        #expect(written.notes.contains { $0.contains("referral partners were left out") })
        #expect(written.notes.contains { $0.contains("4 closures were left out") })
    }

    @Test("A template that names the reply times by placeholder follows the owner's windows; one that writes other times out is left out, and says so")
    func templatesFollowTheOwnersWindows() throws {
        var answers = Self.novak()
        answers.windows = "9:00, 14:00"
        let example = try Self.example("plumber-chicago")
        let kept = try OwnPolicy.write(answers, shapedLike: example).get()
        let policy = try Policy.read(yaml: kept.yaml)
        let template = try #require(policy.templates[.acknowledgement])
        #expect(template.text.contains("{{hours.reply_times}}"))
        #expect(policy.message(.acknowledgement, ["hours.reply_times": policy.business.locale.list(
            policy.responseWindows.starts.map(policy.business.locale.time))]).contains("I answer messages at 9:00 AM and 2:00 PM"))

        let writtenOut = example.replacingOccurrences(of: "{{hours.reply_times}}", with: "10:30 and 15:30")
        let written = try OwnPolicy.write(answers, shapedLike: writtenOut).get()
        #expect(try Policy.read(yaml: written.yaml).templates[.acknowledgement] == nil)
        #expect(written.notes.contains { $0.contains("acknowledgement template was left out because it mentions 10:30") })

        let same = try OwnPolicy.write(Self.novak(), shapedLike: Self.example("plumber-chicago")).get()
        #expect(try Policy.read(yaml: same.yaml).templates[.acknowledgement] != nil)
    }

    @Test("Without the example's offer, and without a phone, urgent matters reach the owner by email")
    func noOfferNoPhone() throws {
        var answers = Self.novak()
        answers.keepOffer = false
        answers.phone = ""
        answers.phoneChannel = .notAccepted
        let written = try OwnPolicy.write(answers, shapedLike: Self.example("designer-berlin")).get()
        let policy = try Policy.read(yaml: written.yaml)
        #expect(policy.services.isEmpty)
        #expect(policy.urgent.reachBy == .email)
        #expect(policy.business.currency == "EUR", "the currency the example's prices were in, unless the owner chose one")
        #expect(!written.yaml.lowercased().contains("studio-lenz"))
        #expect(!written.yaml.contains("Winter break"))
    }

    @Test("Every wrong answer is named by its field, all at once")
    func problemsNameTheirFields() throws {
        var answers = Self.novak()
        answers.businessName = " "
        answers.timeZone = "New York"
        answers.hours[.tuesday] = "7am till late"
        answers.windows = "half past ten"
        answers.closures = "2026-12-25 Christmas\nChristmas Eve"
        answers.email = "office at novak"
        let problems = try #require(OwnPolicy.write(answers, shapedLike: Self.example("plumber-chicago")).failure)
        #expect(problems.all.map(\.field) == ["business", "timezone", "business_email", "hours_tue", "windows", "closures"])
        #expect(problems.all.last?.sentence == "closures: line 2: 'Christmas' is not a date; write it like 2026-12-25 or 2026-12-24..2026-12-26")
    }

    @Test("Every shipped example gives a valid start for a new owner")
    func everyExample() throws {
        for id in ["plumber-chicago", "designer-berlin", "it-support-sydney"] {
            var answers = Self.novak()
            answers.windows = ""
            let written = try OwnPolicy.write(answers, shapedLike: Self.example(id)).get()
            _ = try Policy.read(yaml: written.yaml)
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}

@Suite("Go live: the checklist measures what has happened")
struct GoLiveChecklistTests {
    @Test("a policy still carrying an example's business is named, and the owner's own is not")
    func borrowed() throws {
        let examples = try ["plumber-chicago", "designer-berlin"].map(OwnPolicyTests.example)
        let rivera = try OwnPolicyTests.example("plumber-chicago")
        #expect(OwnPolicy.borrowedDetails(in: rivera, examples: examples)
                == ["Rivera Plumbing & Heating", "office@rivera.example", "+1 312 555 0142", "https://rivera.example",
                    "Lakeside Roofing", "hello@lakeside.example"])
        let novak = try OwnPolicy.write(OwnPolicyTests.novak(), shapedLike: rivera).get()
        #expect(OwnPolicy.borrowedDetails(in: novak.yaml, examples: examples).isEmpty)
    }

    @Test("each step is done by what happened, and the list goes away when all are done or it is put away")
    func steps() {
        var facts = GoLiveChecklist.Facts(borrowedDetails: ["Rivera Plumbing & Heating"])
        var list = GoLiveChecklist(facts, slug: "novak")
        #expect(list.shown)
        #expect(list.doneCount == 0)
        #expect(list.steps[0].detail.contains("“Rivera Plumbing & Heating”"))
        #expect(list.steps[1].linkText == "Set up sending")
        facts.borrowedDetails = []
        facts.sendingSetUp = true
        list = GoLiveChecklist(facts, slug: "novak")
        #expect(list.steps.map(\.done) == [true, false, false, false, false])
        #expect(list.steps[1].linkText == "Send a test email", "set up but not yet known to work")
        facts.mailAccepted = true
        facts.emailReceived = true
        facts.contactFormUsed = true
        facts.replySent = true
        #expect(!GoLiveChecklist(facts, slug: "novak").shown)
        facts.replySent = false
        facts.dismissed = true
        #expect(!GoLiveChecklist(facts, slug: "novak").shown)
    }
}

@Suite("The desk's public address")
struct PublicAddressTests {
    @Test("written without a trailing slash; anything that is not a web address is refused with why")
    func normalised() throws {
        #expect(try PublicAddress.normalised(" https://desk.novak.example/ ").get() == "https://desk.novak.example")
        #expect(try PublicAddress.normalised("http://127.0.0.1:8080").get() == "http://127.0.0.1:8080")
        #expect(try PublicAddress.normalised("https://example.com/desk").get() == "https://example.com/desk")
        for wrong in ["desk.novak.example", "ftp://x.example", "https://", "https://a b.example", "https://x.example/?q=1"] {
            #expect(throws: PublicAddress.Problem.self, "\(wrong)") { try PublicAddress.normalised(wrong).get() }
        }
    }
}
