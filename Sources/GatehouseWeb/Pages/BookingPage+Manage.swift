import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// A customer's own booking, `/w/SLUG/booking/TOKEN`, opened by the link in its emails (the link
/// is the key: no account): when and where it is, another free time to move it to, and
/// cancelling it — said plainly when it would be late.
extension BookingPage {
    struct Manage: Equatable {
        var title: String
        var business, slug, token: String
        var kindName, when, place: String
        var agenda: String?
        var isBooked: Bool
        var cancelledLate: Bool
        var canMove, canCancel, isLate: Bool
        var changeUntil: String
        var cancellationNotice: String
        var zone, zoneID, locale: String
        var assets = DeskAssets.version
        var days: [Day]
        var hasSlots: Bool
        var laterHref, earlierHref: String?
        var formToken: String
        var notice: String?
        var problems: [String]
        var hasProblems: Bool
    }

    func addManage(to router: Router<DeskContext>) {
        router.get("w/:slug/booking/:token") { request, context in
            let (workspace, token) = try await managedFind(context)
            let notice = Self.notices[request.uri.queryParameters.get("done") ?? ""]
            let from = request.uri.queryParameters.get("from").flatMap { CivilDate(iso: Substring($0)) }
            return try await manage(request, workspace: workspace, token: token, notice: notice, from: from)
        }
        router.post("w/:slug/booking/:token/move") { request, context in try await change(request, context, move: true) }
        router.post("w/:slug/booking/:token/cancel") { request, context in try await change(request, context, move: false) }
    }

    static let notices = [
        "moved": "Moved. We have emailed you the new time with an updated invitation for your calendar.",
        "cancelled": "Cancelled. We have emailed you to confirm, with an update that takes it off your calendar.",
    ]

    private func managedFind(_ context: DeskContext) async throws -> (Workspace, String) {
        guard let workspace = try await booking.workspace(slug: try context.parameters.require("slug")) else {
            throw HTTPError(.notFound)
        }
        return (workspace, try context.parameters.require("token"))
    }

    private func notFound() -> Response {
        pages.errorPage(.notFound, heading: "We cannot find this booking",
                        message: "The link may have been copied incompletely. Please use the whole link from the latest email about your booking.")
    }

    private func manage(_ request: Request, workspace: Workspace, token: String, notice: String? = nil, chosen: String? = nil,
                        from: CivilDate? = nil,
                        status: HTTPResponse.Status = .ok, problems: [String] = []) async throws -> Response {
        let bookings = booking.bookings(workspace)
        let now = booking.now
        guard let managed = try await bookings.managed(token: token, now: now) else { return notFound() }
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        let offer = managed.canMove ? try await bookings.moveOffer(managed, now: now) : nil
        let shownFrom = from ?? chosen.flatMap { try? ISO8601.parse($0) }.map { calendar.localTime(of: $0).date }
        let page = offer.map { Self.days($0, calendar: calendar, days: Self.daysShown, from: shownFrom, chosen: chosen) }
        let days = page?.days ?? []
        let link = "/w/\(workspace.slug)/booking/\(token)?"
        let appointment = managed.appointment
        let begins = Instant(secondsSince1970: appointment.startsAt), ends = Instant(secondsSince1970: appointment.endsAt)
        let kindName = managed.kind?.name ?? appointment.kind.label
        let model = Manage(
            title: "Your \(kindName) with \(workspace.name)", business: workspace.name, slug: workspace.slug, token: token,
            kindName: kindName, when: "\(calendar.spoken(begins))–\(calendar.clock(ends))", place: appointment.place,
            agenda: appointment.agenda.isEmpty ? nil : appointment.agenda, isBooked: appointment.status == .booked,
            cancelledLate: appointment.cancelledLate, canMove: managed.canMove && !days.isEmpty, canCancel: managed.canCancel,
            isLate: managed.isLate, changeUntil: calendar.spoken(managed.changeUntil),
            cancellationNotice: policy.booking.cancellationNotice.spokenDescription, zone: policy.business.zoneCity,
            zoneID: policy.business.timeZoneIdentifier, locale: policy.business.locale.identifier,
            days: days, hasSlots: !days.isEmpty, laterHref: page?.next.map { link + "from=\($0)" },
            earlierHref: shownFrom == nil ? nil : String(link.dropLast()), formToken: BrowserSignIns.randomToken(), notice: notice,
            problems: problems, hasProblems: !problems.isEmpty)
        var response = pages.page("booking", model, status: status, capability: true)
        response.setCookie(BrowserSignIns.cookie(BrowserSignIns.formCookie, model.formToken, maxAge: 4 * 3600,
                                                  secure: BrowserSignIns.isSecure(request)))
        return response
    }

    private func change(_ request: Request, _ context: DeskContext, move: Bool) async throws -> Response {
        let (workspace, token) = try await managedFind(context)
        let fields = try await FormFields.read(request, limit: Self.bodyLimit)
        guard BrowserSignIns.same(fields["form_token"], request.cookies[BrowserSignIns.formCookie]?.value) else {
            return try await manage(request, workspace: workspace, token: token, chosen: fields["start"], status: .forbidden,
                                    problems: ["This page had been open for too long or came from another page. Nothing was "
                                               + "changed: please try again."])
        }
        guard try await booking.admit(workspace, from: context.address) else {
            var response = pages.errorPage(
                .tooManyRequests, heading: "That is plenty for now",
                message: "Several changes have been sent from here in the last few minutes, so this one was not made. "
                    + "Please wait ten minutes and try again; your booking is as it was.")
            response.headers[.retryAfter] = String(ContactForm.window.seconds)
            return response
        }
        let bookings = booking.bookings(workspace)
        do {
            if move {
                guard let start = try? ISO8601.parse(fields["start"]) else {
                    return try await manage(request, workspace: workspace, token: token, status: .unprocessableContent,
                                            problems: ["Choose one of the new times below."])
                }
                _ = try await bookings.move(token: token, to: start, now: booking.now)
            } else {
                _ = try await bookings.cancel(token: token, now: booking.now)
            }
        } catch let problem as any DeskProblem where problem.kind != .unavailable {
            if problem.kind == .notFound { return notFound() }
            return try await manage(request, workspace: workspace, token: token, chosen: fields["start"],
                                    status: problem.kind == .conflict ? .conflict : .unprocessableContent,
                                    problems: [Self.sentence(problem.detail)])
        }
        return Response(status: .seeOther,
                        headers: [.location: "/w/\(workspace.slug)/booking/\(token)?done=\(move ? "moved" : "cancelled")"])
    }
}
