import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// `/reports`: a month of the owner's time against what each customer pays, drawn as charts
/// with the same numbers in tables; CSV downloads; and, for a customer past their allowance,
/// the drafted additional-charge note to review and send.
struct ReportsPage {
    let owner: OwnerPages
    /// How many customers the charts show (most time first); the table lists every one.
    static let chartedCustomers = 10

    func add(to router: RouterGroup<DeskContext>) {
        router.get("reports") { request, context in
            let signedIn = try context.requireCaller()
            let reporting = try context.requireDesk().reporting()
            guard let month = try month(request, reporting) else { return badMonth(request) }
            return try await page(signedIn, reporting, month, done: request.uri.queryParameters.get("done"))
        }
        router.get("reports/monthly.csv") { request, context in
            let reporting = try context.requireDesk().reporting()
            guard let month = try month(request, reporting) else { return badMonth(request) }
            let report = try await reporting.report(month, now: owner.clock.now())
            return Self.csv(ReportCSV.monthly(report), filename: "gatehouse-report-\(month).csv")
        }
        router.get("reports/time-entries.csv") { request, context in
            let signedIn = try context.requireCaller()
            let reporting = try context.requireDesk().reporting()
            guard let month = try month(request, reporting) else { return badMonth(request) }
            let customer = request.uri.queryParameters.get("customer").flatMap { $0.isEmpty ? nil : $0 }
            // A customer not of this workspace has no time here: an empty file, as for a quiet month.
            let entries = try await reporting.timeEntries(month, customerID: customer.map { Customer.ID($0) }) ?? []
            return Self.csv(ReportCSV.timeEntries(entries, calendar: try signedIn.workspace.businessCalendar()),
                            filename: "gatehouse-time-\(month).csv")
        }
        router.post("reports/additional-charge") { request, context in
            let signedIn = try context.requireCaller()
            let fields = context.form
            let reporting = try context.requireDesk().reporting()
            let month = try? ReportMonth.parse(fields["month"])
            guard let month else { return badMonth(request) }
            guard let cents = Money.cents(typed: fields["amount"]) else {
                let currency = try signedIn.workspace.policy().business.currency
                return try await page(signedIn, reporting, month, problem: (fields["customer"], fields.raw("text"),
                    "Amount: write the amount in \(currency) such as 75 or 75.50."), status: .unprocessableContent)
            }
            do {
                _ = try await reporting.sendAdditionalCharge(customerID: Customer.ID(fields["customer"]), month: month, text: fields.raw("text"),
                                                             amountCents: cents, now: owner.clock.now())
            } catch let problem as ReplyProblem {
                return try await page(signedIn, reporting, month,
                                      problem: (fields["customer"], fields.raw("text"), problem.sentence.capitalizedFirst + "."),
                                      status: problem.code == .notFound ? .notFound : .unprocessableContent)
            }
            return Response(status: .seeOther, headers: [.location: "/reports?month=\(month)&done=charge#allowance-heading"])
        }
    }

    /// The month asked for, the current one when none is; nil when `month` is not `YYYY-MM`.
    private func month(_ request: Request, _ reporting: MonthlyReporting) throws -> ReportMonth? {
        guard let text = request.uri.queryParameters.get("month"), !text.isEmpty else {
            return reporting.currentMonth(now: owner.clock.now())
        }
        return try? ReportMonth.parse(text)
    }

    private func badMonth(_ request: Request) -> Response {
        let text = request.uri.queryParameters.get("month") ?? ""
        var message = "month: expected a month written YYYY-MM, such as 2026-11"
        do { _ = try ReportMonth.parse(text) } catch { message = "month: \(error.message)" }
        return owner.pages.errorPage(.badRequest, heading: "That month was not understood", message: message,
                                     link: ("/reports", "This month's report"))
    }

    /// A CSV file to download.
    static func csv(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                        .contentDisposition: "attachment; filename=\"\(filename)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private func page(_ signedIn: Caller, _ reporting: MonthlyReporting, _ month: ReportMonth, done: String? = nil,
                      problem: (customer: String, text: String, message: String)? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let result = try await reporting.report(month, now: owner.clock.now())
        let report = result.report
        let money = report.money
        func hours(_ span: TimeSpan) -> Double { Double(span.seconds) / 3600 }
        func pct(_ share: Double) -> String { HealthyDistance.percent(share) }
        let charted = Array(report.customers.prefix(Self.chartedCustomers))

        // Time per customer against revenue, as shares of the month so both fit one axis.
        let shareRows = charted.map { line in
            ChartRow(label: line.figures.name + (line.distance.flagged ? " (worth a conversation)" : ""), bars: [
                ChartBar(value: line.distance.timeShare * 100,
                         text: "time \(pct(line.distance.timeShare)) · \(short(line.figures.time))",
                         fill: line.distance.flagged ? "#b44d4d" : "#3e6fb0"),
                ChartBar(value: line.distance.revenueShare * 100,
                         text: "revenue \(pct(line.distance.revenueShare)) · \(money(line.revenueCents))", fill: "#2f7d5c"),
            ])
        }
        let shareTop = ReportCharts.ticks(upTo: max(charted.map { max($0.distance.timeShare, $0.distance.revenueShare) * 100 }.max() ?? 0, 10))
        let timeChart = charted.isEmpty ? nil : ReportCharts.bars(
            id: "share", title: "Time per customer against revenue, \(month.name)",
            description: charted.map { "\($0.figures.name): \(pct($0.distance.timeShare)) of your time (\($0.figures.time.spokenDescription)), "
                + "\(pct($0.distance.revenueShare)) of revenue (\(money($0.revenueCents)))"
                + ($0.distance.flagged ? ", flagged for a healthy-distance conversation" : "") }.joined(separator: ". ") + ".",
            axisLabel: "Share of the month's time and revenue (%)", rows: shareRows, maximum: shareTop.maximum,
            ticks: shareTop.ticks, unit: "%")

        // Allowance use: customers whose plan has an allowance, the fullest first.
        let withAllowance = report.customers.filter { $0.allowance.fraction != nil }
            .sorted { ($0.allowance.fraction ?? 0) > ($1.allowance.fraction ?? 0) }
        let allowanceCharted = Array(withAllowance.prefix(Self.chartedCustomers))
        let allowanceTop = ReportCharts.ticks(upTo: max(150, (allowanceCharted.first?.allowance.fraction ?? 0) * 100), count: 3)
        // Nobody used any of their allowance yet: a sentence, not a chart of zeros.
        let allowanceUnused = !allowanceCharted.isEmpty && allowanceCharted.allSatisfy { ($0.allowance.fraction ?? 0) == 0 }
        let allowanceChart = allowanceCharted.isEmpty || allowanceUnused ? nil : ReportCharts.bars(
            id: "allowance", title: "Allowance used, \(month.name)",
            description: allowanceCharted.map { "\($0.figures.name): \($0.allowanceWords)" }.joined(separator: ". ") + ".",
            axisLabel: "Share of the plan's monthly allowance used (%)",
            rows: allowanceCharted.map { line in
                let fraction = line.allowance.fraction ?? 0
                return ChartRow(label: line.figures.name, bars: [ChartBar(
                    value: fraction * 100,
                    text: "\(pct(fraction)) · \(short(line.figures.time)) of \(short(line.allowance.allowance ?? .zero))",
                    fill: line.allowance.level == .reached ? "#b44d4d" : line.allowance.level == .nearing ? "#9a6412" : "#3e6fb0")])
            }, maximum: allowanceTop.maximum, ticks: allowanceTop.ticks, unit: "%",
            marks: [(80, "80%"), (100, "100%")])

        // Urgent time against the emergency buffer kept free.
        let urgent = result.urgent
        let urgentTop = ReportCharts.ticks(upTo: max(hours(urgent.used), hours(urgent.reserved), 1))
        // A month without urgent time or buffer reads as a sentence, not as two empty bars.
        let urgentChart = urgent.used.seconds == 0 && urgent.reserved.seconds == 0 ? nil : ReportCharts.bars(
            id: "urgent", title: "Time on urgent matters against the emergency buffer, \(month.name)",
            description: urgent.words + ".", axisLabel: "Hours in the month",
            rows: [ChartRow(label: "Emergency buffer kept free", bars: [ChartBar(value: hours(urgent.reserved),
                                                                                   text: short(urgent.reserved), fill: "#6b7c93")]),
                   ChartRow(label: "Spent on urgent matters", bars: [ChartBar(value: hours(urgent.used), text: short(urgent.used),
                                                                              fill: "#b44d4d")])],
            maximum: urgentTop.maximum, ticks: urgentTop.ticks, unit: "h")

        // Promises kept by week.
        let promisesChart = result.promises.allSatisfy({ $0.total == 0 }) ? nil : ReportCharts.bars(
            id: "promises", title: "Promises kept by week, \(month.name)",
            description: result.promises.map(\.words).joined(separator: ". ") + ".",
            axisLabel: "Promises kept (% of those that fell due)",
            rows: result.promises.map { week in
                ChartRow(label: "Week of \(PromiseWeek.dayName(week.monday))", bars: [ChartBar(
                    value: week.total == 0 ? 0 : Double(week.kept) / Double(week.total) * 100,
                    text: week.total == 0 ? "none fell due" : "\(week.kept) of \(week.total) kept",
                    fill: week.missed == 0 ? "#2f7d5c" : "#9a6412")])
            }, maximum: 100, ticks: [0, 25, 50, 75, 100], unit: "%")

        let policy = try signedIn.workspace.policy()
        let due = report.customers.filter(\.additionalChargeDue).map { line -> Model.Due in
            let draft = reporting.draft(line, month: month)
            let mine = problem?.customer == line.figures.customerID.rawValue
            return Model.Due(id: line.figures.customerID.rawValue, name: line.figures.name, words: line.allowanceWords,
                             text: mine ? problem?.text ?? draft.text : draft.text,
                             amount: draft.suggestedCents.map(Money.decimal(cents:)), reason: draft.reason,
                             problem: mine ? problem?.message : nil)
        }
        let model = Model(
            month: month.description, monthName: month.name, previous: month.previous.description, next: month.next.description,
            totalTime: report.totalTime.seconds == 0 ? "No time" : report.totalTime.spokenDescription,
            noTime: report.totalTime.seconds == 0,
            billable: report.totalBillable.spokenDescription,
            revenue: money(report.totalRevenueCents), fees: money(report.totalFeesCents),
            charges: money(report.totalChargesCents), rate: report.rate.words,
            changeOrders: money(report.totalChangeOrderCents),
            referralWords: result.referrals == 1 ? "1 request referred out to a partner"
                : "\(result.referrals) requests referred out to partners",
            timeChart: timeChart, allowanceChart: allowanceChart, allowanceUnused: allowanceUnused, urgentChart: urgentChart, promisesChart: promisesChart,
            urgentWords: urgent.words,
            promiseWeeks: result.promises.map { Model.Week(words: $0.words) },
            qualityWords: result.quality.words,
            bookedTime: result.quality.customers.map {
                Model.Booked(id: $0.customerID.rawValue, name: $0.name, words: $0.words)
            },
            flagged: report.flagged.map { Model.Flag(id: $0.figures.customerID.rawValue, name: $0.figures.name, reason: $0.distance.reason) },
            customers: report.customers.map { line in
                Model.Customer(id: line.figures.customerID.rawValue, name: line.figures.name, plan: line.planName,
                               time: short(line.figures.time), revenue: money(line.revenueCents), rate: line.rate.words,
                               timeShare: pct(line.distance.timeShare), revenueShare: pct(line.distance.revenueShare),
                               allowance: line.allowanceWords.isEmpty ? nil : line.allowanceWords, flagged: line.distance.flagged)
            },
            hasFlagged: !report.flagged.isEmpty, hasCustomers: !report.customers.isEmpty,
            due: due, currency: policy.business.currency,
            done: done == "charge" ? "The note is in the outbox for the next response window, and the charge is recorded." : nil)
        return owner.render("reports", signedIn, section: .reports, title: "Reports · \(month.name)", page: model, status: status)
    }

    /// Everything the reports page shows, as the owner reads it.
    struct Model: Equatable {
        struct Week: Equatable { var words: String }
        struct Flag: Equatable { var id, name, reason: String }
        struct Customer: Equatable {
            var id, name, plan, time, revenue, rate, timeShare, revenueShare: String
            var allowance: String?
            var flagged: Bool
        }
        /// A customer past their allowance, with the additional-charge note to review.
        struct Due: Equatable {
            var id, name, words, text: String
            var amount: String?
            var reason: String
            var problem: String?
        }
        var month, monthName, previous, next: String
        var totalTime: String
        /// Nothing recorded in the month: the page says so instead of a row of zeros.
        var noTime: Bool
        var billable, revenue, fees, charges, rate, changeOrders, referralWords: String
        var timeChart, allowanceChart: String?
        /// Plans with an allowance, none of it used in the month.
        var allowanceUnused: Bool
        var urgentChart, promisesChart: String?
        var urgentWords: String
        var promiseWeeks: [Week]
        /// "3 of 4 sessions began on time (75%); …", and each customer's booked against used time.
        struct Booked: Equatable { var id, name, words: String }
        var qualityWords: String
        var bookedTime: [Booked]
        var flagged: [Flag]
        var customers: [Customer]
        var hasFlagged, hasCustomers: Bool
        var due: [Due]
        var currency: String
        var done: String?
    }


    /// "4h 30m": short enough to sit beside a bar.
    private func short(_ span: TimeSpan) -> String {
        let minutes = span.seconds / 60
        if minutes < 60 { return "\(minutes)m" }
        return "\(minutes / 60)h" + (minutes % 60 == 0 ? "" : " \(minutes % 60)m")
    }
}

extension String {
    /// The text with its first letter in capitals: "Amount".
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
