import Foundation
import GatehouseCore
import Testing

@Suite("The policy form: everyday edits written into the owner's file, the rest kept as written")
struct PolicyFormTests {
    let plumber: String
    let answers: PolicyAnswers

    init() throws {
        plumber = try OwnPolicyTests.example("plumber-chicago")
        answers = PolicyForm.answers(from: try Policy.read(yaml: plumber))
    }

    @Test("the form shows the policy in typed words; sent back unchanged, the file is not touched")
    func unchanged() throws {
        #expect(answers.businessName == "Rivera Plumbing & Heating")
        #expect(answers.hours[.monday] == "08:00-12:00, 13:00-17:30")
        #expect(answers.hours[.saturday] == "closed")
        #expect(answers.windows == "10:30, 15:30")
        #expect(answers.closures.hasPrefix("2026-11-26 Thanksgiving\n2026-12-24 08:00-12:00\n2026-12-25..2026-12-26 Christmas"))
        #expect(answers.plans.map(\.fee) == ["0/month", "49/month"])
        #expect(answers.plans.map(\.allowance) == ["none", "2h/month"])
        let edit = try PolicyForm.apply(answers, to: plumber).get()
        #expect(edit.yaml == plumber)
        #expect(edit.changed.isEmpty)
    }

    @Test("changed details, hours, holidays, reply times, channels, signs and a plan's fee are written; comments and untouched sections stay")
    func edits() throws {
        var changed = answers
        changed.phone = "+1 312 555 0100"
        for day in [Weekday.monday, .tuesday, .wednesday, .thursday] { changed.hours[day] = "7am-4pm" }
        changed.closures += "\n2027-07-05 Independence Day"
        changed.windows = "9am, 2pm"
        changed.smsChannel = .accepted
        changed.urgentSigns.append("sewer backup")
        changed.plans[1].fee = "59/month"
        let edit = try PolicyForm.apply(changed, to: plumber).get()
        #expect(edit.changed == ["business details", "opening hours", "holidays and closures", "reply times", "channels",
                                 "urgent matters", "plans"])
        let policy = try Policy.read(yaml: edit.yaml)
        #expect(policy.business.phone == "+1 312 555 0100")
        #expect(policy.hours.days[Weekday.monday.rawValue].map(\.description) == ["07:00-16:00"])
        #expect(policy.hours.days[Weekday.friday.rawValue].map(\.description) == ["08:00-15:00"])
        #expect(policy.closures.contains { $0.first == CivilDate(year: 2027, month: 7, day: 5) })
        #expect(policy.responseWindows.starts == [540, 840])
        #expect(policy.channels[.sms].status == .accepted)
        #expect(policy.urgent.signs.last == "sewer backup")
        #expect(policy.plans[1].fee == .amount(cents: 5900, per: "month"))
        // What the form did not touch is exactly as it was.
        #expect(edit.yaml.hasPrefix("# Rivera Plumbing & Heating: a plumbing business in Chicago with a small crew.\n"))
        #expect(edit.yaml.contains("  locale: en-US        # dates, times and money"), "an untouched line keeps its comment")
        #expect(edit.yaml.contains("  phone: \"+1 312 555 0100\"\n  website: https://rivera.example\n"))
        #expect(edit.yaml.contains("    fee: 59/month\n    first_response: 4 business hours\n"))
        #expect(edit.yaml.contains("  length: 45m\n  min_reply_delay: 2h\n"))
        let unchangedSections = ["day", "services", "referrals", "templates"]
        for name in unchangedSections {
            #expect(section(name, of: edit.yaml) == section(name, of: plumber), "the \(name) section is untouched")
        }
    }

    @Test("who signs is on the form: a new name signs every message; emptied, the business signs alone")
    func whoSigns() throws {
        #expect(answers.owner == "Alex Rivera")
        var changed = answers
        changed.owner = "  Dana Rivera "
        let renamed = try PolicyForm.apply(changed, to: plumber).get()
        #expect(renamed.changed == ["business details"])
        let policy = try Policy.read(yaml: renamed.yaml)
        #expect(policy.business.owner == "Dana Rivera")
        #expect(policy.signature.signing("Hi Ben,\n\nThe part has come in.").hasSuffix("Dana Rivera\nRivera Plumbing & Heating"))
        #expect(renamed.yaml.components(separatedBy: "\n").filter { $0.hasPrefix("  owner:") }.count == 1, "changed on its line")

        changed.owner = ""
        let unsigned = try PolicyForm.apply(changed, to: plumber).get()
        #expect(try Policy.read(yaml: unsigned.yaml).business.owner == nil)
        #expect(try Policy.read(yaml: unsigned.yaml).signature.lines == ["Rivera Plumbing & Heating"])
    }

    @Test("emptying the phone removes it, and urgent matters are then reached by email")
    func phoneRemoved() throws {
        var changed = answers
        changed.phone = ""
        changed.phoneChannel = .notAccepted
        let edit = try PolicyForm.apply(changed, to: plumber).get()
        let policy = try Policy.read(yaml: edit.yaml)
        #expect(policy.business.phone == nil)
        #expect(policy.urgent.reachBy == .email)
        #expect(policy.channels[.phone].status == .notAccepted)
        #expect(!edit.yaml.contains("555 0142\"\n"), "the phone line is gone")
    }

    @Test("an answer that would make the policy invalid is reported and nothing is written")
    func invalidRefused() throws {
        var changed = answers
        changed.plans[1].fee = "lots"
        changed.hours[.friday] = "after lunch"
        guard case .failure(let problems) = PolicyForm.apply(changed, to: plumber) else {
            Issue.record("an unreadable hour must be refused")
            return
        }
        #expect(problems.all.map(\.field) == ["hours_fri"])
        changed.hours[.friday] = "8am-3pm"
        guard case .failure(let later) = PolicyForm.apply(changed, to: plumber) else {
            Issue.record("an unreadable fee must be refused")
            return
        }
        #expect(later.all.count == 1)
        #expect(later.all[0].detail.contains("lots"), "\(later.all)")
    }

    @Test("a section written on one line is left for the file editor, and the form says so")
    func flowStyleRefused() throws {
        let section = section("urgent", of: plumber).joined(separator: "\n")
        let yaml = plumber.replacingOccurrences(of: section, with: "urgent: { signs: [no heat, flooding], reach_by: phone }\n")
        var changed = PolicyForm.answers(from: try Policy.read(yaml: yaml))
        changed.urgentSigns = ["flooding"]
        guard case .failure(let problems) = PolicyForm.apply(changed, to: yaml) else {
            Issue.record("a one-line section cannot be edited in place")
            return
        }
        #expect(problems.all.map(\.detail) == ["the urgent section is written on one line, so the form cannot change it; change it in the file below"])
    }

    /// A top-level section's lines as written.
    func section(_ name: String, of yaml: String) -> [Substring] {
        var inside = false
        return yaml.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            if !line.isEmpty, !line.hasPrefix(" "), !line.hasPrefix("#") { inside = line.hasPrefix(name + ":") }
            return inside
        }
    }
}
