import GatehouseCore
@testable import GatehouseStore
import GatehouseTestSupport
@testable import GatehouseWeb
import Testing

/// The customers list, the open jobs and a session as values, read without HTML: what each page
/// shows is exactly its model.
@Suite("Page models: customers, open jobs, a session")
struct DoorPageModelTests {
    let policy: Policy
    let calendar: BusinessCalendar
    /// Monday, September 21, 2026, 15:00 in Chicago.
    let now = Instant(secondsSince1970: 1_790_020_800)

    init() throws {
        policy = try Policy.read(yaml: TestPolicies.plumber)
        calendar = BusinessCalendar(policy: policy)
    }

    func customer(_ id: String, _ name: String, plan: String, kind: Customer.Kind = .customer,
                  emails: [String] = [], phones: [String] = []) -> Customer {
        Customer(id: Customer.ID(id), workspaceID: "w", name: name, kind: kind, planID: plan, notes: "", emails: emails, phones: phones,
                 createdAt: now, updatedAt: now)
    }

    @Test("a searched page of customers names each plan, keeps the search in its links, and marks prospects")
    func customersList() {
        let page = Page(items: [customer("c1", "Maria Lopez", plan: "care", emails: ["maria@example.org"], phones: ["+1 312 555 0100"]),
                                customer("c2", "Leo Lopez", plan: "gone", kind: .prospect)],
                        next: "cursor2")
        let list = CustomersPage.list(page, search: "lopez", after: "cursor1", policy: policy)
        #expect(list.q == "lopez")
        #expect(!list.empty)
        #expect(list.customers.map(\.id) == ["c1", "c2"])
        #expect(list.customers[0].plan == policy.plan(id: "care")?.name)
        #expect(list.customers[0].contact == "maria@example.org, +1 312 555 0100")
        #expect(list.customers[1].plan == "gone", "a plan the policy no longer has is shown by its id")
        #expect(list.customers.map(\.prospect) == [false, true])
        #expect(list.next == "/customers?q=lopez&after=cursor2")
        #expect(list.first == "/customers?q=lopez")
    }

    @Test("the first page without a search has no search, no link back to the first page, and says when it is empty")
    func emptyList() {
        let list = CustomersPage.list(Page(items: [], next: nil), search: "", after: nil, policy: policy)
        #expect(list == CustomersPage.List(q: nil, customers: [], empty: true, next: nil, first: nil))
    }

    func session(endedAt: Int64? = nil, agenda: String = "", problem: String? = nil) -> WorkSession {
        WorkSession(id: "s1", customerID: "c1", jobID: nil, appointmentID: nil, userID: "u", kind: .call,
                    startedAt: now.secondsSince1970 - 5 * 60, boxMinutes: 20, boxReasons: ["the Care plan's calls are 20 minutes"],
                    openingLine: "I have 20 minutes.", agenda: agenda, notes: "", purposeAgreed: true, processExplained: false,
                    nextStepAgreed: false, endedAt: endedAt, endedHow: endedAt == nil ? nil : .owner, flagged: problem != nil,
                    problem: problem, timeEntryID: endedAt == nil || problem != nil ? nil : "t1")
    }

    @Test("a running session five minutes into a twenty-minute box says fifteen minutes are left, and has not ended")
    func runningSession() {
        let model = SessionsPage.model(session(agenda: "the leak"), customerName: "Maria Lopez", notice: nil, problem: "",
                                       calendar: calendar, now: now)
        #expect(model.running)
        #expect(model.customer == "Maria Lopez")
        #expect(model.kind == Appointment.Kind.call.label)
        #expect(model.boxMinutes == "20")
        #expect(model.started == calendar.clock(now - .minutes(5)))
        #expect(model.boxEnds == calendar.clock(now + .minutes(15)))
        #expect(model.leftWords == "About \(TimeSpan.minutes(15).spokenDescription) left.")
        #expect(model.agenda == "the leak")
        #expect(model.notes == nil, "empty notes are absent, so nothing shows for them")
        #expect(model.problem == nil)
        #expect(model.ended == nil && model.length == nil && model.correctDate == nil)
    }

    @Test("a session the desk had to close shows when it ended, how long it ran and why its time is not recorded")
    func closedSession() {
        let model = SessionsPage.model(session(endedAt: now.secondsSince1970 + 10 * 60, problem: "it overlaps other time"),
                                       customerName: nil, notice: "Saved.", problem: nil, calendar: calendar, now: now)
        #expect(!model.running)
        #expect(model.customer == "a customer")
        #expect(model.leftWords == nil)
        #expect(model.ended == calendar.clock(now + .minutes(10)))
        #expect(model.length == TimeSpan.minutes(15).spokenDescription)
        #expect(model.flagged)
        #expect(model.sessionProblem == "it overlaps other time")
        #expect(!model.recorded)
        #expect(model.correctDate == "2026-09-21")
        #expect(model.correctEnd == calendar.clock(now + .minutes(10)))
        #expect(model.notice == "Saved.")
    }

    @Test("the customer form keeps what was typed, puts each problem beside its field, and selects the chosen plan")
    func customerForm() {
        var input = CustomerInput()
        input.name = "Maria Lopez"
        input.plan = "care"
        input.kind = "prospect"
        input.emails = "maria@example.org"
        let form = CustomersPage.form(input, problems: ["emails": "maria@ is not an email address", "other": "try again"],
                                      policy: policy)
        #expect(form.name == "Maria Lopez")
        #expect(form.emails == "maria@example.org")
        #expect(form.emailsError == "maria@ is not an email address")
        #expect(form.nameError == nil)
        #expect(form.phones == nil, "an empty field is absent")
        #expect(form.plans.filter(\.selected).map(\.id) == ["care"])
        #expect(form.isProspect)
        #expect(form.otherProblem == "try again")
    }
}
