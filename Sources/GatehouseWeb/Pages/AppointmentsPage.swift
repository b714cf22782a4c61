import Foundation
import GatehouseCore
import GatehouseDesk
import GatehouseStore
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
        router.post("appointments/:id/cancel") { request, context in
            let desk = try context.requireDesk()
            let id = try context.parameters.require("id")
            guard let cancelled = try await desk.appointments.cancel(id, now: desk.now) else { return notFound() }
            let calendar = try desk.calendar()
            let day = calendar.localTime(of: Instant(secondsSince1970: cancelled.startsAt)).date
            return Response(status: .seeOther, headers: [.location: "/appointments?date=\(day)&done=cancelled"])
        }
    }

    static let notices = ["booked": "The appointment is booked.", "cancelled": "The appointment is cancelled."]

    private func notFound() -> Response {
        owner.pages.errorPage(.notFound, heading: "No such appointment", message: "It is not in this workspace.",
                              link: ("/appointments", "Back to the appointments"))
    }

    private func book(_ signedIn: Caller, _ desk: WorkspaceDesk, _ input: AppointmentInput) async throws -> Response {
        let calendar = try desk.calendar()
        let customer = input.customerID.isEmpty ? nil : try await desk.customers.customer(input.customerID)
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
        let values = present([
            "day": calendar.locale.date(date), "date": "\(date)",
            "previous": "\(date.adding(days: -1))", "next": "\(date.adding(days: 1))",
            "notice": notice,
            "appointments": list.map { a in
                present([
                    "id": a.id, "title": a.title, "kind": a.kind.label, "from": clock(a.startsAt), "to": clock(a.endsAt),
                    "customer": a.customerID.flatMap { names[$0] }, "customerID": a.customerID,
                    "place": a.place, "agenda": a.agenda, "override": a.overrideReason,
                    "collisions": a.collisions.isEmpty ? nil : a.collisions.joined(separator: "; "),
                    "cancelled": a.status == .cancelled,
                    "canStart": a.status == .booked && a.customerID != nil, "kindValue": a.kind.rawValue,
                ])
            },
            "empty": list.isEmpty,
            "customers": customers.items.map { ["id": $0.id, "name": $0.name, "selected": $0.id == form.customerID] },
            "kinds": Appointment.Kind.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0.rawValue == form.kind] },
            // The typed values stay even when empty, so that Mustache never fills a field from the
            // page around the form (the page's own "title").
            "form": [
                "title": form.title, "date": form.date, "start": form.start, "minutes": form.minutes, "place": form.place,
                "agenda": form.agenda, "overrideReason": form.overrideReason,
            ].merging(present([
                "titleError": problems["title"], "dateError": problems["date"], "startError": problems["start"],
                "minutesError": problems["minutes"], "placeError": problems["place"], "agendaError": problems["agenda"],
                "customerError": problems["customer_id"], "kindError": problems["kind"],
                "overrideError": problems["override_reason"], "otherError": problems["other"],
                "collided": collided || !form.overrideReason.isEmpty,
            ])) { a, _ in a },
            "feedToken": feedToken.map { publicBaseURL + "/calendar/" + $0 + ".ics" },
            "feedMade": feedMade.map { calendar.spoken(Instant(secondsSince1970: $0)) },
        ])
        return owner.render("appointments", signedIn, section: .appointments, title: "Appointments", values, status: status)
    }
}
