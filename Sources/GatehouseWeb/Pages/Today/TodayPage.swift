import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/today`: the day as a timeline, and beside it what is urgent now, what is due in the next
/// response window, the promises at risk, and the replies waiting or held. Calm counts only.
struct TodayPage {
    let owner: OwnerPages
    /// A promise this close (or past) and still unanswered is at risk.
    static let riskHorizon = TimeSpan.hours(2)
    /// How far back an unanswered promise still counts as today's business; older ones are in the inbox.
    static let lookBack = TimeSpan.hours(72)

    func add(to router: RouterGroup<DeskContext>) {
        router.get("today") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            var model = try await model(signedIn, desk)
            model.show(try await desk.goLive(examples: ExamplePolicies.all().map(\.yaml)), publicBaseURL: desk.publicBaseURL)
            model.liveSince = String(try await desk.latestUrgentArrival()?.secondsSince1970 ?? 0)
            return owner.render("today", signedIn, section: .today, title: "Today", page: model)
        }
        router.post("today/checklist/dismiss") { _, context in
            let signedIn = try context.requireCaller()
            try await context.requireDesk().dismissChecklist(actor: signedIn.userID)
            return Response(status: .seeOther, headers: [.location: "/today"])
        }
    }

    /// The page's values for the signed-in owner's workspace, now.
    func model(_ signedIn: Caller, _ desk: WorkspaceDesk) async throws -> Model {
        _ = try signedIn.workspace.policy()
        let calendar = try signedIn.workspace.businessCalendar()
        let facts = try await desk.todayFacts(lookBack: Self.lookBack, riskHorizon: Self.riskHorizon)
        let now = desk.now
        let today = facts.today
        // The day with its booked calls and visits and the time urgent matters already took.
        let (plan, running, flagged, booked) = (facts.plan, facts.running, facts.flagged, facts.booked)
        func when(_ seconds: Int64) -> String { calendar.relative(Instant(secondsSince1970: seconds), from: now) }
        func items(_ listings: [ConversationListing]) -> [Model.Item] {
            listings.map { listing in
                let c = listing.conversation
                return Model.Item(id: c.id.rawValue, subject: c.subject.isEmpty ? "(no subject)" : c.subject, customer: listing.customerName,
                                  promise: c.promisedAt.map { when($0.secondsSince1970) },
                                  late: c.promisedAt.map { $0 < now } ?? false, why: InboxPage.placeReason(c))
            }
        }

        let window = facts.window
        // One list of the promises falling due serves both: those due by the window's end, and
        // those at risk (due within the next two hours, or already past).
        let riskEnd = (now + Self.riskHorizon).secondsSince1970
        let windowEnd = window.map { $0.end.secondsSince1970 + 1 } ?? 0
        let falling = facts.falling
        // Each conversation is listed once, in the first list that fits: urgent, at risk, due.
        let urgentIDs = Set(facts.urgent.map(\.conversation.id))
        let atRisk = Array(falling.filter {
            ($0.conversation.promisedAt?.secondsSince1970 ?? .max) < riskEnd && !urgentIDs.contains($0.conversation.id)
        }.prefix(20))
        let riskIDs = Set(atRisk.map(\.conversation.id))
        let dueInWindow = window == nil ? [] : Array(falling.filter {
            ($0.conversation.promisedAt?.secondsSince1970 ?? .max) < windowEnd
                && !urgentIDs.contains($0.conversation.id) && !riskIDs.contains($0.conversation.id)
        }.prefix(20))

        let (held, waiting) = (facts.held, facts.waiting)
        let due = waiting.filter { $0.runAt <= now.secondsSince1970 }.reduce(0) { $0 + $1.count }
        var waitingLines = waiting.filter { $0.runAt > now.secondsSince1970 }.map { runAt, count in
            "\(count) repl\(count == 1 ? "y leaves" : "ies leave") \(when(runAt))"
        }
        if due > 0 {
            let mailReady = facts.sendingIsSetUp
            waitingLines.insert("\(due) repl\(due == 1 ? "y is" : "ies are") due now"
                + (mailReady ? " and being sent" : ", waiting until sending email is set up (Settings → Email)"), at: 0)
        }

        let legend = [(DayBlock.Kind.open, "Open"), (.focus, "Focus"), (.responseWindow, "Answering messages"),
                      (.appointment, "Calls and visits"), (.buffer, "Emergency buffer")]
        let clock = calendar.clock
        func nonEmpty(_ text: String?) -> String? { text?.isEmpty == false ? text : nil }
        return Model(
            day: calendar.locale.date(today),
            timeline: TodayTimeline.svg(plan, now: now, calendar: calendar),
            legend: legend.map { Model.Legend(fill: TodayTimeline.fills[$0.0] ?? "#fff", label: $0.1) },
            blocks: ((plan.open.isEmpty ? [] : plan.open) + plan.blocks).sorted { $0.start < $1.start }.map { block in
                Model.Block(what: block.label, from: clock(block.start), to: clock(block.end),
                            fill: TodayTimeline.fills[block.kind] ?? "#fff", now: block.start <= now && now < block.end)
            },
            reasons: plan.reasons,
            closed: plan.open.isEmpty ? plan.reasons.first.map { $0.prefix(1).uppercased() + $0.dropFirst() + "." } : nil,
            buffer: plan.bufferReserved.seconds > 0
                ? "\(plan.bufferReserved.spokenDescription) kept free for emergencies; "
                    + (plan.bufferUsed.seconds > 0 ? "\(plan.bufferUsed.spokenDescription) spent on urgent matters so far, " : "")
                    + "\(plan.bufferLeft.spokenDescription) left" : nil,
            free: plan.open.isEmpty ? nil : plan.free.spokenDescription,
            urgent: items(facts.urgent), urgentCount: facts.urgent.count, hasUrgent: !facts.urgent.isEmpty,
            window: window.map { "\(when($0.start.secondsSince1970))–\(clock($0.end))" },
            due: items(dueInWindow), dueCount: dueInWindow.count,
            risk: items(atRisk), riskCount: atRisk.count,
            held: held.isEmpty ? nil : held.map { email in
                Model.Held(conversation: nonEmpty(email.conversationID?.rawValue), to: nonEmpty(email.recipient), subject: nonEmpty(email.subject))
            },
            heldCount: held.count,
            waiting: waitingLines,
            calm: facts.urgent.isEmpty && atRisk.isEmpty && held.isEmpty && flagged.isEmpty,
            appointments: booked.map { a in
                Model.Appointment(title: a.title, from: clock(Instant(secondsSince1970: a.startsAt)),
                                  to: clock(Instant(secondsSince1970: a.endsAt)), place: nonEmpty(a.place),
                                  override: nonEmpty(a.overrideReason))
            },
            hasAppointments: !booked.isEmpty,
            running: running.map { s in
                Model.Running(id: s.id, kind: s.kind.label, until: clock(Instant(secondsSince1970: s.boxEndsAt)))
            },
            hasRunning: !running.isEmpty,
            flagged: flagged.map { s in
                Model.Flagged(id: s.id, kind: s.kind.label, when: calendar.spoken(Instant(secondsSince1970: s.startedAt)),
                              problem: nonEmpty(s.problem))
            },
            hasFlagged: !flagged.isEmpty)
    }
}
