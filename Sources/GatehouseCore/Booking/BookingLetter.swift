/// What happened to a booking, for the emails about it.
public enum BookingEvent: Sendable, Equatable {
    /// The customer booked it.
    case booked
    /// It was moved from the time it had (`from`), by the customer or by the owner.
    case moved(from: Instant, byOwner: Bool)
    /// It was cancelled, by the customer or the owner; `late` when the customer cancelled inside
    /// the policy's cancellation notice.
    case cancelled(byOwner: Bool, late: Bool)
    /// It is coming up.
    case reminder
}

/// One booking, as the emails about it speak of it.
public struct BookingFacts: Sendable, Equatable {
    public var kindName: String
    public var length: TimeSpan
    public var start: Instant
    public var end: Instant
    /// Where it happens, as the customer reads it ("By phone: 555-0142", "12 Elm St").
    public var place: String
    public var agenda: String
    public var customerName: String
    public var customerEmail: String
    /// The customer's link to move or cancel it.
    public var manageLink: String
    /// The same for every email about this booking; the invitation's UID.
    public var uid: String
    /// 0 when booked, one more each time it is moved or cancelled.
    public var sequence: Int

    public init(kindName: String, length: TimeSpan, start: Instant, end: Instant, place: String, agenda: String,
                customerName: String, customerEmail: String, manageLink: String, uid: String, sequence: Int) {
        self.kindName = kindName
        self.length = length
        self.start = start
        self.end = end
        self.place = place
        self.agenda = agenda
        self.customerName = customerName
        self.customerEmail = customerEmail
        self.manageLink = manageLink
        self.uid = uid
        self.sequence = sequence
    }
}

/// The emails about a booking, written from the policy's templates: to the customer (with the
/// calendar invitation that puts it on, moves it in or takes it off their calendar) and the
/// short notice to the owner. Pure.
public struct BookingLetter: Sendable, Equatable {
    public var subject: String
    public var text: String
    /// The invitation to attach: REQUEST to book or move, CANCEL to cancel; nil for a reminder
    /// (the calendar has it already).
    public var invitation: BookingInvitation?

    /// The last moment the customer may move or cancel it themselves.
    public static func changeUntil(_ start: Instant, rules: BookingRules) -> Instant { start - rules.cancellationNotice }

    /// "Tuesday, December 8, 10:00–11:00 AM": the day and the time box, on the business's clock.
    public static func when(_ facts: BookingFacts, calendar: BusinessCalendar) -> String {
        let day = calendar.locale.day(calendar.localTime(of: facts.start).date)
        return "\(day), \(calendar.clock(facts.start))–\(calendar.clock(facts.end))"
    }

    /// The values the booking templates fill in.
    public static func values(_ facts: BookingFacts, policy: Policy, calendar: BusinessCalendar) -> [String: String] {
        let first = facts.customerName.split(separator: " ").first.map(String.init) ?? facts.customerName
        return [
            "business.name": policy.business.name, "business.email": policy.business.email ?? "",
            "business.phone": policy.business.phone ?? "",
            "customer.name": facts.customerName, "customer.first_name": first.isEmpty ? "there" : first,
            "customer.email": facts.customerEmail, "customer.contact": facts.customerEmail,
            "booking.kind": facts.kindName, "booking.when": when(facts, calendar: calendar),
            "booking.length": facts.length.spokenDescription, "booking.place": placeWords(facts.place),
            "booking.agenda": facts.agenda.isEmpty ? "(nothing written)" : facts.agenda,
            "booking.link": facts.manageLink,
            "booking.change_until": calendar.spoken(changeUntil(facts.start, rules: policy.booking)),
        ]
    }

    /// The email to the customer about `event`.
    public static func customer(_ event: BookingEvent, _ facts: BookingFacts, policy: Policy,
                                calendar: BusinessCalendar) -> BookingLetter {
        var values = values(facts, policy: policy, calendar: calendar)
        let when = values["booking.when"]!
        let template: TemplateName
        let subject: String
        var method: BookingInvitation.Method? = .request
        switch event {
        case .booked:
            template = .bookingConfirmation
            subject = "Booked: \(facts.kindName), \(when)"
        case .moved(let from, _):
            template = .bookingMoved
            values["booking.was"] = Self.when(BookingFacts(kindName: facts.kindName, length: facts.length, start: from,
                                                           end: from + (facts.end - facts.start), place: facts.place,
                                                           agenda: facts.agenda, customerName: facts.customerName,
                                                           customerEmail: facts.customerEmail, manageLink: facts.manageLink,
                                                           uid: facts.uid, sequence: facts.sequence),
                                              calendar: calendar)
            subject = "Moved: \(facts.kindName), now \(when)"
        case .cancelled:
            template = .bookingCancelled
            subject = "Cancelled: \(facts.kindName), \(when)"
            method = .cancel
        case .reminder:
            template = .bookingReminder
            subject = "Reminder: \(facts.kindName), \(when)"
            method = nil
        }
        let text = policy.message(template, values)
        let invitation = method.map { method in
            BookingInvitation(method: method, uid: facts.uid, sequence: facts.sequence, start: facts.start, end: facts.end,
                              summary: "\(facts.kindName) with \(policy.business.name)", location: facts.place,
                              description: invitationDescription(facts, policy: policy, calendar: calendar),
                              organizer: .init(name: policy.business.owner ?? policy.business.name,
                                               email: policy.business.email ?? ""),
                              attendee: .init(name: facts.customerName, email: facts.customerEmail))
        }
        return BookingLetter(subject: subject, text: text, invitation: invitation)
    }

    /// The notice to the owner that a customer booked, moved or cancelled; nil for reminders and
    /// for what the owner did themselves.
    public static func owner(_ event: BookingEvent, _ facts: BookingFacts, policy: Policy, calendar: BusinessCalendar,
                             deskLink: String) -> BookingLetter? {
        var values = values(facts, policy: policy, calendar: calendar)
        values["desk.link"] = deskLink
        let verb: String
        let heading: String
        switch event {
        case .booked:
            (verb, heading) = ("booked", "New booking")
        case .moved(let from, let byOwner):
            if byOwner { return nil }
            (verb, heading) = ("moved a booking from \(calendar.spoken(from)) to", "Booking moved")
        case .cancelled(let byOwner, let late):
            if byOwner { return nil }
            (verb, heading) = late
                ? ("cancelled late, inside your \(policy.booking.cancellationNotice.spokenDescription) notice", "Late cancellation")
                : ("cancelled", "Booking cancelled")
        case .reminder: return nil
        }
        values["booking.event"] = verb
        let subject = "\(heading): \(facts.kindName) with \(facts.customerName), " + values["booking.when"]!
        return BookingLetter(subject: subject, text: policy.message(.ownerBookingNotice, values), invitation: nil)
    }

    /// The invitation's description: the time box, how it will go, what they asked to cover, and
    /// where to move or cancel it.
    static func invitationDescription(_ facts: BookingFacts, policy: Policy, calendar: BusinessCalendar) -> String {
        var lines = ["We have \(facts.length.spokenDescription); here is how it will go: we start on time, go through "
                     + "what you would like to cover, and agree the next step before the time is up."]
        if !facts.agenda.isEmpty { lines.append("You would like to cover: \(facts.agenda)") }
        if !facts.manageLink.isEmpty {
            lines.append("To move or cancel it (until \(calendar.spoken(changeUntil(facts.start, rules: policy.booking)))): "
                         + facts.manageLink)
        }
        return lines.joined(separator: "\n\n")
    }

    /// "by phone: 555-0142" reads on after a comma; an address is "at 12 Elm St".
    static func placeWords(_ place: String) -> String {
        let lower = place.lowercased()
        if lower.hasPrefix("by ") || lower.hasPrefix("at ") { return String(lower.prefix(3) + place.dropFirst(3)) }
        return "at " + place
    }
}
