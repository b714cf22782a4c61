/// A piece of work agreed with a customer: what is included (and, just as plainly, what is
/// not), what it costs, when it happens, and the next step with who takes it.
public struct Job: Sendable, Equatable {
    /// Where the job stands. A done or cancelled job is closed: nothing more is added to it.
    public enum Status: String, Sendable, Equatable, CaseIterable {
        case proposed
        case agreed
        case inProgress = "in_progress"
        case done
        case cancelled

        /// Done or cancelled.
        public var isClosed: Bool { self == .done || self == .cancelled }

        /// In the owner's words: "in progress".
        public var label: String { self == .inProgress ? "in progress" : rawValue }
    }

    /// What the job costs: one amount, or a rate with an estimate of the hours.
    public enum Price: Sendable, Equatable {
        case fixed(cents: Int64)
        case hourly(rateCents: Int64, estimate: TimeSpan?)

        /// The amount it comes to: the fixed price, or the rate times the estimate (nil without one).
        public var expectedCents: Int64? {
            switch self {
            case .fixed(let cents): return cents
            case .hourly(let rate, let estimate): return estimate.map { Job.cents(rate: rate, for: $0) }
            }
        }
    }

    /// Whether an item is part of the agreement or explicitly left out of it.
    public enum ItemKind: String, Sendable, Equatable { case included, excluded }

    /// One line of the agreed scope. Items a customer accepted later point at their change order.
    public struct Item: Sendable, Equatable {
        public var kind: ItemKind
        public var text: String
        public var changeOrderID: String?

        public init(kind: ItemKind, text: String, changeOrderID: String? = nil) {
            self.kind = kind
            self.text = text
            self.changeOrderID = changeOrderID
        }
    }

    /// When the work happens: a start, an end, a length in working days, or a mix of them.
    public struct TimeFrame: Sendable, Equatable {
        public var startsOn: CivilDate?
        public var endsOn: CivilDate?
        public var days: Int?

        public init(startsOn: CivilDate? = nil, endsOn: CivilDate? = nil, days: Int? = nil) {
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.days = days
        }

        /// Nothing said about when.
        public var isEmpty: Bool { startsOn == nil && endsOn == nil && days == nil }
    }

    /// Who takes the next step: the business or the customer.
    public enum NextStepOwner: String, Sendable, Equatable { case us, customer }

    public var id: ID
    public var customerID: Customer.ID
    public var conversationID: Conversation.ID?
    public var title: String
    public var status: Status
    public var price: Price
    /// The service whose rate priced the job, when one did.
    public var serviceID: String?
    public var timeFrame: TimeFrame
    public var nextStep: String
    public var nextStepOwner: NextStepOwner
    public var items: [Item]
    /// The token in the address of the customer's agreement page, once the summary was sent.
    public var agreementToken: String?
    public var summarySentAt: Instant?
    public var agreedAt: Instant?
    /// The network address the customer agreed from.
    public var agreedAddress: String?
    public var createdAt: Instant

    public init(id: ID, customerID: Customer.ID, conversationID: Conversation.ID? = nil, title: String, status: Status = .proposed,
                price: Price, serviceID: String? = nil, timeFrame: TimeFrame = TimeFrame(), nextStep: String,
                nextStepOwner: NextStepOwner = .us, items: [Item], agreementToken: String? = nil,
                summarySentAt: Instant? = nil, agreedAt: Instant? = nil, agreedAddress: String? = nil, createdAt: Instant) {
        self.id = id
        self.customerID = customerID
        self.conversationID = conversationID
        self.title = title
        self.status = status
        self.price = price
        self.serviceID = serviceID
        self.timeFrame = timeFrame
        self.nextStep = nextStep
        self.nextStepOwner = nextStepOwner
        self.items = items
        self.agreementToken = agreementToken
        self.summarySentAt = summarySentAt
        self.agreedAt = agreedAt
        self.agreedAddress = agreedAddress
        self.createdAt = createdAt
    }

    /// The included items' texts.
    public var included: [String] { items.filter { $0.kind == .included }.map(\.text) }
    /// The explicitly excluded items' texts.
    public var excluded: [String] { items.filter { $0.kind == .excluded }.map(\.text) }

    /// What triage checks new messages against while the job is open.
    public var scope: JobScope { JobScope(agreed: included, excluded: excluded) }

    /// `rate` per hour for `time`, to the cent (half a cent rounds up).
    public static func cents(rate: Int64, for time: TimeSpan) -> Int64 {
        (rate * time.seconds + 1800) / 3600
    }
}

/// Why a change to a job cannot be made, in words for the person who tried.
public struct JobProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The form or JSON field at fault.
    public var field: String?
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { sentence }
}

/// Which status changes a job can make: proposed → agreed → in progress → done, and cancelled
/// from any open status. A closed job stays closed.
public enum JobProgress {
    /// The statuses the owner can move a job to from `status`.
    public static func next(from status: Job.Status) -> [Job.Status] {
        switch status {
        case .proposed: return [.agreed, .inProgress, .cancelled]
        case .agreed: return [.inProgress, .done, .cancelled]
        case .inProgress: return [.done, .cancelled]
        case .done, .cancelled: return []
        }
    }

    /// Checks a move from `status` to `target`; the error says why not.
    public static func check(from status: Job.Status, to target: Job.Status) throws(JobProblem) {
        guard status != target else { throw JobProblem(field: "status", "the job is already \(status.label)") }
        guard !status.isClosed else {
            throw JobProblem(field: "status", "the job is \(status.label); a closed job is not changed")
        }
        guard next(from: status).contains(target) else {
            throw JobProblem(field: "status", "a \(status.label) job cannot become \(target.label) (it can become "
                             + PolicyWords.list(next(from: status).map(\.label), conjunction: "or") + ")")
        }
    }
}

extension Job.TimeFrame {
    /// The time frame made longer by `workingDays`: the length grows by them, and the end moves
    /// past that many more days the business is open (closures and closed weekdays skipped).
    public func extended(byWorkingDays workingDays: Int, calendar: BusinessCalendar) -> Job.TimeFrame {
        guard workingDays > 0 else { return self }
        var frame = self
        if let days { frame.days = days + workingDays }
        if var end = endsOn {
            var added = 0
            // A year without a single open day is a policy with no hours; stop there.
            for _ in 0..<366 where added < workingDays {
                end = end.adding(days: 1)
                if !calendar.intervals(on: end).isEmpty { added += 1 }
            }
            frame.endsOn = end
        }
        return frame
    }
}
