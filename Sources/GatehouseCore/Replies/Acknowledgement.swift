/// What the desk knows about a message when it decides how to acknowledge it.
public struct AcknowledgementFacts: Sendable {
    public var channel: Channel
    /// When it arrived, and when the sender wrote it (its Date header).
    public var received: Instant
    public var sent: Instant
    /// Why it is automatic mail (an auto-reply, a bounce, a list), or nil for a person's message.
    public var automaticReason: String?
    /// One of Gatehouse's own messages coming back.
    public var isOwnMessage: Bool
    /// When this customer was last sent an acknowledgement.
    public var lastAcknowledgedAt: Instant?
    /// What happens to it when it is urgent by the owner's definition; nil when it is not urgent.
    public var urgent: UrgentHandling?
    /// For a request outside the services: why, which the note in the acknowledgement says
    /// in the owner's words (`ScopeNote`).
    public var outOfScope: OutOfScope?
    public var plan: Plan
    public var customerName: String
    public var customerEmail: String?
    public var subject: String
    /// The customer's link to the status of their request.
    public var statusLink: String
    /// Old mail taken in when the owner connected a mailbox (adoption): never answered, no promise.
    public var adopted: Bool
    /// The answer the conversation already owes the customer (the ledger's open promise), if any.
    public var standingPromise: Instant?

    public init(channel: Channel, received: Instant, sent: Instant, automaticReason: String?, isOwnMessage: Bool,
                lastAcknowledgedAt: Instant?, urgent: UrgentHandling?, outOfScope: OutOfScope?, plan: Plan,
                customerName: String, customerEmail: String?, subject: String, statusLink: String, adopted: Bool = false,
                standingPromise: Instant? = nil) {
        self.adopted = adopted
        self.standingPromise = standingPromise
        self.channel = channel
        self.received = received
        self.sent = sent
        self.automaticReason = automaticReason
        self.isOwnMessage = isOwnMessage
        self.lastAcknowledgedAt = lastAcknowledgedAt
        self.urgent = urgent
        self.outOfScope = outOfScope
        self.plan = plan
        self.customerName = customerName
        self.customerEmail = customerEmail
        self.subject = subject
        self.statusLink = statusLink
    }
}

/// How the desk answers a message at once: which kind words, with the honest promise —
/// or why it stays silent.
public struct Acknowledgement: Sendable, Equatable {
    /// The template used, or nil when nothing is sent.
    public var template: TemplateName?
    /// The message text, filled in.
    public var text: String
    /// When the customer will hear back; nil when the plan makes no promise the calendar can keep.
    public var promise: Promise?
    /// Why this answer (or none), in plain words.
    public var reasons: [String]
    /// The values its template was filled with, for the paragraphs the mail adds (the status line).
    var values: [String: String] = [:]

    /// Whether anything is sent.
    public var isSent: Bool { template != nil }

    /// Decides the acknowledgement for a message.
    ///
    /// Silent for automatic mail, for Gatehouse's own messages coming back, for old mail being
    /// imported (written more than three days before it arrived), and when the
    /// customer was acknowledged less than `interval` ago (so two robots never talk to each
    /// other). Otherwise, in order: a channel the policy does not accept gets its redirect;
    /// urgent messages are told what happens next by the policy's rule for them (the urgent
    /// promise and, outside the urgent hours, when the owner will see it; the emergency call-out
    /// and its price; the partner; or the next opening — never a word about a plan);
    /// out-of-scope requests are told the owner will follow up with options; a closure day gets
    /// the closure notice; after hours says when the business opens; else the usual thanks.
    public static func decide(_ facts: AcknowledgementFacts, policy: Policy, calendar: BusinessCalendar,
                              interval: TimeSpan) -> Acknowledgement {
        var promise = facts.urgent?.alertsOwner == true
            ? calendar.urgentPromise(received: facts.received, respondWithin: policy.urgent.respondWithin, plan: facts.plan)
            : calendar.promise(received: facts.received, plan: facts.plan)
        // A customer still waiting is told the answer already owed, never a later one (the ledger's rule).
        if case .restate(let due) = PromiseLedger.customerWrote(open: facts.standingPromise, new: promise?.due,
                                                                  now: facts.received),
           due != promise?.due {
            promise = Promise(due: due, deadline: due, window: nil,
                              reasons: [PromiseLedger.Step.restate(due: due).reason ?? ""])
        }
        if facts.adopted {
            return silent("no acknowledgement and no promise: this mail was already in the mailbox when it was connected, "
                          + "so it is filed as history, not as a request waiting for an answer", nil)
        }
        // Nobody waits for an answer to a robot: no acknowledgement and no promise, so the owner
        // is never asked to answer an auto-reply or a bounce (and one never opens a promise to break).
        if let automatic = facts.automaticReason {
            return silent("no acknowledgement and no promise: this is automatic mail (\(automatic)), and robots must not "
                          + "answer robots", nil)
        }
        if facts.isOwnMessage {
            return silent("no acknowledgement and no promise: this is one of Gatehouse's own messages coming back", nil)
        }
        if facts.received - facts.sent > staleAfter {
            return silent("no acknowledgement: it was written \(calendar.spoken(facts.sent)), long before it arrived "
                          + "(an import of old mail), so thanking the sender now would only confuse them", promise)
        }
        if let last = facts.lastAcknowledgedAt, facts.received - last < interval, facts.received >= last {
            return silent("no acknowledgement: this customer was already sent one at \(calendar.spoken(last)), "
                          + "and gets at most one every \(interval.spokenDescription)", promise)
        }

        var values = templateValues(facts, policy: policy, calendar: calendar, promise: promise)
        let rule = policy.channels[facts.channel]
        let template: TemplateName
        var reasons: [String]
        let local = calendar.localTime(of: facts.received)
        if rule.status == .notAccepted {
            template = .channelRedirect
            reasons = ["the policy does not accept \(facts.channel.displayName), so the customer is told where to write instead; "
                       + "the message is kept all the same"]
        } else if let handling = facts.urgent {
            (template, reasons) = urgentTemplate(handling, facts: facts, policy: policy, calendar: calendar,
                                                 values: &values)
        } else if let reason = facts.outOfScope {
            template = .outOfScopeAcknowledgement
            values["scope.note"] = ScopeNote.write(reason, policy: policy, values: values)
            reasons = ["outside the services: the customer is told the owner will follow up with options, in the words of "
                       + "\(ScopeNote.template(for: reason).rawValue)"]
        } else if let closure = calendar.closure(on: local.date) {
            template = .closureNotice
            if case .closed(let reason) = closure.kind { values["closure.reason"] = reason ?? "closed" } else {
                values["closure.reason"] = "special hours"
            }
            values["closure.until"] = calendar.nextOpening(atOrAfter: facts.received).map(calendar.spoken) ?? "further notice"
            reasons = ["it arrived on a closure day (\(local.date)), so the customer is told when the business is back"]
        } else if !calendar.isOpen(at: facts.received) {
            template = .afterHoursAcknowledgement
            reasons = ["it arrived outside opening hours, so the customer is told when the business opens again"]
        } else {
            template = .acknowledgement
            reasons = ["a message on an accepted channel gets an acknowledgement with the promise"]
        }
        if let promise {
            reasons.append("promise: \(calendar.spoken(promise.due))")
            reasons.append(contentsOf: promise.reasons)
        }
        // The owner's own acknowledgement speaks for the variants they have not written themselves.
        let owned = policy.templates[template]
            ?? (template == .afterHoursAcknowledgement ? policy.templates[.acknowledgement] : nil)
        let text = policy.message(owned ?? policy.template(template), template, values)
        return Acknowledgement(template: template, text: text, promise: promise, reasons: reasons, values: values)
    }

    /// The acknowledgement of an urgent matter, by what happens to it.
    static func urgentTemplate(_ handling: UrgentHandling, facts: AcknowledgementFacts, policy: Policy,
                               calendar: BusinessCalendar, values: inout [String: String]) -> (TemplateName, [String]) {
        if handling.alertsOwner, policy.urgent.respondWithin != nil, !calendar.urgentCalendar.isOpen(at: facts.received) {
            return (.urgentAfterHours, ["urgent, but outside the urgent hours (\(calendar.spokenUrgentHours)): the customer is "
                                        + "told honestly when the owner will see it and what to do meanwhile"])
        }
        switch handling {
        case .included:
            return (.urgentAcknowledgement, ["urgent by the policy, and the \(facts.plan.name) plan includes urgent access"])
        case .callout(let service):
            values["callout.name"] = service.name
            values["callout.price"] = spokenPrice(service.price, policy: policy)
            return (.urgentCallout, ["urgent by the policy: the customer is offered the \(service.name) with its price"])
        case .referral(let partner, let contact):
            values["referral.name"] = partner
            values["referral.contact"] = contact ?? ""
            return (.urgentReferral, ["urgent by the policy: the customer is pointed to \(partner) for urgent help"])
        case .nextOpening:
            return (.urgentWithoutAccess, ["urgent by the policy, without urgent access: the customer is told kindly that "
                                           + "the message is first at the next opening"])
        }
    }

    /// "$180 per visit", "priced on quote": a call-out's (or a service's) price as the customer reads it.
    static func spokenPrice(_ price: Price, policy: Policy) -> String {
        switch price {
        case .quote: "priced on quote"
        case .amount(let cents, let unit): policy.business.price(cents) + (unit.map { " per \($0)" } ?? "")
        }
    }

    /// Mail written this long before it arrives is old mail being imported, not a live request.
    public static let staleAfter = TimeSpan.hours(72)

    /// No acknowledgement, for this reason.
    public static func silent(_ reason: String, _ promise: Promise?) -> Acknowledgement {
        Acknowledgement(template: nil, text: "", promise: promise, reasons: [reason])
    }

    /// The value of every `{{name}}` the acknowledgements may use, from the facts and the policy.
    static func templateValues(_ facts: AcknowledgementFacts, policy: Policy, calendar: BusinessCalendar,
                                  promise: Promise?) -> [String: String] {
        let business = policy.business
        let firstName = facts.customerName.split(separator: " ").first.map(String.init) ?? facts.customerName
        var values: [String: String] = [
            "business.name": business.name,
            "business.email": business.email ?? "",
            "business.phone": business.phone ?? "",
            "business.website": business.website ?? "",
            "customer.name": facts.customerName,
            // A sender known only by an address or a number is greeted as "there", not "Hi +1312…".
            "customer.first_name": firstName.contains("@") || firstName.first.map { $0 == "+" || $0.isNumber } == true
                ? "there" : firstName,
            "customer.email": facts.customerEmail ?? "",
            "plan.name": facts.plan.name,
            "promise": promise.map { calendar.spoken($0.due) } ?? "as soon as I can",
            // Quoted as the customer wrote it: "about “Invoice”", never "about Invoice".
            "request.subject": Grammar.quotedSubject(facts.subject),
            "request.link": facts.statusLink,
            "urgent.definition": policy.urgent.definition ?? policy.urgent.signs.joined(separator: ", "),
            "urgent.route": urgentRoute(policy),
            "channel.name": facts.channel.displayName,
            "channel.redirect": policy.channels[facts.channel].redirect ?? "",
            "hours.next_open": calendar.nextOpening(atOrAfter: facts.received).map(calendar.spoken) ?? "soon",
            // The response windows in the business's style: "10:30 AM and 3:30 PM".
            "hours.reply_times": policy.business.locale.list(policy.responseWindows.starts.map(policy.business.locale.time)),
            "urgent.hours": calendar.spokenUrgentHours,
            "urgent.meanwhile": policy.urgent.meanwhile ?? "If anyone is in danger, please call your local emergency number now.",
        ]
        if values["urgent.definition"] == "" { values["urgent.definition"] = "something that cannot wait" }
        return values
    }

    /// How to reach the owner when it is truly urgent, as words after "please".
    public static func urgentRoute(_ policy: Policy) -> String {
        switch policy.urgent.reachBy {
        case .phone?, .sms?:
            if let phone = policy.business.phone {
                return policy.urgent.reachBy == .sms ? "text \(phone)" : "call \(phone)"
            }
        case .email?:
            if let email = policy.business.email { return "email \(email) with \"urgent\" in the subject" }
        default:
            break
        }
        if let phone = policy.business.phone { return "call \(phone)" }
        return "reply to this message and say it is urgent"
    }
}

extension Acknowledgement {
    /// The acknowledgement as it is mailed: its words, the help paragraph when there is one,
    /// the line with the status link (the policy's `status_link`, filled like the
    /// acknowledgement, with `statusLink` as `{{request.link}}`), and then — last, once — the
    /// policy's signature. A status line that comes out empty is left out.
    public func mailText(help: String?, statusLink: String, bookingLink: String? = nil, policy: Policy) -> String {
        var values = values
        values["request.link"] = statusLink
        let statusLine = policy.message(.statusLink, values)
        var bookingLine = ""
        if let bookingLink {
            values["booking.link"] = bookingLink
            bookingLine = policy.message(.bookingLink, values)
        }
        return policy.signature.signing(text + (help.map { "\n\n" + $0 } ?? "")
                                        + (bookingLine.isEmpty ? "" : "\n\n" + bookingLine)
                                        + (statusLine.isEmpty ? "" : "\n\n" + statusLine)) + "\n"
    }
}
