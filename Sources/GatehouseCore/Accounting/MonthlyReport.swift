/// What the store knows about one customer in one month: the sums the report is made of.
public struct CustomerMonthFigures: Sendable, Equatable {
    public var customerID: Customer.ID
    public var name: String
    public var planID: String
    /// All time recorded for the customer in the month, billable or not.
    public var time: TimeSpan
    /// The billable part of `time`.
    public var billable: TimeSpan
    /// Charges beyond the plan's fee dated in the month (jobs, change orders, additional charges).
    public var chargesCents: Int64
    /// The part of `chargesCents` from accepted change orders.
    public var changeOrderCents: Int64
    /// The part of `chargesCents` from additional charges past the allowance.
    public var additionalCents: Int64
    /// Whether the plan's fee counts this month: a customer (not a prospect) who already was one
    /// before the month ended.
    public var paysFee: Bool

    public init(customerID: Customer.ID, name: String, planID: String, paysFee: Bool = true, time: TimeSpan = .zero,
                billable: TimeSpan = .zero, chargesCents: Int64 = 0, changeOrderCents: Int64 = 0, additionalCents: Int64 = 0) {
        self.customerID = customerID
        self.name = name
        self.planID = planID
        self.paysFee = paysFee
        self.time = time
        self.billable = billable
        self.chargesCents = chargesCents
        self.changeOrderCents = changeOrderCents
        self.additionalCents = additionalCents
    }
}

/// Revenue per hour of the owner's time: what a customer's fee and charges come to for each
/// hour spent on them.
public struct HourlyRate: Sendable, Equatable {
    /// Cents per hour; nil when no time was recorded (there is no rate to speak of).
    public var centsPerHour: Int64?
    /// "$52.00 an hour", or why there is none.
    public var words: String

    /// Revenue divided by time.
    public static func of(revenueCents: Int64, time: TimeSpan, business: Business) -> HourlyRate {
        guard time.seconds > 0 else {
            return HourlyRate(centsPerHour: nil, words: "no time recorded, so no hourly rate")
        }
        let cents = Int64((Double(revenueCents) * 3600 / Double(time.seconds)).rounded())
        return HourlyRate(centsPerHour: cents, words: business.money(cents) + " an hour")
    }
}

/// One customer's line in the monthly report.
public struct CustomerMonth: Sendable, Equatable {
    public var figures: CustomerMonthFigures
    /// The plan's name, or the plan id when the policy no longer has that plan.
    public var planName: String
    /// Time used against the plan's allowance (warnings at 80% and 100%).
    public var allowance: AllowanceUse
    /// "1 hour 50 minutes of the Care plan's 2 hours this month (92%): nearly used".
    public var allowanceWords: String
    /// The plan's fee for the month.
    public var feeCents: Int64
    /// Fee plus charges.
    public var revenueCents: Int64
    public var rate: HourlyRate
    public var distance: HealthyDistance
    /// Past 100% of the allowance with no additional charge recorded yet this month: the owner
    /// is offered a drafted additional-charge note.
    public var additionalChargeDue: Bool
    /// The time past the allowance (zero when within it or when the plan has none).
    public var overAllowance: TimeSpan
}

/// The month across all customers: time against what each pays, the effective hourly rate and
/// who takes a disproportionate share of the owner's time.
public struct MonthlyReport: Sendable, Equatable {
    public var month: ReportMonth
    public var currency: String
    /// How the business writes its amounts.
    public var locale: BusinessLocale
    /// Most time first, then most revenue, then by name.
    public var customers: [CustomerMonth]
    public var totalTime: TimeSpan
    public var totalBillable: TimeSpan
    public var totalFeesCents: Int64
    public var totalChargesCents: Int64
    public var totalChangeOrderCents: Int64
    public var totalRevenueCents: Int64
    public var rate: HourlyRate

    /// The report for `month` from the store's per-customer sums. A customer is listed when they
    /// pay a fee, were charged, or took time; a plan missing from the policy counts as no fee and
    /// no allowance (and says so by its id).
    public static func make(month: ReportMonth, figures: [CustomerMonthFigures], policy: Policy) -> MonthlyReport {
        let currency = policy.business.currency
        let totalTime = TimeSpan(seconds: figures.reduce(0) { $0 + max(0, $1.time.seconds) })
        let fees: [Int64] = figures.map { figure in
            figure.paysFee ? policy.plan(id: figure.planID).map { Money.monthlyFeeCents($0.fee) } ?? 0 : 0
        }
        let totalRevenue = zip(figures, fees).reduce(Int64(0)) { $0 + $1.1 + $1.0.chargesCents }
        var lines: [CustomerMonth] = []
        lines.reserveCapacity(figures.count)
        for (figure, fee) in zip(figures, fees) where fee > 0 || figure.chargesCents > 0 || figure.time.seconds > 0 {
            let plan = policy.plan(id: figure.planID)
            let revenue = fee + figure.chargesCents
            let use: AllowanceUse
            let words: String
            if let plan {
                use = AllowanceUse.of(used: figure.time, plan: plan)
                words = use.words(plan: plan)
            } else {
                use = AllowanceUse(used: figure.time, allowance: nil, level: .none, fraction: nil)
                words = "\(figure.time.seconds == 0 ? "no time" : figure.time.spokenDescription) this month "
                    + "(the plan '\(figure.planID)' is not in the policy)"
            }
            let over = use.allowance.map { TimeSpan(seconds: max(0, figure.time.seconds - $0.seconds)) } ?? .zero
            lines.append(CustomerMonth(
                figures: figure, planName: plan?.name ?? figure.planID, allowance: use, allowanceWords: words, feeCents: fee,
                revenueCents: revenue, rate: HourlyRate.of(revenueCents: revenue, time: figure.time, business: policy.business),
                distance: HealthyDistance.check(time: figure.time, totalTime: totalTime, revenueCents: revenue,
                                                totalRevenueCents: totalRevenue),
                additionalChargeDue: over.seconds > 0 && figure.additionalCents == 0, overAllowance: over))
        }
        lines.sort {
            ($0.figures.time.seconds, $0.revenueCents) != ($1.figures.time.seconds, $1.revenueCents)
                ? ($0.figures.time.seconds, $0.revenueCents) > ($1.figures.time.seconds, $1.revenueCents)
                : ($0.figures.name, $0.figures.customerID) < ($1.figures.name, $1.figures.customerID)
        }
        let totalFees = lines.reduce(0) { $0 + $1.feeCents }
        let charges = figures.reduce(0) { $0 + $1.chargesCents }
        return MonthlyReport(
            month: month, currency: currency, locale: policy.business.locale, customers: lines, totalTime: totalTime,
            totalBillable: TimeSpan(seconds: figures.reduce(0) { $0 + $1.billable.seconds }), totalFeesCents: totalFees,
            totalChargesCents: charges, totalChangeOrderCents: figures.reduce(0) { $0 + $1.changeOrderCents },
            totalRevenueCents: totalRevenue, rate: HourlyRate.of(revenueCents: totalRevenue, time: totalTime, business: policy.business))
    }

    /// The customers flagged for a healthy-distance conversation.
    public var flagged: [CustomerMonth] { customers.filter(\.distance.flagged) }
}

extension MonthlyReport {
    /// An amount of this report as the business writes it: "$1,234.50".
    public func money(_ cents: Int64) -> String { locale.money(cents: cents, currency: currency) }
}
