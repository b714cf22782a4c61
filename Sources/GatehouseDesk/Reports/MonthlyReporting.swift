import Foundation
import GatehouseCore
import GatehouseStore

/// Everything the Reports page and the API show for one month of one workspace.
public struct MonthReport: Sendable {
    public var month: ReportMonth
    public var report: MonthlyReport
    public var urgent: UrgentTimeUse
    public var promises: [PromiseWeek]
    /// Requests referred out to partners in the month.
    public var referrals: Int
    /// Sessions begun on time and kept within their box; each customer's booked against used time.
    public var quality: QualityTime
}

/// Puts a month's report together: the store's grouped sums, then Core's decisions.
public struct MonthlyReporting: Sendable {
    let database: Database
    let workspace: Workspace
    let policy: Policy
    let calendar: BusinessCalendar

    public init(database: Database, workspace: Workspace) throws {
        self.database = database
        self.workspace = workspace
        policy = try workspace.policy()
        calendar = try workspace.businessCalendar()
    }

    /// The report for `month`, as things stand at `now` (promises not yet due are left out).
    public func report(_ month: ReportMonth, now: Instant) async throws -> MonthReport {
        let (start, end) = month.bounds(calendar)
        let reports = Reports(database: database, workspaceID: workspace.id)
        let figures = try await reports.figures(from: start, to: end)
        let promises = try await reports.promises(from: start, to: end)
        return MonthReport(month: month, report: MonthlyReport.make(month: month, figures: figures.customers, policy: policy),
                           urgent: UrgentTimeUse.of(used: figures.urgentTime, month: month, policy: policy, calendar: calendar),
                           promises: PromisesKept.weeks(promises, month: month, calendar: calendar, now: now),
                           referrals: figures.referrals,
                           quality: QualityTime.of(try await reports.bookedSessions(from: start, to: end)))
    }

    /// The month `now` falls in, locally.
    public func currentMonth(now: Instant) -> ReportMonth { ReportMonth.containing(now, calendar: calendar) }

    /// When the month begins and ends, in the business's time zone.
    public func bounds(_ month: ReportMonth) -> (start: Instant, end: Instant) { month.bounds(calendar) }

    /// The drafted additional-charge note for a customer's line.
    public func draft(_ line: CustomerMonth, month: ReportMonth, amountCents: Int64? = nil) -> AdditionalCharge {
        AdditionalCharge.draft(line: line, month: month, policy: policy, customerName: line.figures.name, amountCents: amountCents)
    }

    /// Sends the owner's reviewed additional-charge note to the customer through the outbox (as a
    /// reply in their latest conversation, in the next response window) and records the charge,
    /// dated inside `month` so that the month's report counts it.
    public func sendAdditionalCharge(customerID: Customer.ID, month: ReportMonth, text: String, amountCents: Int64,
                                     now: Instant) async throws -> OutboxEmail {
        guard amountCents > 0 else { throw ReplyProblem(code: .invalid, field: "amount", message: "the amount must be more than zero") }
        guard let customer = try await Customers(database: database, workspaceID: workspace.id).get(customerID) else {
            throw ReplyProblem(code: .notFound, field: "customer", message: "there is no customer \(customerID)")
        }
        guard let conversationID = try await Reports(database: database, workspaceID: workspace.id)
            .latestConversation(customerID: customerID)
        else {
            throw ReplyProblem(code: .invalid, field: "customer",
                               message: "\(customer.name) has no conversation to send the note in; write to them first")
        }
        let email = try await Replies(database: database, workspace: workspace)
            .write(conversationID: conversationID, text: text, sendNow: false, now: now)
        let (start, end) = month.bounds(calendar)
        let chargedAt = now < start ? start : now < end ? now : end - TimeSpan(seconds: 1)
        try await Charges(database: database, workspaceID: workspace.id)
            .add(customerID: customerID, kind: .additional, description: "Time past the plan's allowance, \(month.name)",
                 amountCents: amountCents, chargedAt: chargedAt)
        return email
    }
}
