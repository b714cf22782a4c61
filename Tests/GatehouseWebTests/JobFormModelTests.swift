import GatehouseCore
import GatehouseTestSupport
@testable import GatehouseWeb
import Testing

@Suite("The job form as a value")
struct JobFormModelTests {
    @Test("each problem is beside its field; one of a field the form does not show is said above it, never dropped")
    func problems() throws {
        let policy = try Policy.read(yaml: TestPolicies.plumber)
        var input = JobInput()
        input.pricing = "hourly"
        let form = input.form(policy: policy, problems: ["title": "the title is missing", "next_step": "say what happens next"])
        #expect(form.titleError == "the title is missing")
        #expect(form.nextstepError == "say what happens next")
        #expect(form.otherProblem == nil)
        #expect(form.pricings.first { $0.selected }?.value == "hourly")
        let elsewhere = input.form(policy: policy, problems: ["customer_id": "that customer is no longer here"])
        #expect(elsewhere.otherProblem == "that customer is no longer here")
    }
}
