import Foundation
import GatehouseCore
import GatehouseStore
import Hummingbird

/// `/status/{token}`: the customer's view of one request, reached from the link in the
/// acknowledgement. No account: the unguessable token is the key, and it opens this one request
/// only. It shows the promise, what has happened, and the replies that have actually been sent
/// (never a reply still waiting for its window or held by the owner).
struct StatusPage {
    let database: Database
    let clock: any DeskClock
    let pages: PageRenderer

    func add(to router: Router<DeskContext>) {
        router.get("status/:token") { _, context in
            let token = try context.parameters.require("token")
            guard let conversation = try await Conversations.withStatusToken(token, database: database),
                  let workspace = try await Workspaces(database: database).find(id: conversation.workspaceID),
                  let policy = try? workspace.policy()
            else {
                return pages.errorPage(.notFound, heading: "We cannot find this request",
                                       message: "The link may have been copied incompletely. Please use the whole link from the email you received.")
            }
            return try await page(conversation, workspace: workspace, policy: policy)
        }
    }

    private func page(_ conversation: Conversation, workspace: Workspace, policy: Policy) async throws -> Response {
        let calendar = try workspace.businessCalendar()
        let zone = (policy.business.timeZoneIdentifier.split(separator: "/").last.map(String.init) ?? "local")
            .replacingOccurrences(of: "_", with: " ")
        func at(_ instant: Instant) -> String { calendar.spoken(instant) }
        let conversations = Conversations(database: database, workspaceID: workspace.id)
        let thread = try await conversations.thread(conversation.id)
        let sent = Set(try await Outbox(database: database, workspaceID: workspace.id).list(conversationID: conversation.id)
            .filter { $0.state == .sent }.compactMap { $0.payload?.messageID })
        var events: [[String: Any]] = []
        var answered = false
        for message in thread {
            switch message.direction {
            case .inbound:
                events.append(["when": at(Instant(secondsSince1970: message.receivedAt)), "what": "Your message reached \(policy.business.name)",
                               "subject": message.subject ?? conversation.subject])
            case .outbound where sent.contains(message.id):
                let text = (message.newText ?? message.text).trimmingCharacters(in: .whitespacesAndNewlines)
                events.append(present(["when": at(Instant(secondsSince1970: message.sentAt ?? message.receivedAt)), "what": "\(policy.business.name) wrote to you",
                                       "text": text]))
                answered = true
            default:
                continue  // Internal notes and mail not sent yet stay on the owner's side.
            }
        }
        let now = clock.now()
        let promise = conversation.promisedAt
        let state: String
        if conversation.status != .open {
            state = "This request is closed."
        } else if let promise, promise >= now {
            state = "You will hear back by \(at(promise)) (\(zone) time)."
        } else if answered {
            state = "\(policy.business.name) has answered; if you write again, you will be told when to expect the next answer."
        } else if let promise {
            state = "You were promised an answer by \(at(promise)) (\(zone) time). It is on its way; thank you for your patience."
        } else {
            state = "Your request is with \(policy.business.name)."
        }
        return pages.page("status", present([
            "title": "Your request", "business": policy.business.name, "subject": conversation.subject,
            "state": state, "events": events, "slug": workspace.slug,
            "urgent": policy.urgent.definition.map { ["definition": $0, "route": ContactLinks.html(Acknowledgement.urgentRoute(policy), business: policy.business)] },
        ]))
    }
}
