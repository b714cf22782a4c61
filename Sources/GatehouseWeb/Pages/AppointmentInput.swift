import Foundation
import GatehouseCore

/// The "add an appointment" form, as typed: who, what kind, a local date, start and length,
/// where, the agenda, and the owner's reason when it runs into protected time.
struct AppointmentInput {
    var customerID = ""
    var kind = Appointment.Kind.call.rawValue
    var title = ""
    var date = ""
    var start = ""
    var minutes = "30"
    var place = ""
    var agenda = ""
    var overrideReason = ""

    init() {}

    init(_ fields: FormFields) {
        customerID = fields["customer_id"]
        kind = fields["kind"]
        title = fields["title"]
        date = fields["date"]
        start = fields["start"]
        minutes = fields["minutes"]
        place = fields["place"]
        agenda = fields.raw("agenda")
        overrideReason = fields["override_reason"]
    }

    /// The appointment to book, or the problems by field. `customerName` names the customer for
    /// the default title ("Call with Maria Lopez").
    func draft(calendar: BusinessCalendar, customerName: String?) -> Result<AppointmentDraft, TimeEntryInput.Problems> {
        var problems: [String: String] = [:]
        let chosen = Appointment.Kind(rawValue: kind)
        if chosen == nil { problems["kind"] = "Choose a call, a meeting or a site visit." }
        let day = CivilDate(iso: Substring(date))
        if day == nil { problems["date"] = "'\(date)' is not a date written 2026-11-23." }
        let minute = ClockTime.minutes(Substring(start)).flatMap { $0 < 1440 ? $0 : nil }
        if minute == nil { problems["start"] = "'\(start)' is not a time of day written 14:00." }
        let length = Int(minutes)
        if length == nil || length! <= 0 || length! > 12 * 60 {
            problems["minutes"] = "'\(minutes)' is not a number of minutes from 1 to 720."
        }
        if !customerID.isEmpty, customerName == nil { problems["customer_id"] = "Choose one of your customers, or nobody." }
        guard problems.isEmpty, let chosen, let day, let minute, let length else { return .failure(.init(byField: problems)) }
        guard let startsAt = calendar.instant(of: day, minute: minute) else {
            return .failure(.init(byField: ["start": "\(start) does not exist on \(day): the clocks skip it."]))
        }
        let name = title.isEmpty ? chosen.label + (customerName.map { " with " + $0 } ?? "") : title
        return .success(AppointmentDraft(customerID: customerID.isEmpty ? nil : Customer.ID(customerID), kind: chosen, title: name,
                                         startsAt: startsAt.secondsSince1970,
                                         endsAt: startsAt.secondsSince1970 + Int64(length) * 60, place: place, agenda: agenda))
    }

    /// A store error's message beside the form field it is about.
    static func problems(_ error: StoreError) -> [String: String] {
        error.formProblems(fields: ["title": "title", "minutes": "minutes", "place": "place", "agenda": "agenda",
                                    "customer_id": "customer_id", "override_reason": "override_reason", "starts_at": "start"])
    }
}
