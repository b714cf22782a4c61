import Foundation
import GatehouseCore

/// What the job form says, kept as typed so that a form with a mistake comes back as it was.
struct JobInput {
    var customerID = ""
    var conversationID = ""
    var title = ""
    var included = ""
    var excluded = ""
    /// `fixed`, `hourly` or `service:ID`.
    var pricing = "fixed"
    var price = ""
    var estimate = ""
    var startsOn = ""
    var endsOn = ""
    var days = ""
    var nextStep = ""
    var nextStepOwner = "us"

    init() {}

    init(_ fields: FormFields) {
        customerID = fields["customer_id"]
        conversationID = fields["conversation_id"]
        title = fields["title"]
        included = fields.raw("included")
        excluded = fields.raw("excluded")
        pricing = fields["pricing"].isEmpty ? "fixed" : fields["pricing"]
        price = fields["price"]
        estimate = fields["estimate"]
        startsOn = fields["starts_on"]
        endsOn = fields["ends_on"]
        days = fields["duration_days"]
        nextStep = fields["next_step"]
        nextStepOwner = fields["next_step_owner"] == "customer" ? "customer" : "us"
    }

    init(_ job: Job) {
        customerID = job.customerID.rawValue
        conversationID = job.conversationID?.rawValue ?? ""
        title = job.title
        included = job.included.joined(separator: "\n")
        excluded = job.excluded.joined(separator: "\n")
        switch job.price {
        case .fixed(let cents):
            pricing = "fixed"
            price = Money.typed(cents: cents)
        case .hourly(let rate, let estimate):
            pricing = job.serviceID.map { "service:" + $0 } ?? "hourly"
            price = Money.typed(cents: rate)
            self.estimate = estimate.map { EstimateInput.text($0) } ?? ""
        }
        startsOn = job.timeFrame.startsOn?.description ?? ""
        endsOn = job.timeFrame.endsOn?.description ?? ""
        days = job.timeFrame.days.map(String.init) ?? ""
        nextStep = job.nextStep
        nextStepOwner = job.nextStepOwner.rawValue
    }

    /// The draft to store, or the problems by field. A service's price fills the rate (an hourly
    /// service) or the fixed price; a service priced by quote needs the quoted price written.
    func draft(policy: Policy) -> Result<JobDraft, JobProblem> {
        var serviceID: String?
        var kind = pricing
        var amountText = price
        if pricing.hasPrefix("service:") {
            let id = String(pricing.dropFirst("service:".count))
            guard let service = policy.services.first(where: { $0.id == id }) else {
                return .failure(JobProblem(field: "pricing", "the policy has no service \u{201C}\(id)\u{201D}"))
            }
            serviceID = id
            switch service.price {
            case .amount(let cents, let unit):
                kind = unit == "hour" ? "hourly" : "fixed"
                amountText = Money.typed(cents: cents)
            case .quote:
                kind = "fixed"
                guard !price.isEmpty else {
                    return .failure(JobProblem(field: "price", "\(service.name) is priced by quote: write the price you quote"))
                }
            }
        }
        guard let cents = Money.cents(typed: amountText) else {
            return .failure(JobProblem(field: "price", amountText.isEmpty ? "write the price, like 480 or 120.50"
                                       : "\u{201C}\(amountText)\u{201D} is not an amount; write it like 480 or 120.50"))
        }
        var estimateSpan: TimeSpan?
        if !estimate.isEmpty {
            guard let span = EstimateInput.span(estimate) else {
                return .failure(JobProblem(field: "estimate", "\u{201C}\(estimate)\u{201D} is not a length of time; write it like 4h or 90m"))
            }
            estimateSpan = span
        }
        var frame = Job.TimeFrame()
        for (field, text) in [("starts_on", startsOn), ("ends_on", endsOn)] where !text.isEmpty {
            guard let date = CivilDate(iso: Substring(text)) else {
                return .failure(JobProblem(field: field, "\u{201C}\(text)\u{201D} is not a date; write it like 2026-12-07"))
            }
            if field == "starts_on" { frame.startsOn = date } else { frame.endsOn = date }
        }
        if !days.isEmpty {
            guard let count = Int(days) else {
                return .failure(JobProblem(field: "duration_days", "write a number of working days, like 3"))
            }
            frame.days = count
        }
        func lines(_ text: String) -> [String] {
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        let items = lines(included).map { Job.Item(kind: .included, text: $0) } + lines(excluded).map { Job.Item(kind: .excluded, text: $0) }
        return .success(JobDraft(customerID: Customer.ID(customerID), conversationID: conversationID.isEmpty ? nil : Conversation.ID(conversationID),
                                 title: title, price: kind == "hourly" ? .hourly(rateCents: cents, estimate: estimateSpan)
                                     : .fixed(cents: cents),
                                 serviceID: serviceID, timeFrame: frame, nextStep: nextStep,
                                 nextStepOwner: nextStepOwner == "customer" ? .customer : .us, items: items))
    }

    /// The job form as the template shows it, with each problem beside its field.
    struct Form: Equatable {
        struct Pricing: Equatable { var value, label: String; var selected: Bool }
        var customerID, conversationID, title, included, excluded: String
        var pricings: [Pricing]
        var price, estimate, startsOn, endsOn, days, nextStep: String
        var ownerUs: Bool
        var currency: String
        var titleError, includedError, excludedError, pricingError, priceError, estimateError: String?
        var startsonError, endsonError, durationdaysError, nextstepError: String?
        /// A problem that belongs to no field (a customer that is gone, a job that changed meanwhile).
        var otherProblem: String?
    }

    /// The form's values for the template, with each problem beside its field.
    func form(policy: Policy, problems: [String: String]) -> Form {
        var pricings = [
            Form.Pricing(value: "fixed", label: "A fixed price", selected: pricing == "fixed"),
            Form.Pricing(value: "hourly", label: "By the hour", selected: pricing == "hourly"),
        ]
        for service in policy.services {
            pricings.append(Form.Pricing(value: "service:" + service.id,
                                         label: "The \(service.name) price (\(policy.business.price(service.price)))",
                                         selected: pricing == "service:" + service.id))
        }
        return Form(customerID: customerID, conversationID: conversationID, title: title, included: included, excluded: excluded,
                    pricings: pricings, price: price, estimate: estimate, startsOn: startsOn, endsOn: endsOn, days: days,
                    nextStep: nextStep, ownerUs: nextStepOwner == "us", currency: policy.business.currency,
                    titleError: problems["title"], includedError: problems["included"], excludedError: problems["excluded"],
                    pricingError: problems["pricing"], priceError: problems["price"], estimateError: problems["estimate"],
                    startsonError: problems["starts_on"], endsonError: problems["ends_on"],
                    durationdaysError: problems["duration_days"], nextstepError: problems["next_step"],
                    // A problem of no field shown here is said above the form, never dropped.
                    otherProblem: problems["other"]
                        ?? problems.filter { !Self.shownFields.contains($0.key) }.sorted { $0.key < $1.key }.first?.value)
    }

    /// The fields the form shows a problem beside.
    static let shownFields: Set<String> = ["title", "included", "excluded", "pricing", "price", "estimate", "starts_on", "ends_on",
                                           "duration_days", "next_step"]
}

/// Estimates as owners write them: `4h`, `90m`, `1h30m`, or a plain number of hours.
enum EstimateInput {
    static func span(_ text: String) -> TimeSpan? {
        if let hours = Double(text.trimmingCharacters(in: .whitespaces)), hours > 0, hours <= 10_000 {
            return TimeSpan(seconds: Int64((hours * 3600).rounded()))
        }
        return DurationText.parse(Substring(text)).flatMap { $0.seconds > 0 ? $0 : nil }
    }

    static func text(_ span: TimeSpan) -> String {
        let minutes = span.seconds / 60
        return minutes % 60 == 0 ? "\(minutes / 60)h" : (minutes >= 60 ? "\(minutes / 60)h\(minutes % 60)m" : "\(minutes)m")
    }
}
