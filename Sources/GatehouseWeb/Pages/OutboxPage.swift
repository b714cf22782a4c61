import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/outbox`: every email the desk sends, by where it stands — what waits for the owner's
/// review since sending was set up (with what the desk proposes and why), scheduled (when and
/// why), held, sending, retrying, failed (the server's words), uncertain, and recently sent (the
/// server's queue id) — with the owner's decisions about each.
struct OutboxPage {
    let owner: OwnerPages

    struct Action: Equatable { var path, label: String; var quiet: Bool }
    struct Email: Equatable {
        var id, purpose, to, subject, when, why: String
        var conversation: String?
        var actions: [Action]
    }
    struct Group: Equatable {
        var id, heading, explanation: String
        var emails: [Email]
    }
    struct Proposal: Equatable {
        var id, purpose, to, subject, written, decision, reason, text: String
        /// Why a late email was kept from leaving, when it was.
        var late: String?
    }

    /// Everything the page shows.
    struct Model: Equatable {
        var review: [Proposal]
        var hasReview: Bool
        var reviewed: String?
        var groups: [Group]
        var empty: Bool
        /// Nothing leaves until a way to send mail is set up.
        var notSending: Bool
    }

    func add(to router: RouterGroup<DeskContext>) {
        router.get("outbox") { request, context in
            let signedIn = try context.requireCaller()
            let done = request.uri.queryParameters.get("done")
            return owner.render("outbox", signedIn, section: .today, title: "Outbox",
                                page: try await model(context.requireDesk(), done: done))
        }
        router.post("outbox/review") { _, context in
            let desk = try context.requireDesk()
            let applied = try await desk.waitingMail.apply(now: desk.now)
            desk.nudgeOutbox()
            let done = "sent \(applied.sent), rewritten \(applied.rewritten), dropped \(applied.dropped), asked \(applied.asked)"
            return Response(status: .seeOther,
                            headers: [.location: "/outbox?done=" + FormQuery.encode(done)])
        }
        for (name, decision) in [("send-now", OutboxDecision.sendNow), ("cancel", .cancel), ("retry", .retry),
                                 ("arrived", .settle(arrived: true)), ("send-again", .settle(arrived: false))] {
            router.post("outbox/:id/\(name)") { _, context in
                let desk = try context.requireDesk()
                let id = try context.parameters.require("id")
                _ = try await desk.outbox.decide(id, decision, now: desk.now)
                desk.nudgeOutbox()
                return Response(status: .seeOther, headers: [.location: "/outbox"])
            }
        }
    }

    static func purpose(_ purpose: MailPurpose?) -> String {
        switch purpose {
        case .acknowledgement: "Acknowledgement"
        case .ownerAlert: "Alert to you"
        case .booking: "Booking email"
        case .reply, nil: "Reply"
        }
    }

    func model(_ desk: WorkspaceDesk, done: String?) async throws -> Model {
        let calendar = try desk.calendar()
        let now = desk.now
        let proposals = try await desk.waitingMail.proposals(now: now)
        let review = proposals.map { item in
            Proposal(id: item.email.task.id, purpose: Self.purpose(item.email.payload?.purpose), to: item.email.recipient ?? "",
                     subject: item.email.subject ?? "", written: calendar.spoken(item.written),
                     decision: ["send": "Send as it is", "rewrite": "Write again with a fresh promise",
                                "drop": "Do not send", "ask": "Ask you first"][item.decision.name] ?? item.decision.name,
                     reason: item.decision.reason, text: item.text,
                     late: item.email.task.note.flatMap { note in
                         note == OutboxEmail.reviewNote ? nil : note.replacingOccurrences(of: "waiting for your review: ", with: "")
                     })
        }
        let underReview = Set(review.map(\.id))
        let states: [(OutboxState, String, String, [(String, String)])] = [
            (.held, "Held for you", "These wait until you decide.", [("send-now", "Send now"), ("cancel", "Do not send")]),
            (.scheduled, "Scheduled", "Each leaves at its time; the reason says why then.",
             [("send-now", "Send now"), ("cancel", "Cancel")]),
            (.sending, "Sending", "Being handed to the mail server right now.", []),
            (.retrying, "Retrying", "The mail server asked to try again later; its words are shown.",
             [("send-now", "Try now"), ("cancel", "Cancel")]),
            (.failed, "Failed", "The mail server refused these; its words are shown.", [("retry", "Try again"), ("cancel", "Cancel")]),
            (.uncertain, "Uncertain", "The desk stopped while the mail server was answering: check with the customer.",
             [("arrived", "It arrived"), ("send-again", "It did not: send again")]),
            (.sent, "Sent recently", "Accepted by the mail server, with its queue id.", []),
        ]
        var groups: [Group] = []
        for (state, heading, explanation, actions) in states {
            let emails = try await desk.outbox.list(state: state, limit: state == .sent ? 20 : 100)
                .filter { !underReview.contains($0.task.id) }
            guard !emails.isEmpty else { continue }
            groups.append(Group(id: state.rawValue, heading: heading, explanation: explanation, emails: emails.map { email in
                let task = email.task
                let when = calendar.spoken(Instant(secondsSince1970: state == .sent ? task.updatedAt : task.runAt))
                var why = task.note ?? ""
                if state == .sent, let queueID = task.outcome { why = "accepted as \(queueID)" }
                if state == .failed || state == .retrying, let error = task.lastError { why = error }
                return Email(id: task.id, purpose: Self.purpose(email.payload?.purpose), to: email.recipient ?? "",
                             subject: email.subject ?? "", when: when, why: why, conversation: email.conversationID?.rawValue,
                             actions: actions.map { Action(path: "/outbox/\(task.id)/\($0.0)", label: $0.1,
                                                           quiet: $0.0 == "cancel") })
            }))
        }
        return Model(review: review, hasReview: !review.isEmpty, reviewed: done.map { "Done: \($0)." },
                     groups: groups, empty: review.isEmpty && groups.isEmpty,
                     notSending: try await !desk.sendingIsSetUp())
    }
}
