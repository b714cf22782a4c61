import Foundation

/// Which conversations the owner wants to see in the inbox. Every field narrows; nil means any.
public struct ConversationFilter: Sendable, Equatable {
    /// `do-now`, `schedule`, `delegate-or-refer` or `someday`.
    public var quadrant: String?
    public var channel: String?
    public var customerID: Customer.ID?
    /// The customer's plan id.
    public var plan: String?
    /// `open` (the default of the pages) or `closed`.
    public var status: String?
    /// `in_scope`, `out_of_scope` or `unclear`.
    public var scope: String?
    /// Words to find in the subject or in any message's text.
    public var search: String?

    public init(quadrant: String? = nil, channel: String? = nil, customerID: Customer.ID? = nil, plan: String? = nil,
                status: String? = nil, scope: String? = nil, search: String? = nil) {
        self.quadrant = quadrant
        self.channel = channel
        self.customerID = customerID
        self.plan = plan
        self.status = status
        self.scope = scope
        self.search = search
    }
}

/// A conversation as the inbox lists it: with who it is from and their plan.
public struct ConversationListing: Sendable, Equatable {
    public var conversation: Conversation
    public var customerName: String
    public var planID: String

    public init(conversation: Conversation, customerName: String, planID: String) {
        self.conversation = conversation
        self.customerName = customerName
        self.planID = planID
    }
}
