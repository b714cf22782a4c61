/// The drafted note to a customer past their plan's monthly allowance, and the amount it
/// suggests: the time over, at the hourly price of the policy's first service priced by the
/// hour (rounded up to the quarter hour), or nothing when no service is priced by the hour —
/// the owner fills the amount in before sending.
public struct AdditionalCharge: Sendable, Equatable {
    /// The note, from the `additional_charge` template.
    public var text: String
    /// The suggested amount in cents; nil when the policy gives no hourly price.
    public var suggestedCents: Int64?
    /// Where the amount came from, for the owner: "1 hour 15 minutes at 120.00 USD an hour (Repairs)".
    public var reason: String

    public static func draft(line: CustomerMonth, month: ReportMonth, policy: Policy, customerName: String,
                             amountCents: Int64? = nil) -> AdditionalCharge {
        let over = line.overAllowance
        let hourly = BookingAllowance.hourlyPrice(policy)
        let quarters = (over.seconds + 899) / 900
        let suggested = hourly.map { quarters * $0.cents / 4 }
        let reason = hourly.map { service, cents in
            "\(TimeSpan(seconds: quarters * 900).spokenDescription) at \(policy.business.money(cents)) "
                + "an hour (\(service)), the time over rounded up to the quarter hour"
        } ?? "no service in the policy is priced by the hour: write the amount yourself"
        let amount = amountCents ?? suggested
        let first = customerName.split(separator: " ").first.map(String.init) ?? customerName
        let values: [String: String] = [
            "business.name": policy.business.name, "business.email": policy.business.email ?? "",
            "business.phone": policy.business.phone ?? "", "business.website": policy.business.website ?? "",
            "customer.name": customerName, "customer.first_name": first, "plan.name": line.planName,
            "month.name": month.name, "allowance.total": line.allowance.allowance?.spokenDescription ?? "",
            "allowance.used": line.figures.time.spokenDescription, "allowance.over": over.spokenDescription,
            "charge.amount": amount.map(policy.business.money) ?? "[amount]",
        ]
        return AdditionalCharge(text: policy.message(.additionalCharge, values), suggestedCents: suggested, reason: reason)
    }
}
