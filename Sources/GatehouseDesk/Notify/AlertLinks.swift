import GatehouseCore
import GatehouseStore

/// The "I've got it" link of an alert: what it is about, and the owner's one tap that tells the
/// customer help is on the way. No sign-in: the unguessable token opens this one alert, for
/// `Alerts.linkLifetime` after it went out.
public struct AlertLinks: Sendable {
    let database: Database
    let clock: any DeskClock

    public init(database: Database, clock: any DeskClock) {
        self.database = database
        self.clock = clock
    }

    /// What the owner sees behind the link.
    public struct View: Sendable, Equatable {
        public var business: String
        public var customer: String
        public var subject: String
        public var excerpt: String
        /// When the message arrived, the business's way.
        public var arrived: String
        public var conversationID: Conversation.ID
        /// When it was acknowledged (the business's way), if it was.
        public var acknowledged: String?
        /// Whether the link is too old to acknowledge with.
        public var expired: Bool
    }

    /// The alert behind a token, or nil when there is none.
    public func view(token: String) async throws -> View? {
        guard let (workspaceID, alert) = try await Alerts.find(token: token, database: database),
              let workspace = try await Workspaces(database: database).find(id: workspaceID),
              let policy = try? workspace.policy(), let calendar = try? workspace.businessCalendar(),
              let thread = try await Conversations(database: database, workspaceID: workspaceID).get(alert.conversationID)
        else { return nil }
        let message = thread.messages.first { $0.id == alert.messageID }
        let customer = try await Customers(database: database, workspaceID: workspaceID).get(thread.conversation.customerID)
        return View(business: policy.business.name, customer: customer?.name ?? "A customer",
                    subject: thread.conversation.subject,
                    excerpt: OwnerNotice.excerpt(message?.textBody ?? ""),
                    arrived: calendar.spoken(message?.receivedAt ?? Instant(secondsSince1970: alert.createdAt)),
                    conversationID: alert.conversationID,
                    acknowledged: alert.acknowledgedAt.map { calendar.spoken(Instant(secondsSince1970: $0)) },
                    expired: clock.now().secondsSince1970 > alert.expiresAt)
    }

    /// The owner's "I've got it": recorded on the conversation's alerts, so the customer's status
    /// page says the owner is on it. A second tap changes nothing; an expired link does nothing.
    public func acknowledge(token: String) async throws -> View? {
        guard let view = try await view(token: token), !view.expired, view.acknowledged == nil,
              let (workspaceID, _) = try await Alerts.find(token: token, database: database) else {
            return try await view(token: token)
        }
        try await Alerts(database: database, workspaceID: workspaceID)
            .acknowledge(conversationID: view.conversationID, by: "alert link", now: clock.now())
        return try await self.view(token: token)
    }
}
