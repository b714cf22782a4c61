import GatehouseCore
import GatehouseTestSupport
@testable import GatehouseWeb
import Testing

@Suite("The policy page as a value: what it shows for a file, without HTML")
struct PolicyPageModelTests {
    let now = Instant(secondsSince1970: 1_796_000_000)

    @Test("a file with a problem shows the line and its neighbours, no preview and no form; a sound one shows both")
    func problemsAndPreview() throws {
        let plumber = TestPolicies.plumber
        let broken = plumber.replacingOccurrences(of: "mon-fri: 08:00-17:00", with: "mon-fri: eight")
        #expect(broken != plumber)
        let bad = PolicyPage.model(yaml: broken, form: nil, saved: false, changed: [], unchanged: false, checked: false,
                                   problems: [], canEdit: true, now: now)
        #expect(bad.hasDiagnostics && bad.diagnosticCount == 1 && bad.oneDiagnostic, "the heading says \"1 problem\"")
        let line = try #require(bad.annotated?.first { $0.problems != nil })
        #expect(line.text == "  mon-fri: eight")
        #expect(line.number == 5)
        #expect(bad.annotated?.map(\.number) == [3, 4, 5, 6, 7], "two lines either side of the problem")
        #expect(bad.preview == nil)
        #expect(bad.settings == nil, "the form needs a policy that reads")

        let good = PolicyPage.model(yaml: plumber, form: nil, saved: true, changed: ["opening hours"], unchanged: false,
                                    checked: false, problems: [], canEdit: false, now: now)
        #expect(good.annotated == nil)
        let twice = broken.replacingOccurrences(of: "first_response: 4 business hours", with: "first_response: soon")
        let two = PolicyPage.model(yaml: twice, form: nil, saved: false, changed: [], unchanged: false, checked: false,
                                   problems: [], canEdit: true, now: now)
        #expect(two.diagnosticCount == 2 && !two.oneDiagnostic, "the heading says \"2 problems\"")
        #expect(good.preview?.business == "Rivera Plumbing")
        #expect(good.settings?.business == "Rivera Plumbing")
        #expect(good.changed == "opening hours")
        #expect(!good.canEdit)
    }
}
