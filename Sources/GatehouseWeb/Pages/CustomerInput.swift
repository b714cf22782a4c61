import Foundation
import GatehouseCore

/// What the customer form says, kept as typed so that a form with a mistake comes back as it was.
struct CustomerInput {
    var name = ""
    var kind = "customer"
    var plan = ""
    var emails = ""
    var phones = ""
    var notes = ""

    init() {}

    init(_ fields: FormFields) {
        name = fields["name"]
        kind = fields["kind"] == "prospect" ? "prospect" : "customer"
        plan = fields["plan_id"]
        emails = fields.raw("emails")
        phones = fields.raw("phones")
        notes = fields.raw("notes")
    }

    init(_ customer: Customer) {
        name = customer.name
        kind = customer.kind.rawValue
        plan = customer.planID
        emails = customer.emails.joined(separator: "\n")
        phones = customer.phones.joined(separator: "\n")
        notes = customer.notes
    }

    /// The draft to store; a plan the policy does not have is refused here, naming it.
    func draft(policy: Policy) throws -> CustomerDraft {
        guard policy.plan(id: plan) != nil else {
            throw StoreError(.invalid, field: "plan_id", "choose one of the policy's plans (\(policy.plans.map(\.id).joined(separator: ", ")))")
        }
        guard notes.count <= 5000 else { throw StoreError(.invalid, field: "notes", "at most 5000 characters") }
        func lines(_ text: String) -> [String] {
            text.split(whereSeparator: { $0.isNewline || $0 == "," })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return CustomerDraft(name: name, kind: kind == "prospect" ? .prospect : .customer, planID: plan, notes: notes,
                             emails: lines(emails), phones: lines(phones))
    }

    /// A store error's message beside the field it names ("emails: …" goes beside the emails).
    static func problems(_ error: StoreError) -> [String: String] {
        let known = ["name", "emails", "phones", "notes", "plan_id", "distance_note"]
        let problems = error.formProblems(fields: Dictionary(uniqueKeysWithValues: known.map { ($0, $0) }))
        if problems["other"] != nil, error.message.contains("already belongs to another customer") {
            return [error.message.contains("@") ? "emails" : "phones": error.message]
        }
        return problems
    }
}
