import GatehouseCore
import GatehouseDesk
import HTTPTypes
import Hummingbird

/// Customers booking a call or a visit themselves, `/w/SLUG/book`: the kinds the policy offers,
/// a kind's free slots (the owner's free day, never the emergency buffer, the reserve held back
/// until the day before) with a short form, and the booking — checked again as it is kept, so a
/// slot taken meanwhile is refused with the others still free.
///
/// Protected like the contact form: a form token as a cookie and a hidden field (double submit),
/// a honeypot field only robots fill in, and at most `ContactForm.limit` forms from one address in
/// `ContactForm.window`.
struct BookingPage {
    let booking: PublicBooking
    let pages: PageRenderer

    static let bodyLimit = 64 * 1024
    /// The days of slots one page shows (a phone's worth; later days are a link away).
    static let daysShown = 4

    func add(to router: Router<DeskContext>) {
        router.get("w/:slug/book") { request, context in
            try await kinds(context, link: request.uri.queryParameters.get("for"))
        }
        router.get("w/:slug/book/:kind") { request, context in
            let (workspace, kind) = try await find(context)
            let recognised = try await booking.recognise(request.uri.queryParameters.get("for"), in: workspace)
            let from = request.uri.queryParameters.get("from").flatMap { CivilDate(iso: Substring($0)) }
            return try await form(request, workspace: workspace, kind: kind, recognised: recognised, fields: nil, problems: [:],
                                  from: from)
        }
        router.post("w/:slug/book/:kind") { request, context in try await submit(request, context) }
        addManage(to: router)
    }

    private func workspace(_ context: DeskContext) async throws -> Workspace {
        guard let workspace = try await booking.workspace(slug: try context.parameters.require("slug")) else {
            throw HTTPError(.notFound)
        }
        return workspace
    }

    private func find(_ context: DeskContext) async throws -> (Workspace, BookableKind) {
        let workspace = try await workspace(context)
        guard let kind = try workspace.policy().booking.kind(id: try context.parameters.require("kind")) else {
            throw HTTPError(.notFound)
        }
        return (workspace, kind)
    }

    private func kindModel(_ kind: BookableKind, slug: String, policy: Policy, recognised: PublicBooking.Recognised?) -> Kind {
        Kind(id: kind.id, name: kind.name, length: kind.length.spokenDescription, place: kind.place.words,
             href: "/w/\(slug)/book/\(kind.id)" + (recognised.map { "?for=" + $0.token } ?? ""),
             refusal: FreeSlots.refusal(kind: kind, booker: recognised?.booker ?? .stranger, policy: policy))
    }

    private func kinds(_ context: DeskContext, link: String?) async throws -> Response {
        let workspace = try await workspace(context)
        let policy = try workspace.policy()
        let recognised = try await booking.recognise(link, in: workspace)
        let kinds = policy.booking.kinds.map { kindModel($0, slug: workspace.slug, policy: policy, recognised: recognised) }
        return pages.page("book", Kinds(title: "Book a time with \(workspace.name)", business: workspace.name,
                                        slug: workspace.slug, kinds: kinds, hasKinds: !kinds.isEmpty,
                                        knownAs: recognised.map { Self.knownAs($0, policy: policy) }),
                          capability: recognised != nil)
    }

    /// "Olga Berg, on the Care plan": who a recognised customer books as.
    static func knownAs(_ recognised: PublicBooking.Recognised, policy: Policy) -> String {
        recognised.customer.name + (policy.plan(id: recognised.customer.planID).map { ", on the \($0.name) plan" } ?? "")
    }

    private func form(_ request: Request, workspace: Workspace, kind: BookableKind, recognised: PublicBooking.Recognised?,
                      fields: FormFields?, status: HTTPResponse.Status = .ok, problems: [String: String],
                      extra: Extra? = nil, from: CivilDate? = nil) async throws -> Response {
        let policy = try workspace.policy()
        let calendar = try workspace.businessCalendar()
        let offer = try await booking.bookings(workspace).offer(kindID: kind.id, booker: recognised?.booker ?? .stranger,
                                                                now: booking.now)
        // Asked again after a problem, the page shows the day of the time chosen.
        let shownFrom = from ?? fields.flatMap { try? ISO8601.parse($0["start"]) }.map { calendar.localTime(of: $0).date }
        let (days, next) = Self.days(offer, calendar: calendar, days: Self.daysShown, from: shownFrom, chosen: fields?["start"])
        let link = "/w/\(workspace.slug)/book/\(kind.id)?" + (recognised.map { "for=\($0.token)&" } ?? "")
        let listed = ["form", "other", "start", "name", "email", "phone", "address", "agenda"].compactMap { problems[$0] }
        var model = Form(title: "Book \(kind.name) with \(workspace.name)", business: workspace.name, slug: workspace.slug,
                         zone: policy.business.zoneCity, zoneID: policy.business.timeZoneIdentifier,
                         locale: policy.business.locale.identifier,
                         kind: kindModel(kind, slug: workspace.slug, policy: policy, recognised: recognised),
                         agendaQuestion: kind.agendaQuestion, needsAddress: kind.place == .customerAddress, days: days,
                         hasSlots: !days.isEmpty, laterHref: next.map { link + "from=\($0)" },
                         earlierHref: shownFrom == nil ? nil : String(link.dropLast()),
                         reasons: offer.slots.isEmpty ? offer.reasons : [],
                         formToken: BrowserSignIns.randomToken(), problems: listed, hasProblems: !listed.isEmpty)
        model.link = recognised?.token
        model.extra = extra
        model.knownAs = recognised.map { Self.knownAs($0, policy: policy) }
        if let recognised, fields == nil {
            model.name = recognised.customer.name
            model.email = recognised.customer.emails.first ?? ""
            model.phone = recognised.customer.phones.first ?? ""
        }
        if let fields {
            model.name = fields["name"]
            model.email = fields["email"]
            model.phone = fields["phone"]
            model.address = fields["address"]
            model.agenda = fields["agenda"]
        }
        model.nameError = problems["name"]
        model.emailError = problems["email"]
        model.phoneError = problems["phone"]
        model.addressError = problems["address"]
        model.agendaError = problems["agenda"]
        model.startError = problems["start"]
        var response = pages.page("book-kind", model, status: status, capability: recognised != nil)
        response.setCookie(BrowserSignIns.cookie(BrowserSignIns.formCookie, model.formToken, maxAge: 4 * 3600,
                                                  secure: BrowserSignIns.isSecure(request)))
        return response
    }

    private func submit(_ request: Request, _ context: DeskContext) async throws -> Response {
        let (workspace, kind) = try await find(context)
        let fields = try await FormFields.read(request, limit: Self.bodyLimit)
        let recognised = try await booking.recognise(fields["for"], in: workspace)
        guard BrowserSignIns.same(fields["form_token"], request.cookies[BrowserSignIns.formCookie]?.value) else {
            return try await form(request, workspace: workspace, kind: kind, recognised: recognised, fields: fields,
                                  status: .forbidden, problems: [
                "form": "This page had been open for too long or came from another page. Your details are still here: please book again.",
            ])
        }
        // A robot filled in the field people cannot see: it is told nothing, and nothing is booked.
        guard fields["website"].isEmpty else { return try await kinds(context, link: nil) }
        // "The first free time next month instead", offered to a customer past their allowance.
        let chosen = fields["start_instead"].isEmpty ? fields["start"] : fields["start_instead"]
        guard let start = try? ISO8601.parse(chosen) else {
            return try await form(request, workspace: workspace, kind: kind, recognised: recognised, fields: fields,
                                  status: .unprocessableContent,
                                  problems: ["start": "Choose one of the times below."])
        }
        let details = CustomerBookings.Details(name: fields["name"], email: fields["email"], phone: fields["phone"],
                                               address: fields["address"], agenda: fields["agenda"])
        do {
            guard case .booked(let booked) = try await booking.book(workspace, kindID: kind.id, start: start, details: details,
                                                                    recognised: recognised,
                                                                    acceptExtra: fields["accept_extra"] == "yes",
                                                                    from: context.address) else {
                var response = pages.errorPage(
                    .tooManyRequests, heading: "That is plenty for now",
                    message: "Several bookings and messages have been sent from here in the last few minutes, so this one "
                        + "was not booked. Please wait ten minutes and try again; what you booked before is kept.")
                response.headers[.retryAfter] = String(ContactForm.window.seconds)
                return response
            }
            let calendar = try workspace.businessCalendar()
            let appointment = booked.appointment
            let begins = Instant(secondsSince1970: appointment.startsAt), ends = Instant(secondsSince1970: appointment.endsAt)
            return pages.page("booked", Booked(
                title: "Booked: \(kind.name)", business: workspace.name, slug: workspace.slug, kindName: kind.name,
                when: "\(calendar.spoken(begins))–\(calendar.clock(ends)) (\(try workspace.policy().business.zoneCity) time)",
                length: kind.length.spokenDescription, place: appointment.place,
                agenda: appointment.agenda.isEmpty ? nil : appointment.agenda, email: booked.customerEmail,
                manageHref: "/w/\(workspace.slug)/booking/\(booked.manageToken)",
                changeUntil: calendar.spoken(BookingLetter.changeUntil(begins, rules: try workspace.policy().booking)),
                firstName: booked.customer.name.split(separator: " ").first.map(String.init) ?? booked.customer.name))
        } catch let problem as any DeskProblem where problem.field == "accept_extra" {
            guard let recognised,
                  let extra = try await booking.bookings(workspace).extra(kind: kind, start: start, customer: recognised.customer,
                                                                         now: booking.now) else { throw problem }
            let calendar = try workspace.businessCalendar()
            let next = try await booking.bookings(workspace).firstNextMonth(kindID: kind.id, after: start, booker: recognised.booker,
                                                                            now: booking.now)
            let policy = try workspace.policy()
            return try await form(request, workspace: workspace, kind: kind, recognised: recognised, fields: fields,
                                  status: .conflict, problems: [:],
                                  extra: Extra(words: extra.words,
                                               amount: extra.cents.map(policy.business.money) ?? "charge",
                                               nextMonth: next.map { Slot(value: calendar.iso8601($0.start),
                                                                          label: "\(calendar.spoken($0.start))–\(calendar.clock($0.end))",
                                                                          checked: false) }))
        } catch let problem as any DeskProblem where problem.kind != .unavailable {
            return try await form(request, workspace: workspace, kind: kind, recognised: recognised, fields: fields,
                                  status: problem.kind == .conflict ? .conflict : .unprocessableContent,
                                  problems: problem.formProblems(fields: Self.formFields).mapValues(Self.sentence))
        }
    }

    /// The booking's fields by their desk names; a problem with the kind goes above the form.
    static let formFields = ["start": "start", "name": "name", "email": "email", "phone": "phone", "address": "address",
                             "agenda": "agenda", "kind": "form"]

    /// A problem as a sentence: its first letter capitalised, a full stop at its end.
    static func sentence(_ text: String) -> String {
        let capitalised = text.capitalizedFirst
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }
}
