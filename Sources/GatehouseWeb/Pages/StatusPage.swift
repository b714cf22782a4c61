import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/status/{token}`: the customer's view of one request, reached from the link in the
/// acknowledgement. No account: the unguessable token is the key, and it opens this one request
/// only (`RequestStatus` in Desk finds it). A page is its model plus a view.
struct StatusPage {
    let status: RequestStatus
    let pages: PageRenderer

    struct Event: Equatable { var when, what: String; var subject, text: String? }
    struct Urgent: Equatable { var definition: String; var route: String }
    /// For an urgent request the owner was alerted to: how to reach them sooner.
    struct Sooner: Equatable { var route: String }
    struct Model: Equatable {
        var title = "Your request"
        var business, subject, state, slug: String
        var events: [Event]
        var urgent: Urgent?
        var sooner: Sooner?
        /// The booking page, knowing them by this link, when the policy offers something to book.
        var bookHref: String?
    }

    func add(to router: Router<DeskContext>) {
        router.get("status/:token") { _, context in
            guard let view = try await status.view(token: try context.parameters.require("token")) else {
                return pages.errorPage(.notFound, heading: "We cannot find this request",
                                       message: "The link may have been copied incompletely. Please use the whole link from the email you received.")
            }
            return pages.page("status", try Self.model(view, token: try context.parameters.require("token")), capability: true)
        }
    }

    static func model(_ view: RequestStatus.View, token: String) throws -> Model {
        let calendar = try view.workspace.businessCalendar()
        let policy = view.policy
        let route = ContactLinks.html(Acknowledgement.urgentRoute(policy), business: policy.business)
        return Model(business: policy.business.name, subject: view.subject, state: view.state, slug: view.workspace.slug,
                     events: view.events.map { Event(when: calendar.spoken($0.when), what: $0.what, subject: $0.subject, text: $0.text) },
                     urgent: view.alerted ? nil : policy.urgent.definition.map { definition in
                         // Shown in brackets mid-sentence: "(No heat or no water), do not wait …".
                         var words = Substring(definition)
                         while words.last == "." || words.last == " " { words = words.dropLast() }
                         return Urgent(definition: String(words), route: route)
                     },
                     sooner: view.alerted ? Sooner(route: route) : nil,
                     bookHref: policy.booking.kinds.isEmpty ? nil : "/w/\(view.workspace.slug)/book?for=\(token)")
    }
}
