import Foundation

/// The messages Gatehouse sends on the owner's behalf, by purpose.
public enum TemplateName: String, CaseIterable, Sendable {
    /// Sent at once for every message: thanks, and when they will hear back.
    case acknowledgement
    /// Sent at once for a message the policy counts as urgent.
    case urgentAcknowledgement = "urgent_acknowledgement"
    /// Sent when someone writes on a channel the business does not answer.
    case channelRedirect = "channel_redirect"
    /// Sent when the business is closed for a while (holidays).
    case closureNotice = "closure_notice"
    /// Sent at once for a message that arrives outside opening hours.
    case afterHoursAcknowledgement = "after_hours_acknowledgement"
    /// Sent at once for an urgent message from a customer without urgent access, when the policy
    /// handles such matters at the next opening.
    case urgentWithoutAccess = "urgent_without_access"
    /// Sent at once for an urgent message from a customer without urgent access, when the policy
    /// offers a paid emergency call-out.
    case urgentCallout = "urgent_callout"
    /// Sent at once for an urgent message from a customer without urgent access, when the policy
    /// refers such matters to a partner.
    case urgentReferral = "urgent_referral"
    /// Sent at once for an urgent message that arrives outside the owner's urgent hours.
    case urgentAfterHours = "urgent_after_hours"
    /// Sent at once for a request outside the services: the owner will follow up with options.
    case outOfScopeAcknowledgement = "out_of_scope_acknowledgement"
    /// The agreed scope, cost, time frame and next step of a job.
    case jobSummary = "job_summary"
    /// Asking whether the customer is comfortable with an extra charge.
    case outOfScope = "out_of_scope"
    /// Pointing the customer to a partner for work the business does not do.
    case referral
    /// A clear, kind no with the reason.
    case decline
    /// The opening line of a time-boxed call.
    case timeBox = "time_box"
    /// The consolidated answer: what will be done, what it costs, when, and the next step.
    case answer
    /// Not now, but at another time the owner offers.
    case anotherTime = "another_time"
    /// Past the plan's monthly allowance: telling the customer kindly about the additional charge.
    case additionalCharge = "additional_charge"
    /// To the owner, at once: a message that is urgent by the policy from someone with urgent access.
    case ownerAlert = "owner_alert"
    /// To the owner: a reply was held because the customer wrote again before it left.
    case heldReplyNotice = "held_reply_notice"
    /// Added to an acknowledgement: help articles that may already answer the message.
    case helpSuggestions = "help_suggestions"
    /// The last paragraph of every acknowledgement mail: the link where the customer sees
    /// where their request stands.
    case statusLink = "status_link"
    /// The out-of-scope note (`{{scope.note}}`) for work the policy refers to a partner.
    case scopeReferral = "scope_referral"
    /// The out-of-scope note for work the business does, but as a paid extra.
    case scopeExtra = "scope_extra"
    /// The out-of-scope note for work a service excludes and no partner takes.
    case scopeNotOffered = "scope_not_offered"
    /// Sent at once when a customer books: what, when, where, the time box and how it will go,
    /// with the calendar invitation and the link to move or cancel it.
    case bookingConfirmation = "booking_confirmation"
    /// Sent at once when a booking is moved (by the customer or the owner), with the new invitation.
    case bookingMoved = "booking_moved"
    /// Sent at once when a booking is cancelled (by the customer or the owner), taking it off their calendar.
    case bookingCancelled = "booking_cancelled"
    /// Sent before a booked appointment, at the times the policy's `booking.reminders` name.
    case bookingReminder = "booking_reminder"
    /// Added to an acknowledgement when the policy's `booking.in_acknowledgement` is on: the
    /// booking page, by a link that knows the customer.
    case bookingLink = "booking_link"
    /// To the owner, at once: a customer booked, moved or cancelled an appointment.
    case ownerBookingNotice = "owner_booking_notice"
}

extension TemplateName {
    /// Whether the message goes to a customer as a whole mail, so it carries the signature:
    /// not the owner's own notices, the help paragraph and the status line added to an
    /// acknowledgement, the out-of-scope notes inside one, or the line that opens a call.
    public var isSigned: Bool {
        ![.ownerAlert, .heldReplyNotice, .ownerBookingNotice, .bookingLink, .helpSuggestions, .timeBox, .statusLink,
          .scopeReferral, .scopeExtra, .scopeNotOffered].contains(self)
    }
}

/// A message text with `{{placeholders}}`, checked against the names Gatehouse fills in.
public struct ReplyTemplate: Sendable, Equatable {
    /// The text as the owner wrote it.
    public var text: String

    /// A piece of a template: literal text or a placeholder to fill.
    public enum Part: Sendable, Equatable {
        case text(String)
        case placeholder(String)
    }

    /// The template split into its parts.
    public let parts: [Part]
    /// The parts of the text reflowed into paragraphs (`Prose.reflow`): what is filled in.
    let flowing: [Part]

    /// Every name Gatehouse can fill into a template.
    public static let knownPlaceholders = [
        "business.name", "business.email", "business.phone", "business.website",
        "customer.name", "customer.first_name", "customer.email",
        "plan.name", "promise", "request.subject", "request.link",
        "urgent.definition", "urgent.route", "urgent.hours", "urgent.meanwhile", "callout.name", "callout.price",
        "channel.name", "channel.redirect",
        "closure.reason", "closure.until", "hours.next_open", "hours.reply_times", "scope.note",
        "scope.term", "scope.is", "scope.is_not", "scope.service", "scope.price",
        "referral.name", "referral.contact",
        "job.title", "job.terms", "job.scope", "job.price", "job.time_frame", "job.next_step", "job.link",
        "change.item", "change.price", "change.time_effect", "change.link",
        "decline.reason", "meeting.length", "meeting.minutes_left", "meeting.until",
        "meeting.next_appointment",
        "month.name", "allowance.total", "allowance.used", "allowance.over", "charge.amount",
        "alert.reasons", "alert.link", "message.text", "customer.contact", "reply.text", "reply.was_due", "desk.link",
        "help.articles",
        "booking.kind", "booking.when", "booking.length", "booking.place", "booking.agenda", "booking.link",
        "booking.change_until", "booking.was", "booking.event",
    ]

    /// A problem inside a template text, at a UTF-16-free position (line and column within the text).
    public struct Problem: Sendable, Equatable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    /// Parses the text; unknown or unterminated placeholders are returned as problems.
    public static func parse(_ text: String) -> (ReplyTemplate, [Problem]) {
        let (parts, problems) = tokenize(text)
        return (ReplyTemplate(text: text, parts: parts, flowing: tokenize(Prose.reflow(text)).parts), problems)
    }

    /// The text's literal pieces and placeholders, with the problems found on the way.
    static func tokenize(_ text: String) -> (parts: [Part], problems: [Problem]) {
        var parts: [Part] = []
        var problems: [Problem] = []
        var literal = ""
        var line = 1
        var column = 1
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("{{") {
                let nameStart = text.index(index, offsetBy: 2)
                guard let close = text[nameStart...].range(of: "}}") else {
                    problems.append(Problem(line: line, column: column,
                                            message: "'{{' is never closed; placeholders are written {{customer.first_name}}"))
                    literal += text[index...]
                    break
                }
                let name = text[nameStart..<close.lowerBound].trimmingSpaces
                if !knownPlaceholders.contains(name) {
                    problems.append(Problem(line: line, column: column,
                        message: "unknown placeholder {{\(name)}}" + Suggestion.clause(for: name, among: knownPlaceholders)))
                }
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                parts.append(.placeholder(name))
                column += text[index..<close.upperBound].unicodeScalars.count
                index = close.upperBound
                continue
            }
            let character = text[index]
            literal.append(character)
            if character == "\n" { line += 1; column = 1 } else { column += character.unicodeScalars.count }
            index = text.index(after: index)
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return (parts, problems)
    }

    private init(text: String, parts: [Part], flowing: [Part]) {
        self.text = text
        self.parts = parts
        self.flowing = flowing
    }

    public static func == (a: ReplyTemplate, b: ReplyTemplate) -> Bool { a.text == b.text }

    /// The text with each placeholder replaced by its value (missing values become empty),
    /// its paragraphs reflowed: a line break the owner typed inside a paragraph is a space,
    /// blank lines separate paragraphs (one, however many were typed). Values keep their
    /// own lines (a customer's message, a list of links). Brackets that hold only values
    /// that came out empty are left out with them: `{{referral.name}} ({{referral.contact}})`
    /// reads "Reliable Gutters" for a partner without a contact, never "Reliable Gutters ()".
    public func render(_ values: [String: String]) -> String {
        var pieces = flowing.map { part -> (text: String, isEmptyValue: Bool?) in
            switch part {
            case .text(let text): (text, nil)
            case .placeholder(let name):
                (values[name] ?? "", (values[name] ?? "").allSatisfy { $0 == " " || $0 == "\t" })
            }
        }
        for open in pieces.indices where pieces[open].isEmptyValue == nil && pieces[open].text.hasSuffix("(") {
            // What follows the bracket up to its close: empty values, and between them only separators.
            var close = open + 1
            var holdsValue = false
            while close < pieces.count {
                let piece = pieces[close]
                if piece.isEmptyValue == true { holdsValue = true; close += 1; continue }
                if piece.isEmptyValue == nil, !piece.text.hasPrefix(")"),
                   !piece.text.contains(where: { $0.isLetter || $0.isNumber || "()\n".contains($0) }) {
                    close += 1
                    continue
                }
                break
            }
            guard holdsValue, close < pieces.count, pieces[close].isEmptyValue == nil,
                  pieces[close].text.hasPrefix(")") else { continue }
            var before = pieces[open].text.dropLast()
            while before.last == " " { before = before.dropLast() }
            pieces[open].text = String(before)
            for index in open + 1 ..< close { pieces[index].text = "" }
            pieces[close].text = String(pieces[close].text.dropFirst())
        }
        return Prose.tidy(pieces.map(\.text).joined())
    }

    /// The kind default for a template the owner has not written.
    public static func defaultTemplate(_ name: TemplateName) -> ReplyTemplate {
        parsedDefaults[name] ?? parse(defaults[name]!).0
    }

    /// The defaults parsed once (every acknowledgement of a policy without its own template uses one).
    static let parsedDefaults: [TemplateName: ReplyTemplate] = defaults.mapValues { parse($0).0 }

    static let defaults: [TemplateName: String] = [
        .acknowledgement: """
            Hi {{customer.first_name}},

            Thank you for your message — it has arrived safely. I answer messages at set times so that \
            every customer gets my full attention, and you will hear from me by {{promise}}.

            If this is urgent ({{urgent.definition}}), please {{urgent.route}}.

            {{business.name}}
            """,
        .urgentAcknowledgement: """
            Hi {{customer.first_name}},

            Thank you — I can see this is urgent and it is at the top of my list. You will hear from me by \
            {{promise}}. If things get worse in the meantime, please {{urgent.route}}.

            {{business.name}}
            """,
        .channelRedirect: """
            Hi {{customer.first_name}},

            Thanks for getting in touch. I can't take requests by {{channel.name}} — so that nothing gets lost: \
            {{channel.redirect}}

            {{business.name}}
            """,
        .closureNotice: """
            Hi {{customer.first_name}},

            Thank you for your message. We are closed ({{closure.reason}}) until {{closure.until}}, and you \
            will hear from me by {{promise}}. If this is urgent, please {{urgent.route}}.

            {{business.name}}
            """,
        .afterHoursAcknowledgement: """
            Hi {{customer.first_name}},

            Thank you for your message — it has arrived safely. We are closed right now and open again \
            {{hours.next_open}}; you will hear from me by {{promise}}.

            If this is urgent ({{urgent.definition}}), please {{urgent.route}}.

            {{business.name}}
            """,
        .urgentWithoutAccess: """
            Hi {{customer.first_name}},

            Thank you for letting me know — I'm sorry you're dealing with this. I can't promise to come straight \
            away, but your message is first in my next reply round and you will hear from me by {{promise}}. If you \
            can't wait, {{urgent.route}} and we'll see what can be done.

            {{business.name}}
            """,
        .urgentCallout: """
            Hi {{customer.first_name}},

            I'm sorry you're dealing with this. I have been alerted, and I can help straight away as an emergency \
            call-out, which is {{callout.price}}. Please {{urgent.route}} now, or reply to this message and you will \
            hear from me by {{promise}}.

            {{business.name}}
            """,
        .urgentReferral: """
            Hi {{customer.first_name}},

            I'm sorry you're dealing with this. I can't take urgent call-outs, but {{referral.name}} can help you \
            straight away ({{referral.contact}}). I'll also get back to you by {{promise}}.

            {{business.name}}
            """,
        .urgentAfterHours: """
            Hi {{customer.first_name}},

            Thank you — I can see this is urgent. I take urgent matters {{urgent.hours}}, so I will see your \
            message when they start again, and you will hear from me by {{promise}}. {{urgent.meanwhile}}

            {{business.name}}
            """,
        .outOfScopeAcknowledgement: """
            Hi {{customer.first_name}},

            Thank you for your message. {{scope.note}} I'll come back to you with options by {{promise}}.

            {{business.name}}
            """,
        .jobSummary: """
            Hi {{customer.first_name}},

            Here is {{job.terms}} for {{job.title}}, so we both have it in one place.

            What's included: {{job.scope}}
            Cost: {{job.price}}
            Time frame: {{job.time_frame}}
            Next step: {{job.next_step}}

            If this looks right, please confirm here: {{job.link}}

            {{business.name}}
            """,
        .outOfScope: """
            Hi {{customer.first_name}},

            Happy to help with {{change.item}}. It is outside of what we originally agreed, so it would be an \
            additional {{change.price}} ({{change.time_effect}}). Would you be comfortable with that? You can \
            accept or decline here: {{change.link}}

            {{business.name}}
            """,
        .referral: """
            Hi {{customer.first_name}},

            Thank you for thinking of me. This isn't something I do, but {{referral.name}} does it well — \
            you can reach them at {{referral.contact}}.

            {{business.name}}
            """,
        .decline: """
            Hi {{customer.first_name}},

            Thank you for asking. I'm not able to take this on: {{decline.reason}} I hope you find the right \
            person for it.

            {{business.name}}
            """,
        .answer: """
            Hi {{customer.first_name}},

            Thank you for your message about {{request.subject}}. Here is everything in one place:

            What I'll do: [the work]
            What it costs: [the price]
            When: [the day and time]
            Next step: [what happens next, and who does it]

            {{business.name}}
            """,
        .anotherTime: """
            Hi {{customer.first_name}},

            Thank you for asking. I can't fit this in right now, but I could do it [when]. Would that work for you?

            {{business.name}}
            """,
        .timeBox: "I have {{meeting.minutes_left}} minutes {{meeting.until}}, so let's make the most of them.",
        .additionalCharge: """
            Hi {{customer.first_name}},

            Thank you for the work we did together in {{month.name}}. Your {{plan.name}} plan includes \
            {{allowance.total}} of my time each month; we spent {{allowance.used}}, which is {{allowance.over}} \
            more than the plan covers.

            I'm glad I could help. For the extra time I'll add {{charge.amount}} to this month's bill. If you'd \
            rather talk it over, or look at a plan that fits better, just reply to this email.

            {{business.name}}
            """,
        .ownerAlert: """
            Urgent by your policy:

            {{alert.reasons}}

            From {{customer.name}} <{{customer.contact}}>:

            {{message.text}}

            Tap when you have it, so they know help is on the way: {{alert.link}}
            """,
        .helpSuggestions: """
            While you wait — these may already answer it:

            {{help.articles}}

            If one of them solved it, open the link in brackets under it and I'll close your request. If not, \
            there is nothing to do: you'll hear from me as promised.
            """,
        .statusLink: "You can see where your request stands at any time: {{request.link}}",
        .scopeReferral: """
            {{scope.term}} {{scope.is_not}} something I do myself, but {{referral.name}} ({{referral.contact}}) \
            does it well.
            """,
        .scopeExtra: "{{scope.term}} would be extra work ({{scope.service}}, {{scope.price}}).",
        .scopeNotOffered: "{{scope.term}} {{scope.is_not}} part of what I offer.",
        .heldReplyNotice: """
            {{customer.name}} wrote again before your reply left, so the reply is held: it will not go out until you say.

            Your reply, which was to go {{reply.was_due}}:

            {{reply.text}}

            Read their new message in the conversation "{{request.subject}}", then release the reply if it still \
            fits (it goes in the next response window), send it now, or cancel it and write another:

            {{desk.link}}

            """,
        .bookingConfirmation: """
            Hi {{customer.first_name}},

            You're booked: {{booking.kind}}, {{booking.when}}, {{booking.place}}.

            We have {{booking.length}}, and here is how it will go: I'll be on time and ready with what you told me \
            you'd like to cover; we go through it together, and before the time is up we agree the next step. If we \
            need longer, we book another time rather than run over.

            The invitation is attached, so you can add it to your calendar. If you need to move or cancel it, you \
            can do that here until {{booking.change_until}}: {{booking.link}}

            {{business.name}}
            """,
        .bookingMoved: """
            Hi {{customer.first_name}},

            Your {{booking.kind}} has moved from {{booking.was}} to {{booking.when}}, {{booking.place}}. The \
            attached invitation updates your calendar.

            We still have {{booking.length}}. To move or cancel it again, you can do that here until \
            {{booking.change_until}}: {{booking.link}}

            {{business.name}}
            """,
        .bookingCancelled: """
            Hi {{customer.first_name}},

            Your {{booking.kind}} for {{booking.when}} is cancelled; the attached update takes it off your calendar.

            If you'd like another time, you can book one whenever suits you, or just reply to this email.

            {{business.name}}
            """,
        .bookingReminder: """
            Hi {{customer.first_name}},

            A reminder of your {{booking.kind}}, {{booking.when}}, {{booking.place}}. We have {{booking.length}}.

            If something has come up, you can move or cancel it here until {{booking.change_until}}: {{booking.link}}

            {{business.name}}
            """,
        .bookingLink: "If it would be easier to talk it through, you can book a time with me here: {{booking.link}}",
        .ownerBookingNotice: """
            {{customer.name}} <{{customer.contact}}> {{booking.event}}: {{booking.kind}}, {{booking.when}}, \
            {{booking.place}}.

            What they would like to cover:

            {{booking.agenda}}

            It is on your Appointments page and in your calendar feed: {{desk.link}}
            """,
    ]
}
