import Yams

extension PolicyReader {
    /// The `booking` section: the kinds customers may book, and the reserve held back for urgent
    /// matters until the day before.
    mutating func readBooking(_ node: Node?, plans: [Plan], day: DayShape) -> BookingRules {
        var rules = BookingRules()
        guard let node, !isNull(node), let entries = mapping(node, "booking") else { return rules }
        let keys = checkKeys(entries, allowed: ["kinds", "reserve", "reserve_released_at", "cancellation_notice",
                                                           "reminders", "in_acknowledgement"], in: "booking")
        if let entry = keys["reserve"], let reserve = duration(entry.value, "booking.reserve") { rules.reserve = reserve }
        if let entry = keys["reserve_released_at"], let raw = text(entry.value, "booking.reserve_released_at") {
            if let minutes = ClockTime.minutes(Substring(raw)), minutes < 24 * 60 {
                rules.releaseAt = minutes
            } else {
                error(entry.value, "'\(raw)' is not a time of day for booking.reserve_released_at; write it like 16:00 "
                      + "(the reserve is released at that time on the day before)")
            }
        }
        if let entry = keys["cancellation_notice"], let notice = duration(entry.value, "booking.cancellation_notice") {
            rules.cancellationNotice = notice
        }
        if let entry = keys["reminders"] { rules.reminders = readReminders(entry.value) }
        if let entry = keys["in_acknowledgement"], let offered = bool(entry.value, "booking.in_acknowledgement") {
            rules.inAcknowledgement = offered
        }
        guard let kindsNode = keys["kinds"]?.value, let items = list(kindsNode, "booking.kinds") else { return rules }
        for item in items {
            guard let entries = mapping(item, "each bookable kind") else { continue }
            let keys = checkKeys(entries, allowed: ["id", "name", "length", "buffer_before", "buffer_after", "where", "who",
                                                    "notice", "days_ahead", "per_day", "per_week", "agenda_question",
                                                    "area"],
                                 in: "a bookable kind")
            guard let id = identifier(keys["id"], in: item, "bookable kind") else { continue }
            if rules.kinds.contains(where: { $0.id == id }) {
                error(keys["id"]!.value, "bookable kind id '\(id)' is used twice; ids must be unique")
                continue
            }
            guard let lengthEntry = keys["length"] else {
                missing("length", in: item, example: "length: 20m")
                continue
            }
            guard let length = duration(lengthEntry.value, "booking.kinds.\(id).length", allowZero: false) else { continue }
            var kind = BookableKind(id: id, name: keys["name"].flatMap { text($0.value, "booking.kinds.\(id).name") }
                                        ?? "\(length.spokenDescription) \(id)",
                                    length: length)
            if let limit = day.maxMeetingTime, length > limit {
                error(lengthEntry.value, "booking.kinds.\(id).length of \(length) is longer than day.max_meeting_time (\(limit))")
            }
            if let entry = keys["buffer_before"], let span = duration(entry.value, "booking.kinds.\(id).buffer_before") {
                kind.bufferBefore = span
            }
            if let entry = keys["buffer_after"], let span = duration(entry.value, "booking.kinds.\(id).buffer_after") {
                kind.bufferAfter = span
            }
            if let entry = keys["where"], let raw = text(entry.value, "booking.kinds.\(id).where") {
                if let place = BookableKind.Place(rawValue: raw.lowercased().replacingOccurrences(of: " ", with: "_")) {
                    kind.place = place
                } else {
                    error(entry.value, "'\(raw)' is not a place for booking.kinds.\(id).where; expected one of "
                          + BookableKind.Place.allCases.map(\.rawValue).joined(separator: ", "))
                }
            }
            if let entry = keys["who"] { kind.audience = readAudience(entry.value, kind: id, plans: plans) }
            if let entry = keys["notice"], let span = duration(entry.value, "booking.kinds.\(id).notice") { kind.notice = span }
            if let entry = keys["days_ahead"], let days = count(entry.value, "booking.kinds.\(id).days_ahead", range: 1...366) {
                kind.daysAhead = days
            }
            if let entry = keys["per_day"], let cap = count(entry.value, "booking.kinds.\(id).per_day", range: 1...100) {
                kind.perDay = cap
            }
            if let entry = keys["per_week"], let cap = count(entry.value, "booking.kinds.\(id).per_week", range: 1...500) {
                kind.perWeek = cap
            }
            if let entry = keys["agenda_question"], let question = text(entry.value, "booking.kinds.\(id).agenda_question") {
                kind.agendaQuestion = question
            }
            if let entry = keys["area"], let places = textList(entry.value, "booking.kinds.\(id).area") {
                if kind.place != .customerAddress {
                    error(entry.value, "booking.kinds.\(id).area only applies where: customer_address (a visit to the customer)")
                } else {
                    kind.area = places.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
            }
            rules.kinds.append(kind)
        }
        return rules
    }

    /// `everyone`, `existing_customers`, or a list of plan ids.
    private mutating func readAudience(_ node: Node, kind id: String, plans: [Plan]) -> BookableKind.Audience {
        if case .scalar = node, let raw = text(node, "booking.kinds.\(id).who") {
            switch raw.lowercased().replacingOccurrences(of: " ", with: "_") {
            case "everyone": return .everyone
            case "existing_customers", "customers": return .existingCustomers
            default: break
            }
        }
        guard let ids = textList(node, "booking.kinds.\(id).who") else { return .everyone }
        let known = plans.map(\.id)
        for name in ids where !known.contains(name) {
            error(node, "booking.kinds.\(id).who names '\(name)', which is neither everyone, existing_customers nor a plan "
                  + "of this policy" + Suggestion.clause(for: name, among: known + ["everyone", "existing_customers"]))
        }
        return .plans(ids)
    }

    /// A whole number within `range`.
    private mutating func count(_ node: Node, _ what: String, range: ClosedRange<Int>) -> Int? {
        guard let raw = text(node, what) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            error(node, "'\(raw)' is not a whole number from \(range.lowerBound) to \(range.upperBound) for \(what)")
            return nil
        }
        return value
    }

    /// `booking.reminders`: how long before an appointment the customer is reminded, as a list
    /// (`[24h, 1h]`), or `none`.
    mutating func readReminders(_ node: Node) -> [TimeSpan] {
        if isNull(node) { return [] }
        if case .scalar(let scalar) = node, scalar.string.lowercased() == "none" { return [] }
        guard let items = list(node, "booking.reminders") else { return [.hours(24)] }
        var reminders: [TimeSpan] = []
        for item in items {
            guard let span = duration(item, "booking.reminders", allowZero: false) else { continue }
            if span > .hours(24 * 14) {
                error(item, "a reminder \(span.spokenDescription) before is too early to help; booking.reminders may be "
                      + "at most 14 days before")
                continue
            }
            if reminders.contains(span) {
                error(item, "booking.reminders names \(span.spokenDescription) twice")
                continue
            }
            reminders.append(span)
        }
        if reminders.count > 3 { error(node, "booking.reminders may name at most 3 times; it names \(reminders.count)") }
        return Array(reminders.sorted(by: >).prefix(3))
    }
}
