import Foundation
import GatehouseCore

/// What the customers list, a customer's page and the customer form show, as values.
extension CustomersPage {
    /// The list of customers as the page shows it.
    struct List: Equatable {
        struct Row: Equatable {
            var id, name, plan, contact: String
            var prospect: Bool
        }
        /// The search, when there is one.
        var q: String?
        /// What was just done (a customer erased).
        var notice: String?
        var customers: [Row]
        var empty: Bool
        /// Links to the next page and back to the first, when there are such pages.
        var next, first: String?
    }

    /// One page of customers found by `search`, starting after `after`, with their plans by name.
    static func list(_ page: Page<Customer>, search: String?, after: String?, policy: Policy?) -> List {
        let query = search.flatMap { $0.isEmpty ? nil : "q=" + FormQuery.encode($0) }
        return List(
            q: search?.nonEmpty, notice: nil,
            customers: page.items.map { customer in
                .init(id: customer.id.rawValue, name: customer.name,
                      plan: policy?.plan(id: customer.planID)?.name ?? customer.planID,
                      contact: (customer.emails + customer.phones).joined(separator: ", "),
                      prospect: customer.kind == .prospect)
            },
            empty: page.items.isEmpty,
            next: page.next.map { "/customers?" + (query.map { $0 + "&" } ?? "") + "after=" + $0 },
            first: after != nil ? "/customers" + (query.map { "?" + $0 } ?? "") : nil)
    }

    /// The customer form with what was typed and each problem beside its field. An empty field
    /// is nil: on a customer's page it then shows what the page says of them.
    static func form(_ input: CustomerInput, problems: [String: String], policy: Policy) -> Form {
        Form(name: input.name.nonEmpty, nameError: problems["name"]?.nonEmpty,
             emails: input.emails.nonEmpty, emailsError: problems["emails"]?.nonEmpty,
             phones: input.phones.nonEmpty, phonesError: problems["phones"]?.nonEmpty,
             notes: input.notes.nonEmpty, notesError: problems["notes"]?.nonEmpty,
             plans: policy.plans.map { .init(id: $0.id, name: $0.name, selected: $0.id == input.plan) },
             planError: problems["plan_id"]?.nonEmpty,
             isProspect: input.kind == "prospect",
             otherProblem: problems["other"]?.nonEmpty)
    }

    /// The customer form (adding one, or changing their details).
    struct Form: Equatable {
        struct Plan: Equatable {
            var id, name: String
            var selected: Bool
        }
        var name, nameError, emails, emailsError, phones, phonesError, notes, notesError: String?
        var plans: [Plan]
        var planError: String?
        var isProspect: Bool
        var otherProblem: String?
    }

    /// The page to add a customer.
    struct NewCustomer: Equatable {
        var form: Form
    }

    /// A customer's page: their plan and contact points, history, jobs, time this month, the
    /// healthy-distance note and the forms to add time and change their details.
    struct Detail: Equatable {
        struct Conversation: Equatable { var id, subject, when, status, quadrant: String }
        struct Job: Equatable { var id, title, status, price: String }
        struct JobChoice: Equatable {
            var id, title: String
            var selected: Bool
        }
        struct Entry: Equatable {
            var when, length: String
            var note: String?
            var billable, urgent: Bool
            /// Where the entry came from, when not typed by hand (a session, a timer).
            var source: String?
        }
        /// The time recorded this month against the plan's allowance.
        struct Time: Equatable {
            var words: String?
            var percent: Int?
            var over, warn: Bool
            var entries: [Entry]
        }
        /// The "add time" form, as typed; empty values are nil.
        struct TimeForm: Equatable {
            var date, start, minutes, note: String?
            var billable, urgent: Bool
            var dateError, startError, minutesError, noteError, otherError: String?
            var open: Bool
            var jobError: String?
            var jobs: [JobChoice]
        }
        var customerID, name: String
        var notice: String?
        var planName: String
        var planFee, planPromise, allowance: String?
        var urgentAccess: Bool
        var emails, phones: [String]
        var notes, distanceNote, distanceError: String?
        var prospect: Bool
        var since: String
        var history: [Conversation]
        var moreHistory: Bool
        var jobs: [Job]
        var time: Time
        var timeForm: TimeForm
        var editOpen: Bool
        var form: Form
        /// Only the owner exports or erases a customer's data.
        var isOwner = false
        var eraseError: String?
    }
}
