import Foundation

/// What the owner writes for a job, before it is checked and saved.
public struct JobDraft: Sendable, Equatable {
    public var customerID: Customer.ID
    public var conversationID: Conversation.ID?
    public var title: String
    public var price: Job.Price
    public var serviceID: String?
    public var timeFrame: Job.TimeFrame
    public var nextStep: String
    public var nextStepOwner: Job.NextStepOwner
    public var items: [Job.Item]

    public init(customerID: Customer.ID, conversationID: Conversation.ID? = nil, title: String, price: Job.Price, serviceID: String? = nil,
                timeFrame: Job.TimeFrame = Job.TimeFrame(), nextStep: String, nextStepOwner: Job.NextStepOwner = .us,
                items: [Job.Item]) {
        self.customerID = customerID
        self.conversationID = conversationID
        self.title = title
        self.price = price
        self.serviceID = serviceID
        self.timeFrame = timeFrame
        self.nextStep = nextStep
        self.nextStepOwner = nextStepOwner
        self.items = items
    }
}

extension JobDraft {
    /// The draft with its text trimmed and empty items dropped, once it is a job the owner can
    /// propose; otherwise the first problem, naming its field.
    public func checked() throws(JobProblem) -> JobDraft {
        var draft = self
        draft.title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.nextStep = draft.nextStep.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.items = draft.items.map { Job.Item(kind: $0.kind, text: $0.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                                 changeOrderID: $0.changeOrderID) }.filter { !$0.text.isEmpty }
        guard !draft.title.isEmpty else { throw JobProblem(field: "title", "give the job a title") }
        guard draft.title.count <= 200 else { throw JobProblem(field: "title", "at most 200 characters") }
        guard !draft.items.filter({ $0.kind == .included }).isEmpty else {
            throw JobProblem(field: "included", "write at least one thing the job includes")
        }
        guard draft.items.count <= 50 else { throw JobProblem(field: "included", "at most 50 items in all") }
        if let long = draft.items.first(where: { $0.text.count > 300 }) {
            throw JobProblem(field: long.kind == .included ? "included" : "excluded",
                             "each item at most 300 characters (\u{201C}\(long.text.prefix(40))…\u{201D} is longer)")
        }
        guard !draft.nextStep.isEmpty else { throw JobProblem(field: "next_step", "say what happens next") }
        guard draft.nextStep.count <= 500 else { throw JobProblem(field: "next_step", "at most 500 characters") }
        switch draft.price {
        case .fixed(let cents):
            guard cents >= 0, cents <= 100_000_000_00 else { throw JobProblem(field: "price", "between 0 and 100,000,000") }
        case .hourly(let rate, let estimate):
            guard rate > 0, rate <= 100_000_00 else { throw JobProblem(field: "price", "an hourly rate above 0 and at most 100,000") }
            if let estimate, estimate.seconds <= 0 || estimate > .hours(10_000) {
                throw JobProblem(field: "estimate", "an estimate between 1 minute and 10,000 hours")
            }
        }
        if let start = draft.timeFrame.startsOn, let end = draft.timeFrame.endsOn, end < start {
            throw JobProblem(field: "ends_on", "the end (\(end)) comes before the start (\(start))")
        }
        if let days = draft.timeFrame.days, days < 1 || days > 1000 {
            throw JobProblem(field: "duration_days", "between 1 and 1000 working days")
        }
        return draft
    }
}
