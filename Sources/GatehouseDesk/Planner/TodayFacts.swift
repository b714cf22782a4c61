import GatehouseCore
import GatehouseStore

/// What the owner's Today is made of, read in one place: the day's plan with its booked calls
/// and visits, the sessions running or to check, what is urgent now, the promises falling due
/// (by the response window under way or next, and those at risk), and the replies waiting or held.
public struct TodayFacts: Sendable {
    public var today: CivilDate
    public var plan: DayPlan
    public var booked: [Appointment]
    public var running: [WorkSession]
    public var flagged: [WorkSession]
    /// Open conversations in Do now.
    public var urgent: [ConversationListing]
    /// The response window under way, or the next one.
    public var window: ResponseWindow?
    /// Unanswered promises from `lookBack` ago up to the later of the window's end and `riskHorizon` from now.
    public var falling: [ConversationListing]
    public var held: [OutboxEmail]
    public var waiting: [(runAt: Int64, count: Int)]
    public var sendingIsSetUp: Bool
}

extension WorkspaceDesk {
    /// Today's facts, now.
    public func todayFacts(lookBack: TimeSpan, riskHorizon: TimeSpan) async throws -> TodayFacts {
        let calendar = try self.calendar()
        let now = self.now
        let today = calendar.localTime(of: now).date
        let sessions = WorkSessions(database: database, workspaceID: workspace.id)
        let conversations = Conversations(database: database, workspaceID: workspace.id)
        let window = calendar.nextResponseWindow(atOrAfter: now - calendar.windowLength)
            .flatMap { $0.end > now ? $0 : calendar.nextResponseWindow(atOrAfter: now) }
        let riskEnd = (now + riskHorizon).secondsSince1970
        let windowEnd = window.map { $0.end.secondsSince1970 + 1 } ?? 0
        return TodayFacts(
            today: today,
            plan: try await appointments.dayPlan(today),
            booked: try await Appointments(database: database, workspaceID: workspace.id)
                .list(from: calendar.start(of: today), to: calendar.start(of: today.adding(days: 1))),
            running: try await sessions.running(),
            flagged: try await sessions.flagged(),
            urgent: try await conversations.inbox(ConversationFilter(quadrant: Quadrant.doNow.rawValue, status: "open"),
                                                  limit: 10).items,
            window: window,
            falling: try await conversations.awaitingAnswer(promisedFrom: (now - lookBack).secondsSince1970,
                                                            before: max(riskEnd, windowEnd), limit: 100),
            held: try await outbox.list(state: .held, limit: 200),
            waiting: try await Outbox(database: database, workspaceID: workspace.id).waitingReplies(),
            sendingIsSetUp: try await sendingIsSetUp())
    }
}
