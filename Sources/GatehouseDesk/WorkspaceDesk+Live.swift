import GatehouseCore
import GatehouseStore

extension WorkspaceDesk {
    /// When the latest message of an open urgent conversation arrived, or nil when there is
    /// none: the owner's pages update themselves when it moves.
    public func latestUrgentArrival() async throws -> Instant? {
        try await Conversations(database: database, workspaceID: workspace.id).latestUrgentMessageAt()
            .map(Instant.init(secondsSince1970:))
    }
}

extension WorkspaceDesk {
    /// What became of the alerts about a conversation, one sentence each, in the business's
    /// time: when the owner was alerted, each time it was passed on, and who acknowledged it.
    public func alertHistory(conversationID: Conversation.ID) async throws -> (lines: [String], open: Bool) {
        let alerts = try await Alerts(database: database, workspaceID: workspace.id).about(conversationID: conversationID)
        guard !alerts.isEmpty, let calendar = try? calendar() else { return ([], false) }
        func spoken(_ seconds: Int64) -> String { calendar.spoken(Instant(secondsSince1970: seconds)) }
        var lines: [String] = []
        for alert in alerts {
            lines.append("You were alerted on \(spoken(alert.createdAt)).")
            if let to = alert.lastEscalatedTo, let at = alert.lastEscalatedAt {
                lines.append(alert.escalations == 1 ? "Nobody had acknowledged it, so it went to \(to) on \(spoken(at))."
                             : "Nobody had acknowledged it, so it was passed on \(alert.escalations) times, last to \(to) on \(spoken(at)).")
            }
            if let at = alert.acknowledgedAt {
                let who = switch alert.acknowledgedBy {
                case "alert link": "with the alert's link"
                case "reply": "by replying"
                default: "here"
                }
                lines.append("Acknowledged \(who) on \(spoken(at)): the customer's status page says you are on it.")
            }
        }
        for push in try await Alerts(database: database, workspaceID: workspace.id).pushes(conversationID: conversationID) {
            switch push.state {
            case .done: lines.append("Pushed to your phone on \(spoken(push.updatedAt)).")
            case .failed: lines.append("The push to your phone was given up: \(push.lastError ?? "it failed").")
            case .queued where push.lastError != nil:
                lines.append("The push to your phone has not gone through (\(push.lastError ?? "")); "
                             + "it is tried again on \(spoken(push.runAt)).")
            default: break
            }
        }
        return (lines, alerts.contains { $0.acknowledgedAt == nil })
    }

    /// The owner's "I've got it" from the conversation itself.
    public func acknowledgeAlerts(conversationID: Conversation.ID) async throws {
        try await Alerts(database: database, workspaceID: workspace.id)
            .acknowledge(conversationID: conversationID, by: "conversation page", now: now)
    }
}
