import Foundation

/// What a new time entry says, before it is checked.
public struct TimeEntryDraft: Sendable, Equatable {
    public var customerID: Customer.ID
    public var conversationID: Conversation.ID?
    public var jobID: Job.ID?
    public var startedAt: Int64
    public var endedAt: Int64
    public var billable: Bool
    public var urgent: Bool
    public var source: TimeEntry.Source
    public var note: String

    public init(customerID: Customer.ID, conversationID: Conversation.ID? = nil, jobID: Job.ID? = nil, startedAt: Int64, endedAt: Int64,
                billable: Bool = true, urgent: Bool = false, source: TimeEntry.Source = .manual, note: String = "") {
        self.customerID = customerID
        self.conversationID = conversationID
        self.jobID = jobID
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.billable = billable
        self.urgent = urgent
        self.source = source
        self.note = note
    }
}

/// Time the owner (or a colleague) spent for a customer.
public struct TimeEntry: Sendable, Equatable {
    public enum Source: String, Sendable, Equatable { case manual, reply, session }

    public var id: String
    public var customerID: Customer.ID
    public var conversationID: Conversation.ID?
    /// The job the time was spent on, when it was.
    public var jobID: Job.ID?
    public var userID: String
    public var startedAt: Int64
    public var endedAt: Int64
    public var billable: Bool
    /// Spent on an urgent matter: it comes out of the day's emergency buffer.
    public var urgent: Bool
    public var source: Source
    public var note: String

    public var length: TimeSpan { TimeSpan(seconds: endedAt - startedAt) }

    public init(id: String, customerID: Customer.ID, conversationID: Conversation.ID? = nil, jobID: Job.ID? = nil, userID: String, startedAt: Int64, endedAt: Int64, billable: Bool, urgent: Bool, source: Source, note: String) {
        self.id = id
        self.customerID = customerID
        self.conversationID = conversationID
        self.jobID = jobID
        self.userID = userID
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.billable = billable
        self.urgent = urgent
        self.source = source
        self.note = note
    }
}
