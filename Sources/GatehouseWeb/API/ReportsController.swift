import Foundation
import GatehouseCore
import GatehouseDesk
import Hummingbird

/// `/api/v1/reports`: the monthly per-customer report as JSON or CSV, and the month's time
/// entries as CSV. `month` is `YYYY-MM` in the business's own time zone (this month when left out).
struct ReportsController {

    struct CustomerJSON: Encodable {
        var customerID, name, plan: String
        var timeMinutes, billableMinutes: Int64
        var allowanceMinutes: Int64?
        var allowanceUsedPercent: Int?
        var allowanceLevel, allowance: String
        var feeCents, chargesCents, changeOrderCents, revenueCents: Int64
        var hourlyRateCents: Int64?
        var hourlyRate: String
        var timeSharePercent, revenueSharePercent: Double
        var healthyDistance: Bool
        var reason: String
        var additionalChargeDue: Bool

        enum CodingKeys: String, CodingKey {
            case name, plan, allowance, reason
            case customerID = "customer_id", timeMinutes = "time_minutes", billableMinutes = "billable_minutes"
            case allowanceMinutes = "allowance_minutes", allowanceUsedPercent = "allowance_used_percent"
            case allowanceLevel = "allowance_level", feeCents = "fee_cents", chargesCents = "charges_cents"
            case changeOrderCents = "change_order_cents", revenueCents = "revenue_cents", hourlyRateCents = "hourly_rate_cents"
            case hourlyRate = "hourly_rate", timeSharePercent = "time_share_percent"
            case revenueSharePercent = "revenue_share_percent", healthyDistance = "healthy_distance"
            case additionalChargeDue = "additional_charge_due"
        }

        init(_ line: CustomerMonth) {
            customerID = line.figures.customerID.rawValue
            name = line.figures.name
            plan = line.figures.planID
            timeMinutes = line.figures.time.wholeMinutes
            billableMinutes = line.figures.billable.wholeMinutes
            allowanceMinutes = line.allowance.allowance?.wholeMinutes
            allowanceUsedPercent = line.allowance.fraction.map { Int(($0 * 100).rounded()) }
            allowanceLevel = line.allowance.level.rawValue
            allowance = line.allowanceWords
            feeCents = line.feeCents
            chargesCents = line.figures.chargesCents
            changeOrderCents = line.figures.changeOrderCents
            revenueCents = line.revenueCents
            hourlyRateCents = line.rate.centsPerHour
            hourlyRate = line.rate.words
            timeSharePercent = (line.distance.timeShare * 1000).rounded() / 10
            revenueSharePercent = (line.distance.revenueShare * 1000).rounded() / 10
            healthyDistance = line.distance.flagged
            reason = line.distance.reason
            additionalChargeDue = line.additionalChargeDue
        }
    }

    struct WeekJSON: Encodable {
        var week: String
        var kept, missed: Int
    }

    struct ReportJSON: Encodable {
        var month, currency, hourlyRate, urgent: String
        var timeMinutes, billableMinutes, urgentMinutes, emergencyBufferMinutes: Int64
        var feesCents, chargesCents, changeOrderCents, revenueCents: Int64
        var hourlyRateCents: Int64?
        var referrals: Int
        var promises: [WeekJSON]
        var customers: [CustomerJSON]

        enum CodingKeys: String, CodingKey {
            case month, currency, urgent, referrals, promises, customers
            case hourlyRate = "hourly_rate", timeMinutes = "time_minutes", billableMinutes = "billable_minutes"
            case urgentMinutes = "urgent_minutes", emergencyBufferMinutes = "emergency_buffer_minutes"
            case feesCents = "fees_cents", chargesCents = "charges_cents", changeOrderCents = "change_order_cents"
            case revenueCents = "revenue_cents", hourlyRateCents = "hourly_rate_cents"
        }
    }

    func add(to group: RouterGroup<DeskContext>) {
        group.get("reports/monthly") { request, context in
            let desk = try context.requireDesk()
            let reporting = try desk.reporting()
            let result = try await reporting.report(try month(request, reporting, now: desk.now), now: desk.now)
            let report = result.report
            return try JSONResponse.make(ReportJSON(
                month: result.month.description, currency: report.currency, hourlyRate: report.rate.words,
                urgent: result.urgent.words, timeMinutes: report.totalTime.wholeMinutes,
                billableMinutes: report.totalBillable.wholeMinutes, urgentMinutes: result.urgent.used.wholeMinutes,
                emergencyBufferMinutes: result.urgent.reserved.wholeMinutes, feesCents: report.totalFeesCents,
                chargesCents: report.totalChargesCents, changeOrderCents: report.totalChangeOrderCents,
                revenueCents: report.totalRevenueCents, hourlyRateCents: report.rate.centsPerHour, referrals: result.referrals,
                promises: result.promises.map { WeekJSON(week: $0.monday.description, kept: $0.kept, missed: $0.missed) },
                customers: report.customers.map(CustomerJSON.init)))
        }
        group.get("reports/monthly.csv") { request, context in
            let desk = try context.requireDesk()
            let reporting = try desk.reporting()
            let month = try month(request, reporting, now: desk.now)
            return ReportsPage.csv(ReportCSV.monthly(try await reporting.report(month, now: desk.now)),
                                   filename: "gatehouse-report-\(month).csv")
        }
        group.get("reports/time-entries.csv") { request, context in
            let desk = try context.requireDesk()
            let reporting = try desk.reporting()
            let month = try month(request, reporting, now: desk.now)
            let customer = request.uri.queryParameters.get("customer").flatMap { $0.isEmpty ? nil : $0 }
            guard let entries = try await reporting.timeEntries(month, customerID: customer.map { Customer.ID($0) }) else {
                throw APIError(.notFound, code: "not_found", "no customer \(customer ?? "")", field: "customer")
            }
            return ReportsPage.csv(ReportCSV.timeEntries(entries, calendar: try desk.calendar()),
                                   filename: "gatehouse-time-\(month).csv")
        }
    }

    /// The `month` parameter, or this month; a bad one is a 400 naming the field.
    private func month(_ request: Request, _ reporting: MonthlyReporting, now: Instant) throws -> ReportMonth {
        guard let text = request.uri.queryParameters.get("month"), !text.isEmpty else {
            return reporting.currentMonth(now: now)
        }
        do {
            return try ReportMonth.parse(text)
        } catch {
            throw APIError(.badRequest, code: "bad_parameter", "month: \(error.message)", field: "month")
        }
    }
}
