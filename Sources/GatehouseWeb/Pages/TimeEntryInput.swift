import Foundation
import GatehouseCore

/// The "add time" form of a customer's page, as typed: a local date, a start time and a length.
struct TimeEntryInput {
    var date = ""
    var start = ""
    var minutes = ""
    var note = ""
    var billable = true
    var urgent = false
    /// The job the time was for; empty for none.
    var job = ""

    init() {}

    init(_ fields: FormFields) {
        date = fields["date"]
        start = fields["start"]
        minutes = fields["minutes"]
        note = fields["note"]
        billable = fields["billable"] == "yes"
        urgent = fields["urgent"] == "yes"
        job = fields["job_id"]
    }

    /// The entry to store, or the problems by field (`date`, `start`, `minutes`).
    func draft(customerID: Customer.ID, calendar: BusinessCalendar) -> Result<TimeEntryDraft, Problems> {
        var problems: [String: String] = [:]
        let day = CivilDate(iso: Substring(date))
        if day == nil { problems["date"] = "'\(date)' is not a date written 2026-11-23." }
        let minute = ClockTime.minutes(Substring(start)).flatMap { $0 < 1440 ? $0 : nil }
        if minute == nil { problems["start"] = "'\(start)' is not a time of day written 09:30." }
        let length = Int(minutes)
        if length == nil || length! <= 0 {
            problems["minutes"] = "'\(minutes)' is not a number of minutes above zero."
        }
        guard problems.isEmpty, let day, let minute, let length else { return .failure(Problems(byField: problems)) }
        guard let startedAt = calendar.instant(of: day, minute: minute) else {
            return .failure(Problems(byField: ["start": "\(start) does not exist on \(day): the clocks skip it."]))
        }
        return .success(TimeEntryDraft(customerID: customerID, jobID: job.isEmpty ? nil : Job.ID(job), startedAt: startedAt.secondsSince1970,
                                       endedAt: startedAt.secondsSince1970 + Int64(length) * 60, billable: billable,
                                       urgent: urgent, source: .manual, note: note))
    }

    struct Problems: Error {
        var byField: [String: String]
    }

    /// A store error's message beside the form field it is about.
    static func problems(_ error: StoreError) -> [String: String] {
        error.formProblems(fields: ["started_at": "start", "ended_at": "minutes", "note": "note", "customer_id": "other",
                                    "job_id": "job"])
    }
}
