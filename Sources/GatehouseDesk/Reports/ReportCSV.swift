import Foundation
import GatehouseCore
import GatehouseStore

/// The reports as CSV files (RFC 4180, CRLF, guarded against spreadsheet formulas): the monthly
/// per-customer report, and the time entries of a month.
public enum ReportCSV {
    /// One line per customer in the report, minutes and money as plain numbers.
    public static func monthly(_ month: MonthReport) -> String {
        var csv = CSV(header: ["month", "customer_id", "customer", "plan", "time_minutes", "billable_minutes",
                               "allowance_minutes", "allowance_used_percent", "allowance_level", "fee", "charges",
                               "change_orders", "revenue", "currency", "hourly_rate", "time_share_percent",
                               "revenue_share_percent", "healthy_distance", "reason"])
        let report = month.report
        for line in report.customers {
            csv.append([
                .number(month.month.description), .text(line.figures.customerID.rawValue), .text(line.figures.name), .text(line.planName),
                .number("\(line.figures.time.wholeMinutes)"), .number("\(line.figures.billable.wholeMinutes)"),
                .number(line.allowance.allowance.map { "\($0.wholeMinutes)" } ?? ""),
                .number(line.allowance.fraction.map { "\(Int(($0 * 100).rounded()))" } ?? ""),
                .text(line.allowance.level.rawValue),
                .number(Money.decimal(cents: line.feeCents)), .number(Money.decimal(cents: line.figures.chargesCents)),
                .number(Money.decimal(cents: line.figures.changeOrderCents)), .number(Money.decimal(cents: line.revenueCents)),
                .text(report.currency), .number(line.rate.centsPerHour.map(Money.decimal(cents:)) ?? ""),
                .number(percent(line.distance.timeShare)), .number(percent(line.distance.revenueShare)),
                .text(line.distance.flagged ? "yes" : "no"), .text(line.distance.reason),
            ])
        }
        return csv.text
    }

    /// One line per time entry, times in ISO 8601 with the business's offset.
    public static func timeEntries(_ entries: [Reports.ExportedEntry], calendar: BusinessCalendar) -> String {
        var csv = CSV(header: ["id", "customer_id", "customer", "started_at", "ended_at", "minutes", "billable", "urgent",
                               "source", "job_id", "conversation_id", "user_id", "note"])
        for item in entries {
            let entry = item.entry
            csv.append([
                .text(entry.id), .text(entry.customerID.rawValue), .text(item.customerName),
                .number(calendar.iso8601(Instant(secondsSince1970: entry.startedAt))),
                .number(calendar.iso8601(Instant(secondsSince1970: entry.endedAt))),
                .number("\(entry.length.wholeMinutes)"), .text(entry.billable ? "yes" : "no"), .text(entry.urgent ? "yes" : "no"),
                .text(entry.source.rawValue), .text(entry.jobID?.rawValue ?? ""), .text(entry.conversationID?.rawValue ?? ""), .text(entry.userID),
                .text(entry.note),
            ])
        }
        return csv.text
    }

    /// A share as a percentage with one decimal: "18.0".
    static func percent(_ share: Double) -> String { String(format: "%.1f", share * 100) }
}
