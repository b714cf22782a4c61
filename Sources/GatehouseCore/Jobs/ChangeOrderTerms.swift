import Foundation

/// What the owner sets on a change order before sending it.
public struct ChangeOrderTerms: Sendable, Equatable {
    public var item: String
    public var priceCents: Int64?
    public var estimate: TimeSpan?
    public var serviceID: String?
    public var extraDays: Int
    public var message: String

    public init(item: String, priceCents: Int64?, estimate: TimeSpan? = nil, serviceID: String? = nil, extraDays: Int = 0,
                message: String) {
        self.item = item
        self.priceCents = priceCents
        self.estimate = estimate
        self.serviceID = serviceID
        self.extraDays = extraDays
        self.message = message
    }
}

extension ChangeOrderTerms {
    /// The terms with their text trimmed, once they are terms the owner can send; otherwise the
    /// first problem, naming its field.
    public func checked() throws(JobProblem) -> ChangeOrderTerms {
        var terms = self
        terms.item = terms.item.trimmingCharacters(in: .whitespacesAndNewlines)
        terms.message = terms.message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !terms.item.isEmpty else { throw JobProblem(field: "item", "say what the extra work is") }
        guard terms.item.count <= 300 else { throw JobProblem(field: "item", "at most 300 characters") }
        if let cents = terms.priceCents, cents < 0 || cents > 100_000_000_00 {
            throw JobProblem(field: "price", "between 0 and 100,000,000")
        }
        guard terms.extraDays >= 0, terms.extraDays <= 365 else {
            throw JobProblem(field: "extra_days", "between 0 and 365 working days")
        }
        guard terms.message.count <= 20_000 else { throw JobProblem(field: "message", "at most 20,000 characters") }
        return terms
    }
}
