import Foundation
import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// `/appointments`: a day's calls, meetings and site visits, the form to add one (refused with
/// the collision named unless the owner gives a reason), cancelling, starting a time-boxed
/// session, and the owner's calendar feed link.
struct AppointmentsPage {
    let owner: OwnerPages
    /// Where the desk is reached from outside, for the calendar feed link.
    let publicBaseURL: String

    func add(to router: RouterGroup<DeskContext>) {
        router.get("appointments") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let calendar = try desk.calendar()
            let date = request.uri.queryParameters.get("date").flatMap { CivilDate(iso: Substring($0)) }
                ?? calendar.localTime(of: desk.now).date
            return try await page(signedIn, desk, date: date, notice: Self.notices[request.uri.queryParameters.get("done") ?? ""])
        }
        router.post("appointments") { request, context in
            let signedIn = try context.requireCaller()
            let fields = context.form
            return try await book(signedIn, context.requireDesk(), AppointmentInput(fields))
        }
        router.post("appointments/feed") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let made = TokenMaker.make()
            try await desk.appointments.replaceFeedLink(userID: signedIn.userID, tokenHash: made.hash, now: desk.now)
            let calendar = try desk.calendar()
            return try await page(signedIn, desk, date: calendar.localTime(of: desk.now).date,
                                  notice: "Your new calendar link is below. Copy it now: it is shown only this once, and the old link no longer works.",
                                  feedToken: made.token)
        }
        router.post("appointments/:id/move") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
            let fields = context.form
            let calendar = try desk.calendar()
            guard let appointment = try await desk.appointments.appointment(id) else { return notFound() }
            let day = calendar.localTime(of: Instant(secondsSince1970: appointment.startsAt)).date
            guard let date = CivilDate(iso: Substring(fields["date"])),
                  let minute = ClockTime.minutes(Substring(fields["start"])), minute < 1440,
                  let start = calendar.instant(of: date, minute: minute) else {
                return try await page(signedIn, desk, date: day, problems: ["other": "Give the new day as 2026-11-23 and the time as 14:00."],
                                      status: .unprocessableContent)
            }
            do {
                guard let moved = try await desk.customerBookings.moveByOwner(id, to: start, overrideReason: fields["override_reason"].nonEmpty,
                                                                             actor: signedIn.actor, now: desk.now) else {
                    return notFound()
                }
                let newDay = calendar.localTime(of: Instant(secondsSince1970: moved.startsAt)).date
                return Response(status: .seeOther, headers: [.location: "/appointments?date=\(newDay)&done=moved"])
            } catch let refused as AppointmentRefused {
                return try await page(signedIn, desk, date: day, problems: ["other": "Not moved: " + refused.message],
                                      status: .conflict)
            } catch let error as StoreError {
                return try await page(signedIn, desk, date: day, problems: ["other": "Not moved: " + error.message],
                                      status: error.code == .conflict ? .conflict : .unprocessableContent)
            }
        }
        router.post("appointments/:id/late-charge") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
            let calendar = try desk.calendar()
            guard let appointment = try await desk.appointments.appointment(id) else { return notFound() }
            let day = calendar.localTime(of: Instant(secondsSince1970: appointment.startsAt)).date
            guard let cents = Money.cents(typed: context.form["amount"]), cents > 0 else {
                return try await page(signedIn, desk, date: day,
                                      problems: ["other": "Give the amount for the late cancellation, like 60 or 45.50."],
                                      status: .unprocessableContent)
            }
            guard try await desk.customerBookings.chargeLateCancellation(id, cents: cents, now: desk.now) != nil else {
                return notFound()
            }
            return Response(status: .seeOther, headers: [.location: "/appointments?date=\(day)&done=charged"])
        }
        router.post("appointments/:id/cancel") { request, context in
            let signedIn = try context.requireCaller()
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
            guard let cancelled = try await desk.customerBookings.cancelByOwner(id, actor: signedIn.actor, now: desk.now)
            else { return notFound() }
            let calendar = try desk.calendar()
            let day = calendar.localTime(of: Instant(secondsSince1970: cancelled.startsAt)).date
            return Response(status: .seeOther, headers: [.location: "/appointments?date=\(day)&done=cancelled"])
        }
    }

    static let notices = ["booked": "The appointment is booked.", "cancelled": "The appointment is cancelled.",
                          "moved": "Moved. The customer has been emailed the new time, with an updated invitation and a new link.",
                          "charged": "The late cancellation's charge is recorded; it shows on this month's report."]

    /// One appointment of the day, as the list shows it.
    struct Item: Equatable {
        var id, title, kind, from, to: String
        var customer, customerID, place, agenda, override, collisions: String?
        var cancelled, canStart: Bool
        var kindValue: String
        /// The customer booked it themselves (and is emailed when it is moved or cancelled).
        var bookedByCustomer: Bool
        var cancelledLate: Bool
        /// Its local date and start, for the form that moves it.
        var date, start: String
    }
    struct Choice: Equatable {
        var id, name: String
        var selected: Bool
    }
    struct KindChoice: Equatable {
        var value, label: String
        var selected: Bool
    }
    /// The form to add an appointment. Its typed values are there even when empty, so that
    /// Mustache never fills a field from the page around the form (the page's own "title").
    struct Form: Equatable {
        var title, date, start, minutes, place, agenda, overrideReason: String
        var titleError, dateError, startError, minutesError, placeError, agendaError, customerError, kindError,
            overrideError, otherError: String?
        var collided: Bool
    }
    /// Everything the page shows for one day.
    struct Model: Equatable {
        var day, date, previous, next: String
        var notice: String?
        var appointments: [Item]
        var empty: Bool
        var customers: [Choice]
        var kinds: [KindChoice]
        var form: Form
        /// The new feed link, shown once, right after it was made.
        var feedToken: String?
        /// When the current feed link was made.
        var feedMade: String?
        /// What customers can book this week, when the policy lets them book.
        var week: Week?
    }
    struct WeekDay: Equatable {
        var day, date, bookable, booked, reserved: String
        var isShown: Bool
    }
    struct Week: Equatable {
        var words, bookingHref: String
        var days: [WeekDay]
    }

    private func notFound() -> Response {
        owner.pages.errorPage(.notFound, heading: "No such appointment", message: "It is not in this workspace.",
                              link: ("/appointments", "Back to the appointments"))
    }

    private func book(_ signedIn: Caller, _ desk: WorkspaceDesk, _ input: AppointmentInput) async throws -> Response {
        let calendar = try desk.calendar()
        let customer = input.customerID.isEmpty ? nil : try await desk.customers.customer(Customer.ID(input.customerID))
        let fallback = CivilDate(iso: Substring(input.date)) ?? calendar.localTime(of: desk.now).date
        switch input.draft(calendar: calendar, customerName: customer?.name) {
        case .failure(let problems):
            return try await page(signedIn, desk, date: fallback, input: input, problems: problems.byField, status: .unprocessableContent)
        case .success(let draft):
            do {
                let booked = try await desk.appointments
                    .book(draft, overrideReason: input.overrideReason, actor: signedIn.userID, now: desk.now)
                let day = calendar.localTime(of: Instant(secondsSince1970: booked.startsAt)).date
                return Response(status: .seeOther, headers: [.location: "/appointments?date=\(day)&done=booked"])
            } catch let refused as AppointmentRefused {
                return try await page(signedIn, desk, date: fallback, input: input, problems: ["start": refused.message],
                                      collided: true, status: .conflict)
            } catch let error as StoreError {
                return try await page(signedIn, desk, date: fallback, input: input, problems: AppointmentInput.problems(error),
                                      status: error.code == .conflict ? .conflict : .unprocessableContent)
            }
        }
    }

    private func page(_ signedIn: Caller, _ desk: WorkspaceDesk, date: CivilDate, notice: String? = nil, input: AppointmentInput? = nil,
                      problems: [String: String] = [:], collided: Bool = false, feedToken: String? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let calendar = try desk.calendar()
        let now = desk.now
        let customers = try await desk.customers.list(search: nil, after: nil, limit: 200)
        let names = Dictionary(customers.items.map { ($0.id, $0.name) }) { a, _ in a }
        let list = try await desk.appointments
            .list(from: calendar.start(of: date), to: calendar.start(of: date.adding(days: 1)), includeCancelled: true)
        func clock(_ seconds: Int64) -> String { calendar.clock(Instant(secondsSince1970: seconds)) }
        let form = input ?? {
            var fresh = AppointmentInput()
            fresh.date = "\(date)"
            fresh.start = ClockTime.text(min(23 * 60, (calendar.localTime(of: now).minuteOfDay / 30 + 1) * 30))
            return fresh
        }()
        let feedMade = try await desk.appointments.feedLinkMade(userID: signedIn.userID)
        let policy = try desk.policy()
        let week = policy.booking.kinds.isEmpty ? nil : try await desk.appointments.week(of: date, now: now)
        let model = Model(
            day: calendar.locale.date(date), date: "\(date)",
            previous: "\(date.adding(days: -1))", next: "\(date.adding(days: 1))",
            notice: notice?.nonEmpty,
            appointments: list.map { a in
                Item(id: a.id, title: a.title, kind: a.kind.label, from: clock(a.startsAt), to: clock(a.endsAt),
                     customer: a.customerID.flatMap { names[$0] }?.nonEmpty, customerID: a.customerID?.rawValue.nonEmpty,
                     place: a.place.nonEmpty, agenda: a.agenda.nonEmpty, override: a.overrideReason?.nonEmpty,
                     collisions: a.collisions.isEmpty ? nil : a.collisions.joined(separator: "; "),
                     cancelled: a.status == .cancelled,
                     canStart: a.status == .booked && a.customerID != nil, kindValue: a.kind.rawValue,
                     bookedByCustomer: a.bookingKind != nil, cancelledLate: a.cancelledLate,
                     date: "\(calendar.localTime(of: Instant(secondsSince1970: a.startsAt)).date)",
                     start: ClockTime.text(calendar.localTime(of: Instant(secondsSince1970: a.startsAt)).minuteOfDay))
            },
            empty: list.isEmpty,
            customers: customers.items.map { Choice(id: $0.id.rawValue, name: $0.name, selected: $0.id.rawValue == form.customerID) },
            kinds: Appointment.Kind.allCases.map { KindChoice(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.kind) },
            form: Form(
                title: form.title, date: form.date, start: form.start, minutes: form.minutes, place: form.place,
                agenda: form.agenda, overrideReason: form.overrideReason,
                titleError: problems["title"]?.nonEmpty, dateError: problems["date"]?.nonEmpty,
                startError: problems["start"]?.nonEmpty, minutesError: problems["minutes"]?.nonEmpty,
                placeError: problems["place"]?.nonEmpty, agendaError: problems["agenda"]?.nonEmpty,
                customerError: problems["customer_id"]?.nonEmpty, kindError: problems["kind"]?.nonEmpty,
                overrideError: problems["override_reason"]?.nonEmpty, otherError: problems["other"]?.nonEmpty,
                collided: collided || !form.overrideReason.isEmpty),
            feedToken: feedToken.map { publicBaseURL + "/calendar/" + $0 + ".ics" },
            feedMade: feedMade.map { calendar.spoken(Instant(secondsSince1970: $0)) },
            week: week.map { week in
                Week(words: week.words, bookingHref: "/w/\(desk.workspace.slug)/book",
                     days: week.days.filter(\.isOpen).map { day in
                         WeekDay(day: calendar.locale.day(day.date), date: "\(day.date)",
                                 bookable: day.bookable.spokenDescription, booked: day.booked.spokenDescription,
                                 reserved: day.reserved.spokenDescription, isShown: day.date == date)
                     })
            })
        return owner.render("appointments", signedIn, section: .appointments, title: "Appointments", page: model, status: status)
    }
}
