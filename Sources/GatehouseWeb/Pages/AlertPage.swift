import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/alerts/{token}`: the page an alert opens on the owner's phone — who wrote, about what, and
/// one button, "I've got it", that tells the customer help is on the way. No sign-in: the
/// unguessable token is the key to this one alert (`AlertLinks` in Desk). Opening the page
/// changes nothing (mail apps open links on their own); the button, or the push's own button,
/// posts.
struct AlertPage {
    let links: AlertLinks
    let pages: PageRenderer

    struct Model: Equatable {
        var title = "Urgent"
        var business, customer, subject, excerpt, arrived, conversationLink: String
        var acknowledged: String?
        var justAcknowledged: Bool
        var expired: Bool
        var canAcknowledge: Bool
    }

    func add(to router: Router<DeskContext>) {
        router.get("alerts/:token") { _, context in
            try await respond(try await links.view(token: try context.parameters.require("token")), justAcknowledged: false)
        }
        router.post("alerts/:token") { _, context in
            try await respond(try await links.acknowledge(token: try context.parameters.require("token")), justAcknowledged: true)
        }
    }

    private func respond(_ view: AlertLinks.View?, justAcknowledged: Bool) async throws -> Response {
        guard let view else {
            return pages.errorPage(.notFound, heading: "We cannot find this alert",
                                   message: "The link may have been copied incompletely. Open the conversation from your inbox instead.",
                                   link: ("/inbox", "Open the inbox"))
        }
        return pages.page("alert", Self.model(view, justAcknowledged: justAcknowledged), capability: true)
    }

    static func model(_ view: AlertLinks.View, justAcknowledged: Bool) -> Model {
        Model(business: view.business, customer: view.customer, subject: view.subject, excerpt: view.excerpt,
              arrived: view.arrived, conversationLink: "/conversations/\(view.conversationID)",
              acknowledged: view.acknowledged, justAcknowledged: justAcknowledged && view.acknowledged != nil,
              expired: view.expired && view.acknowledged == nil, canAcknowledge: !view.expired && view.acknowledged == nil)
    }
}
